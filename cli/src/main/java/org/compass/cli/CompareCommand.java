package org.compass.cli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.compass.cli.format.Units;
import org.compass.model.InputException;
import org.compass.model.problem.Problem;
import org.compass.solver.ProblemFile;
import org.compass.model.problem.SearchSpace;
import org.compass.solver.Formulation;
import org.compass.solver.SolveRequest;
import org.compass.solver.SolveResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code compass-solve compare FILE}: runs every formulation (and the baselines) in every space it searches
 * on one problem and prints one row each, with the DP of the same space as the reference. The export files are
 * checked before anything is solved ({@link ModelExports}); Ctrl-C (or SIGTERM) stops the running solve, prints the rows finished so
 * far and the stopped one (its best plan, FEASIBLE), skips the rest and exits 130 (143).
 */
@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Runs every formulation and baseline on one problem and compares them with the DP.")
public final class CompareCommand implements Callable<Integer> {

    /** The shared options compare does not take (it runs every formulation); hidden from its help. */
    static final List<String> REFUSED = List.of("--formulation");

    /** Relative tolerance for "matches the DP". */
    static final double MATCH_TOLERANCE = 1e-9;

    @ParentCommand
    CompassSolve parent;

    @Mixin
    ProblemFileMixin input;

    @Mixin
    ProblemOptions options;

    @Option(names = "--csv", description = "Print comma-separated values instead of a table.")
    boolean csv;

    @Mixin
    ModelExports exports;

    /** One row of the comparison. */
    record Row(String formulation, SearchSpace space, SolveResult result, String rejected) {

        /** Whether the row has a plan to rank. */
        boolean hasPlan() {
            return result != null && result.hasPlan();
        }
    }

    /**
     * The rows best first: by objective (rows within {@link #MATCH_TOLERANCE} of the best of their group tie), ties
     * broken by lower energy, then by formulation name, then contiguous before dag; rows without a plan last, in the
     * order they ran. The same rows always come out in the same order, whichever order they ran in.
     *
     * @param maximize whether a larger objective is better (throughput)
     */
    static List<Row> ranked(List<Row> rows, boolean maximize) {
        Comparator<Row> byObjective = Comparator.comparingDouble(r -> maximize ? -r.result().objective()
                : r.result().objective());
        Comparator<Row> tieBreak = Comparator.<Row>comparingDouble(r -> r.result().evaluation().energyJoules())
                .thenComparing(Row::formulation).thenComparing(Row::space);
        List<Row> planned = new ArrayList<>(rows.stream().filter(Row::hasPlan).toList());
        planned.sort(byObjective.thenComparing(tieBreak));
        List<Row> out = new ArrayList<>();
        int i = 0;
        while (i < planned.size()) {
            // a group of ties: every row within the tolerance of the group's first (best) objective
            double first = planned.get(i).result().objective();
            int j = i + 1;
            while (j < planned.size() && Math.abs(planned.get(j).result().objective() - first)
                    <= MATCH_TOLERANCE * Math.abs(first)) {
                j++;
            }
            List<Row> group = new ArrayList<>(planned.subList(i, j));
            group.sort(tieBreak);
            out.addAll(group);
            i = j;
        }
        rows.stream().filter(r -> !r.hasPlan()).forEach(out::add);
        return out;
    }

    @Override
    public Integer call() {
        options.refuse("compare", "it runs every formulation", REFUSED.toArray(String[]::new));
        OutputFiles.check(input.file, exports.files());
        ProblemFile pf = options.load(input.file, parent.progress());
        Problem problem = pf.problem();
        exports.write(pf, parent.err());
        Interrupts interrupts = parent.interrupts();
        // from here on Ctrl-C stops the running solve; the rows so far are printed
        interrupts.stopOnSignal();
        List<Row> rows = new ArrayList<>();
        int runs = 0;
        for (SearchSpace space : SearchSpace.values()) {
            for (Formulation f : parent.registry().all()) {
                if (f.spaces().contains(space)) {
                    runs++;
                }
            }
        }
        solving:
        for (SearchSpace space : SearchSpace.values()) {
            for (Formulation f : parent.registry().all()) {
                if (!f.spaces().contains(space)) {
                    continue;
                }
                parent.progress().printf("compare: %s (%s)...%n", f.name(), space.label());
                parent.progress().flush();
                SolveRequest request = new SolveRequest(problem, pf.settings().withFormulation(f.name())
                        .withSpace(space).withBackend(f.name().equals("mip") ? pf.settings().backend() : null), null,
                        message -> {
                            parent.progress().println("  .. " + message);
                            parent.progress().flush();
                        }, interrupts.token());
                try {
                    rows.add(new Row(f.name(), space, f.solve(request), null));
                } catch (InputException e) {
                    rows.add(new Row(f.name(), space, null, e.getMessage()));
                }
                if (interrupts.interrupted()) {
                    break solving;
                }
            }
        }
        print(problem, rows);
        if (interrupts.interrupted()) {
            Row last = rows.get(rows.size() - 1);
            parent.err().printf("compare: %s during %s (%s); %d of %d runs shown, the rest skipped%n",
                    interrupts.token().reason(), last.formulation(), last.space().label(), rows.size(), runs);
            parent.err().flush();
            return interrupts.exitCode();
        }
        return ExitCodes.OK;
    }

