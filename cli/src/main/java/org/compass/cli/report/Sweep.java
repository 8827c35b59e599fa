package org.compass.cli.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.compass.model.hardware.Hardware;
import org.compass.model.mapping.LayerTooLargeException;
import org.compass.model.InputException;
import org.compass.model.problem.Problem;
import org.compass.solver.FormulationRegistry;
import org.compass.solver.SolveRequest;
import org.compass.solver.SolveResult;

/**
 * A sweep of one problem setting (batch size or core count): the optimum and both baselines solved at
 * every value, each with the problem's objective.
 *
 * @param parameter "batch" or "cores"
 * @param values    the values, in the order given
 * @param results   per value, the result of each formulation by name (no entry where the chip cannot hold
 *                  a layer's column tile at that core count)
 */
public record Sweep(String parameter, List<Integer> values, List<Map<String, SolveResult>> results) {

    /** The formulations a sweep compares: the optimum first, then the paper's baselines. */
    public static final List<String> FORMULATIONS = List.of("dp", "greedy", "layerwise");

    /**
     * Parses {@code batch=1,2,4,...,64} or {@code cores=8,16,32}. An ellipsis continues the progression
     * of the values before it (geometric when they grow by a whole factor, else arithmetic) up to the value
     * after it.
     */
    public static Spec parse(String text) {
        String expected = "batch=N,N,... or cores=N,N,... with positive integers (e.g. batch=1,2,4,...,64)";
        int eq = text.indexOf('=');
        if (eq < 0) {
            throw InputException.field("--sweep", "sweep", expected, text);
        }
        String parameter = text.substring(0, eq).trim();
        if (!parameter.equals("batch") && !parameter.equals("cores")) {
            throw InputException.field("--sweep", "sweep", expected, text);
        }
        List<Integer> values = new ArrayList<>();
        String[] items = text.substring(eq + 1).split(",");
        for (int i = 0; i < items.length; i++) {
            String item = items[i].trim();
            if (item.equals("...")) {
                if (values.size() < 2 || i + 1 >= items.length) {
                    throw InputException.field("--sweep", "sweep", "two values before '...' and one after it", text);
                }
                int a = values.get(values.size() - 2);
                int b = values.get(values.size() - 1);
                int last = number(items[i + 1].trim(), text, expected);
                // a whole ratio continues geometrically (1,2,... doubles), as batch and core sweeps mean
                boolean geometric = b > a && b % a == 0;
                if (b <= a) {
                    throw InputException.field("--sweep", "sweep", "increasing values around '...'", text);
                }
                long next = geometric ? (long) b * (b / a) : (long) b + (b - a);
                while (next < last) {
                    if (values.size() >= 32) {
                        throw InputException.field("--sweep", "sweep", "1 to 32 values", text);
                    }
                    values.add((int) next);
                    next = geometric ? next * (b / a) : next + (b - a);
                }
                continue;
            }
            values.add(number(item, text, expected));
        }
        if (values.isEmpty() || values.size() > 32) {
            throw InputException.field("--sweep", "sweep", "1 to 32 values", text);
        }
        return new Spec(parameter, List.copyOf(values));
    }

    private static int number(String item, String text, String expected) {
        try {
            int v = Integer.parseInt(item);
            if (v <= 0) {
                throw InputException.field("--sweep", "sweep", expected, text);
            }
            return v;
        } catch (NumberFormatException e) {
            throw InputException.field("--sweep", "sweep", expected, text);
        }
    }

    /**
     * What to sweep.
     *
     * @param parameter "batch" or "cores"
     * @param values    the values
     */
    public record Spec(String parameter, List<Integer> values) {
    }

    /** Solves the problem at every value of the spec with the optimum and both baselines. */
    public static Sweep run(Problem problem, Spec spec, FormulationRegistry registry) {
        List<Map<String, SolveResult>> results = new ArrayList<>();
        for (int v : spec.values()) {
            Map<String, SolveResult> row = new LinkedHashMap<>();
            Problem p;
            try {
                p = at(problem, spec.parameter(), v);
            } catch (LayerTooLargeException e) {
                results.add(row);
                continue;
            }
            for (String f : FORMULATIONS) {
                registry.find(f).ifPresent(form -> row.put(f, form.solve(SolveRequest.of(p))));
            }
            results.add(row);
        }
        return new Sweep(spec.parameter(), spec.values(), results);
    }

    /** The problem with the swept setting changed (static power scaled with the core count). */
    static Problem at(Problem problem, String parameter, int value) {
        if (parameter.equals("batch")) {
            return problem.withBatch(value);
        }
        Hardware h = problem.hardware();
        // the preset's static power is the whole chip's, so it scales with the cores kept powered
        double staticWatts = h.staticWatts() * value / h.cores();
        Hardware changed = h.withCores(h.name() + " with " + value + " cores", value, staticWatts);
        return problem.withHardware(changed);
    }
}
