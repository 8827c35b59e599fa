package org.compass.formulations.dp;

import static org.compass.formulations.dp.DpFormulation.range;
import static org.compass.formulations.dp.DpFormulation.withGreedyRest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.compass.formulations.dp.DpFormulation.Partial;
import org.compass.model.problem.Problem;
import org.compass.solver.control.Cancellation;
import org.compass.solver.cost.CostModel;
import org.compass.solver.plan.Partition;
import org.compass.solver.plan.Plan;
import org.compass.solver.cost.ReplicationChooser;
import org.compass.solver.cost.ReplicationChooser.Option;

/**
 * The latency-energy Pareto labels of contiguous plans: per prefix [0, j) of the units' topological order, the
 * set of (latency, energy) pairs no other plan of that prefix beats in both, each label a chain back through the
 * ranges that spell its plan. EDP = latency x energy is increasing in both, so the EDP optimum is on the last
 * prefix's front ({@link #solveParetoPlan}); the whole front is {@link #paretoFront}.
 *
 * <p>Running time O(n * w * c * F) for n units, ranges of at most w units, c Pareto replications per range
 * and fronts of at most F labels. Exact when every range's replication front is proven complete (always under
 * cost model v1; {@link Front#proven}). Split from {@link DpFormulation}, which uses it for EDP.
 */
public final class ParetoLabels {

    private ParetoLabels() {
    }

    /** The EDP-optimal plan via Pareto sets of (latency, energy) per prefix. */
    static Plan solveParetoPlan(Problem problem) {
        return solveParetoPlan(problem, Long.MAX_VALUE, Cancellation.NEVER).plan();
    }

    /**
     * The EDP-optimal plan, or after {@code deadline} or a cancellation the least-EDP plan of the last prefix
     * whose front is complete, completed greedily.
     */
    static Partial solveParetoPlan(Problem problem, long deadline, Cancellation cancel) {
        boolean[] proven = {true};
        List<List<Label>> fronts = paretoFronts(problem, deadline, cancel, proven);
        int solved = fronts.size() - 1;
        Label best = fronts.get(solved).stream().min(Comparator.comparingDouble((Label l) -> l.seconds * l.joules))
                .orElseThrow();
        // EDP has no additive floor: an unproven replication front leaves no bound
        if (solved == problem.graph().size()) {
            return new Partial(best.plan(), solved, proven[0], Double.NaN);
        }
        return new Partial(withGreedyRest(problem, new CostModel(problem), best.plan().partitions(), solved),
                solved, proven[0], Double.NaN);
    }

    /**
     * The latency-energy Pareto front of all contiguous plans.
     *
     * @param labels  the front, as labels whose chains of previous labels spell the plans
     * @param proven  whether every partition's replication front was complete (always in cost model v1; in v2
     *                unless a replication search stopped at its budget), so that the front is exact
     * @param stopped why the labels stopped before the last unit (a cancellation), or null when they did not;
     *                the plans are then the front of a prefix, each completed greedily, and no front is claimed
     */
    public record Front(List<Label> labels, boolean proven, String stopped) {

        /** A front that was not stopped. */
        public Front(List<Label> labels, boolean proven) {
            this(labels, proven, null);
        }
    }

    /** The latency-energy Pareto front of all contiguous plans. */
    public static Front paretoFront(Problem problem) {
        return paretoFront(problem, Cancellation.NEVER);
    }

    /**
     * The latency-energy Pareto front of all contiguous plans, or, when {@code cancel} is cancelled first (checked
     * before every prefix), the non-dominated plans among the front of the last complete prefix, each completed by
     * the same greedy packing of the remaining units ({@link Front#stopped} says so).
     */
    public static Front paretoFront(Problem problem, Cancellation cancel) {
        boolean[] proven = {true};
        List<List<Label>> fronts = paretoFronts(problem, Long.MAX_VALUE, cancel, proven);
        int solved = fronts.size() - 1;
        int n = problem.graph().size();
        if (solved == n) {
            return new Front(fronts.get(solved), proven[0]);
        }
        CostModel cm = new CostModel(problem);
        List<Partition> rest = withGreedyRest(problem, cm, List.of(), solved).partitions();
        List<Label> completed = new ArrayList<>();
        for (Label l : fronts.get(solved)) {
            Label at = l;
            for (Partition part : rest) {
                int from = part.units().get(0);
                int to = from + part.units().size();
                Option o = ReplicationChooser.best(cm, range(from, to), problem.objective());
                at = new Label(at.seconds + o.cost().seconds(), at.joules + o.cost().joules(), from, to, at, o);
            }
            completed.add(at);
        }
        return new Front(paretoLabels(completed), proven[0], cancel.reason() + " after " + solved + " of " + n
                + " units, the rest packed greedily");
    }

