package org.compass.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.compass.cli.format.Units;
import org.compass.cli.json.Json;
import org.compass.formulations.StandardFormulations;
import org.compass.formulations.dp.DpFormulation;
import org.compass.formulations.dp.ParetoLabels;
import org.compass.formulations.graph.LifetimeFloor;
import org.compass.formulations.path.AbstractPathFormulation;
import org.compass.formulations.path.ParetoSweep;
import org.compass.formulations.graph.PartitionGraph;
import org.compass.model.InputException;
import org.compass.model.problem.Problem;
import org.compass.solver.ProblemFile;
import org.compass.model.problem.SearchSpace;
import org.compass.solver.cost.CostModel;
import org.compass.solver.cost.Evaluation;
import org.compass.solver.plan.Partition;
import org.compass.solver.Formulation;
import org.compass.solver.plan.Plan;
import org.compass.solver.SolveRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code compass-solve pareto FILE}: the exact latency-energy Pareto front (every plan that no other plan
 * beats in both latency and energy): by default of contiguous plans from the DP's Pareto labels, with
 * {@code --formulation cpsat|mip} from their epsilon-constraint sweep, in either space. Ctrl-C (or SIGTERM)
 * stops the computation: the points found so far are printed, marked NOT complete, and the exit code is 130
 * (143).
 */