    private void print(Problem problem, List<Row> rows) {
        boolean max = problem.objective().maximize();
        double best = Double.NaN;
        for (Row r : rows) {
            if (r.result() != null && r.result().hasPlan()) {
                double v = r.result().objective();
                if (Double.isNaN(best) || (max ? v > best : v < best)) {
                    best = v;
                }
            }
        }
        String[] header = {"rank", "formulation", "space", "status", "objective", "bound", "gap",
            csv ? "energy_j" : "energy", csv ? "seconds" : "time", "ratio_to_best", "matches_dp"};
        TextTable table = new TextTable(header);
        StringBuilder csvText = new StringBuilder(String.join(",", header)).append('\n');
        List<Row> ranked = ranked(rows, max);
        for (int i = 0; i < ranked.size(); i++) {
            Row r = ranked.get(i);
            Double dp = dpObjective(rows, r.space());
            List<String> cells = new ArrayList<>();
            cells.add(r.hasPlan() ? String.valueOf(i + 1) : "-");
            cells.add(r.formulation());
            cells.add(r.space().label());
            if (r.result() == null) {
                cells.addAll(List.of("REJECTED", "-", "-", "-", "-", "-", "-", "-"));
                parent.err().println(r.formulation() + " (" + r.space().label() + "): " + r.rejected());
            } else {
                SolveResult s = r.result();
                double ratio = s.hasPlan() ? (max ? best / s.objective() : s.objective() / best) : Double.NaN;
                boolean matches = s.hasPlan() && dp != null
                        && Math.abs(s.objective() - dp) <= MATCH_TOLERANCE * Math.abs(dp);
                cells.add(s.status().name());
                // the terminal table: the figure as the main command prints it, with its unit; CSV: plain numbers
                cells.add(csv ? num(s.objective()) : Units.objective(problem.objective(), s.objective()));
                cells.add(csv ? num(s.bound()) : Units.objective(problem.objective(), s.bound()));
                cells.add(csv ? num(s.gap()) : Units.percent(s.gap()));
                double energy = s.hasPlan() ? s.evaluation().energyJoules() : Double.NaN;
                cells.add(csv ? num(energy) : Units.joules(energy));
                cells.add(csv ? String.format(Locale.ROOT, "%.3f", s.seconds()) : Units.seconds(s.seconds()));
                cells.add(csv ? num(ratio) : Units.ratio(ratio));
                cells.add(dp == null ? "-" : matches ? "yes" : "no");
            }
            table.row(cells.toArray());
            csvText.append(String.join(",", cells)).append('\n');
        }
        if (csv) {
            parent.out().print(csvText);
        } else {
            parent.out().printf("Objective %s in %s (%s); rank: best first, ties (within %.0e relative) broken by"
                    + " lower energy, then by name; ratio_to_best: times worse than the best row; matches_dp: same"
                    + " objective as dp in the same space within %.0e relative%n", problem.objective().label(),
                    problem.objective().unit(), max ? "higher is better" : "lower is better", MATCH_TOLERANCE,
                    MATCH_TOLERANCE);
            parent.out().print(table.render());
        }
        parent.out().flush();
        parent.err().flush();
    }

    private static Double dpObjective(List<Row> rows, SearchSpace space) {
        for (Row r : rows) {
            if (r.formulation().equals("dp") && r.space() == space && r.result() != null && r.result().hasPlan()) {
                return r.result().objective();
            }
        }
        return null;
    }

    private static String num(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.10g", v) : Double.isNaN(v) ? "-" : "inf";
    }
}