    /**
     * The fronts of the prefixes [0, j) for j = 0, 1, ... up to n, or up to where the deadline passed or the
     * solve was cancelled;
     * {@code proven[0]} becomes false when a replication front used was not proven complete.
     */
    private static List<List<Label>> paretoFronts(Problem problem, long deadline, Cancellation cancel,
                                                  boolean[] proven) {
        CostModel cm = new CostModel(problem);
        int n = problem.graph().size();
        List<List<Label>> fronts = new ArrayList<>();
        for (int j = 0; j <= n; j++) {
            fronts.add(new ArrayList<>());
        }
        fronts.get(0).add(new Label(0, 0, 0, 0, null, null));
        for (int j = 1; j <= n; j++) {
            if ((System.nanoTime() - deadline > 0 || cancel.isCancelled()) && !fronts.get(j - 1).isEmpty()) {
                return fronts.subList(0, j);
            }
            List<Label> candidates = new ArrayList<>();
            long crossbars = 0;
            for (int i = j - 1; i >= 0; i--) {
                crossbars += problem.graph().unit(i).crossbars();
                if (crossbars > problem.hardware().crossbars()) {
                    break;
                }
                if (fronts.get(i).isEmpty()) {
                    continue;
                }
                List<Option> options = pareto(ReplicationChooser.options(cm, range(i, j), cancel));
                if (cancel.isCancelled() && !fronts.get(j - 1).isEmpty()) {
                    // the options may be cut short: the fronts up to j - 1 are complete, nothing after is kept
                    return fronts.subList(0, j);
                }
                proven[0] &= options.stream().allMatch(Option::proven);
                for (Label prev : fronts.get(i)) {
                    for (Option o : options) {
                        candidates.add(new Label(prev.seconds + o.cost().seconds(), prev.joules + o.cost().joules(),
                                i, j, prev, o));
                    }
                }
            }
            fronts.set(j, paretoLabels(candidates));
        }
        return fronts;
    }

    /** A partial plan ending with range [from, to): its totals and how it was reached. */
    public static final class Label {
        final double seconds;
        final double joules;
        final int from;
        final int to;
        final Label previous;
        final Option option;

        Label(double seconds, double joules, int from, int to, Label previous, Option option) {
            this.seconds = seconds;
            this.joules = joules;
            this.from = from;
            this.to = to;
            this.previous = previous;
            this.option = option;
        }

        /** Latency of one batch under the plan (s). */
        public double seconds() {
            return seconds;
        }

        /** Energy of one batch under the plan (J). */
        public double joules() {
            return joules;
        }

        /** Number of partitions of the plan. */
        public int partitions() {
            int k = 0;
            for (Label l = this; l.previous != null; l = l.previous) {
                k++;
            }
            return k;
        }

        /** The plan this label stands for. */
        public Plan plan() {
            List<Partition> parts = new ArrayList<>();
            for (Label l = this; l.previous != null; l = l.previous) {
                parts.add(Partition.of(range(l.from, l.to), l.option.replication()));
            }
            java.util.Collections.reverse(parts);
            return new Plan(parts);
        }
    }

    /** The options no other option beats in both time and energy, by increasing time. */
    public static List<Option> pareto(List<Option> options) {
        List<Option> sorted = new ArrayList<>(options);
        sorted.sort(Comparator.comparingDouble((Option o) -> o.cost().seconds())
                .thenComparingDouble(o -> o.cost().joules()));
        List<Option> out = new ArrayList<>();
        double bestJ = Double.POSITIVE_INFINITY;
        for (Option o : sorted) {
            if (o.cost().joules() < bestJ) {
                out.add(o);
                bestJ = o.cost().joules();
            }
        }
        return out;
    }

    private static List<Label> paretoLabels(List<Label> labels) {
        labels.sort(Comparator.comparingDouble((Label l) -> l.seconds).thenComparingDouble(l -> l.joules));
        List<Label> out = new ArrayList<>();
        double bestJ = Double.POSITIVE_INFINITY;
        for (Label l : labels) {
            Label last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && l.seconds - last.seconds <= SAME_TIME * last.seconds) {
                // the same latency summed in another order (1e-19 s apart): not a trade-off, keep the cheaper
                if (l.joules < last.joules) {
                    out.set(out.size() - 1, l);
                    bestJ = l.joules;
                }
            } else if (l.joules < bestJ) {
                out.add(l);
                bestJ = l.joules;
            }
        }
        return out;
    }

    /** Relative difference below which two labels' latencies are the same sum rounded differently. */
    private static final double SAME_TIME = 1e-12;
}