@Command(name = "pareto", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Prints the exact latency-energy Pareto front (dp: contiguous plans; cpsat, mip: either space).")
final class ParetoCommand implements Callable<Integer> {

    @ParentCommand
    CompassSolve parent;

    @Mixin
    ProblemFileMixin input;

    @Mixin
    ProblemOptions options;

    @Option(names = "--csv", description = "Print the front as CSV (latency_s, energy_j, edp_js, partitions, boundaries).")
    boolean csv;

    /** One front point as printed. */
    private record Point(double seconds, double joules, int partitions, Plan plan) {
    }

    @Override
    public Integer call() {
        ProblemFile pf = options.load(input.file, parent.progress());
        options.refuseResident(pf, "pareto", "the front is searched without resident weights yet");
        Problem problem = pf.problem();
        String name = options.formulation == null ? "dp" : options.formulation.trim().toLowerCase(Locale.ROOT);
        options.checkBackend(pf, name, parent.err());
        long start = System.nanoTime();
        // from here on Ctrl-C stops the front's computation and prints the points found so far
        Interrupts interrupts = parent.interrupts();
        interrupts.stopOnSignal();
        List<Point> front = new ArrayList<>();
        String method;
        SearchSpace space = pf.settings().space();
        if (name.equals("dp")) {
            if (options.space != null && space != SearchSpace.CONTIGUOUS) {
                throw new InputException("--space " + space.label() + ": the dp Pareto front covers the contiguous space only;"
                        + " use --formulation cpsat or mip for the " + space.label() + " space");
            }
            space = SearchSpace.CONTIGUOUS;
            if (problem.hasLifetimeLimit() && !LifetimeFloor.alwaysMet(problem)) {
                parent.progress().println("pareto: dp labels in latency, energy and slack under the lifetime floor over "
                        + Units.count(problem.graph().size(), "unit") + " (up to the time limit, " + Units.seconds(pf.settings().limits().seconds())
                        + ")...");
                parent.progress().flush();
                List<Plan> found = DpFormulation.paretoFrontUnderFloor(problem,
                        start + (long) Math.min(pf.settings().limits().seconds() * 1e9, Long.MAX_VALUE / 4.0));
                List<Plan> plans = found == null ? List.of() : found;
                CostModel cm = new CostModel(problem);
                for (Plan plan : plans) {
                    Evaluation e = cm.evaluate(plan);
                    front.add(new Point(e.latencySeconds(), e.energyJoules(), plan.size(), plan));
                }
                LifetimeFloor floor = LifetimeFloor.of(problem);
                method = (found == null ? "NOT complete: the time limit passed before the labels reached the last unit"
                        : DpFormulation.floorSearchExact(problem) ? "exact" : "NOT proven complete (" + floor.notProvenBest() + ")")
                        + " (dynamic program over (latency, energy, lifetime slack) labels; every plan lasts at least "
                        + LifetimeFloor.years(problem.minLifetimeSeconds()) + ")";
                if (found != null && plans.isEmpty()) {
                    parent.progress().println("pareto: no plan meets the lifetime floor");
                }
            } else {
                parent.progress().println("pareto: dp labels over " + Units.count(problem.graph().size(), "unit") + " (Ctrl-C prints the"
                        + " points found so far)...");
                parent.progress().flush();
                ParetoLabels.Front dp = ParetoLabels.paretoFront(problem, interrupts.token());
                for (ParetoLabels.Label l : dp.labels()) {
                    front.add(new Point(l.seconds(), l.joules(), l.partitions(), l.plan()));
                }
                method = dp.stopped() != null ? "NOT complete (dynamic program over (latency, energy) labels, "
                        + dp.stopped() + ")"
                        : dp.proven() ? "exact (dynamic program over (latency, energy) labels)"
                        : "NOT proven complete (dynamic program over (latency, energy) labels; a cost model v2 "
                        + "replication search stopped at its node budget)";
            }
        } else {
            Formulation f = StandardFormulations.registry().find(name).orElseThrow();
            if (!(f instanceof AbstractPathFormulation pathModel)) {
                throw new InputException("--formulation " + name + ": the Pareto front comes from dp, cpsat or mip");
            }
            SolveRequest request = SolveRequest.of(problem).withSpace(space).withLimits(pf.settings().limits())
                    .withBackend(pf.settings().backend()).withCancellation(interrupts.token());
            parent.progress().println("pareto: epsilon-constraint sweep with " + name + " over the " + space.label()
                    + " space (Ctrl-C prints the points found so far)...");
            parent.progress().flush();
            ParetoSweep.Front sweep;
            try {
                sweep = pathModel.paretoFront(request);
            } catch (PartitionGraph.TooLargeException e) {
                throw new InputException(name + ": enumeration of the " + space.label() + " space stopped: "
                        + e.getMessage());
            }
            for (ParetoSweep.Point p : sweep.points()) {
                front.add(new Point(p.evaluation().latencySeconds(), p.evaluation().energyJoules(),
                        p.plan().partitions().size(), p.plan()));
            }
            method = (sweep.exact() ? "exact" : "NOT proven complete (" + sweep.message() + ")")
                    + " (epsilon-constraint sweep with " + name + ", " + sweep.solves() + " solves"
                    + (problem.hasLifetimeLimit() ? "; every plan lasts at least "
                    + LifetimeFloor.years(problem.minLifetimeSeconds()) : "") + ")";
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        front.sort(Comparator.comparingDouble(Point::seconds));
        PrintWriter out = parent.out();
        if (csv) {
            out.println("latency_s,energy_j,edp_js,throughput_ips,partitions,boundaries");
            for (Point l : front) {
                out.printf(Locale.ROOT, "%s,%s,%s,%s,%d,%s%n", Json.plainNumber(l.seconds()),
                        Json.plainNumber(l.joules()), Json.plainNumber(l.seconds() * l.joules()),
                        Json.plainNumber(problem.batch() / l.seconds()), l.partitions(), boundaries(l.plan()));
            }
            out.flush();
            return exit(interrupts);
        }
        int minEdp = 0;
        for (int i = 0; i < front.size(); i++) {
            Point a = front.get(i);
            Point b = front.get(minEdp);
            if (a.seconds() * a.joules() < b.seconds() * b.joules()) {
                minEdp = i;
            }
        }
        out.printf("%s: %s on %s, batch %d, %s pipeline%n", input.file, problem.network().name(),
                problem.hardware().name(), problem.batch(), problem.pipeline().label());
        out.printf("Pareto front of %s plans: %s, %s in %s%n%n", space.label(), Units.count(front.size(), "point"), method,
                Units.seconds(seconds));
        TextTable t = new TextTable("#", "latency", "throughput/s", "energy", "EDP (J s)", "partitions", "note");
        int decimals = distinctDecimals(front);
        for (int i = 0; i < front.size(); i++) {
            Point l = front.get(i);
            String note = i == 0 ? "least latency" : i == front.size() - 1 ? "least energy" : "";
            if (i == minEdp) {
                note = note.isEmpty() ? "least EDP" : note + ", least EDP";
            }
            t.row(i, Units.si(l.seconds(), "s", decimals), Units.number(problem.batch() / l.seconds()),
                    Units.si(l.joules(), "J", decimals), Units.number(l.seconds() * l.joules()), l.partitions(), note);
        }
        out.print(t.render());
        out.flush();
        return exit(interrupts);
    }

    /**
     * The fewest decimals, from 3 to 9, at which no two neighbours of the front print the same latency and energy
     * (points of the front differ, but often by less than 0.1%).
     */
    private static int distinctDecimals(List<Point> front) {
        for (int d = 3; d < 9; d++) {
            boolean distinct = true;
            for (int i = 1; i < front.size() && distinct; i++) {
                Point a = front.get(i - 1);
                Point b = front.get(i);
                distinct = !(Units.si(a.seconds(), "s", d).equals(Units.si(b.seconds(), "s", d))
                        && Units.si(a.joules(), "J", d).equals(Units.si(b.joules(), "J", d)));
            }
            if (distinct) {
                return d;
            }
        }
        return 9;
    }

    /** After a signal, a note on standard error and 128 + its number; otherwise 0. */
    private int exit(Interrupts interrupts) {
        if (!interrupts.interrupted()) {
            return ExitCodes.OK;
        }
        parent.err().println("pareto: " + interrupts.token().reason() + "; the points above are those found so"
                + " far, not the whole front");
        parent.err().flush();
        return interrupts.exitCode();
    }

    /** Partition start units joined by ';'. */
    static String boundaries(Plan plan) {
        StringBuilder sb = new StringBuilder();
        for (Partition p : plan.partitions()) {
            if (sb.length() > 0) {
                sb.append(';');
            }
            sb.append(p.units().get(0));
        }
        return sb.toString();
    }
}
