package org.compass.formulations.dp;

import static org.compass.formulations.dp.DpFormulation.range;
import static org.compass.formulations.dp.DpFormulation.withGreedyRest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.compass.formulations.dp.DpFormulation.Partial;
import org.compass.formulations.graph.PartitionGraph;
import org.compass.model.problem.Objective;
import org.compass.model.problem.Problem;
import org.compass.solver.control.Cancellation;
import org.compass.solver.cost.CostModel;
import org.compass.solver.cost.Pareto;
import org.compass.solver.plan.Partition;
import org.compass.solver.plan.Plan;
import org.compass.solver.cost.ReplicationChooser;
import org.compass.solver.cost.ReplicationChooser.Option;
import org.compass.solver.cost.ReplicationFront;

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
        return solveParetoPlan(problem, Long.MAX_VALUE, Cancellation.NEVER, 1).plan();
    }

    /**
     * The EDP-optimal plan, or after {@code deadline} or a cancellation the least-EDP plan of the last prefix
     * whose front is complete, completed greedily. Where a replication front is unproven (cost model v2, a search
     * stopped at its node budget), the bound is the least EDP of the relaxed labels ({@link #relaxedOptimum}); while
     * that relaxed optimum passes through what a search left unexplored, those ranges are searched again with
     * larger budgets ({@link ReplicationChooser#front}, up to {@link ReplicationChooser#MAX_DEEPEN} passes each,
     * before the deadline) and the labels rebuilt. A relaxed optimum of real options only is a plan, so it proves
     * the optimum. If a gap is left, the product of the least latency and the least energy bounds it too
     * ({@link #productBound}).
     */
    static Partial solveParetoPlan(Problem problem, long deadline, Cancellation cancel, int threads) {
        return solveParetoPlan(problem, deadline, cancel, threads, ReplicationChooser.NODE_BUDGET,
                ReplicationChooser.MAX_DEEPEN);
    }

    /**
     * As above, each range's first front search visiting at most {@code budget} nodes and each of at most
     * {@code passes} deeper ones four times as many as the one before: tests make them small, so that small networks,
     * which the real budget proves, take the bound's path.
     */
    static Partial solveParetoPlan(Problem problem, long deadline, Cancellation cancel, int threads, long budget,
                                   int passes) {
        int n = problem.graph().size();
        RangeFronts ranges = new RangeFronts(new CostModel(problem), cancel, budget, passes);
        List<List<Label>> fronts = paretoFronts(problem, deadline, cancel, ranges);
        int solved = fronts.size() - 1;
        if (solved < n) {
            return new Partial(withGreedyRest(problem, new CostModel(problem),
                    leastEdp(fronts.get(solved)).plan().partitions(), solved), solved, ranges.proven(), Double.NaN);
        }
        double bound = 0;
        while (!ranges.proven()) {
            Relaxed optimum = relaxedOptimum(problem, ranges);
            bound = Math.max(bound, optimum.edp());
            List<int[]> open = optimum.unexploredRanges().stream().filter(r -> ranges.deepenable(r[0], r[1])).toList();
            if (open.isEmpty() || System.nanoTime() - deadline > 0 || cancel.isCancelled()) {
                break;
            }
            for (int[] range : open) {
                if (System.nanoTime() - deadline > 0 || cancel.isCancelled()) {
                    break;
                }
                ranges.deepen(range[0], range[1]);
            }
            // from the cached fronts: no search, so neither the deadline nor a cancellation cuts it short
            fronts = paretoFronts(problem, Long.MAX_VALUE, Cancellation.NEVER, ranges);
        }
        Label best = leastEdp(fronts.get(n));
        if (!ranges.proven() && bound < best.seconds * best.joules) {
            bound = Math.max(bound, productBound(problem, deadline, cancel, threads));
        }
        return new Partial(best.plan(), n, ranges.proven(), ranges.proven() ? Double.NaN : bound);
    }

    /**
     * Every plan's EDP is at least the least latency of any plan times the least energy of any plan: the product of
     * the latency and energy DPs' proven optima, or of their floors where a replication search stopped ({@link
     * DpFormulation#solveAdditive}); 0 where either did not finish by the deadline. Where one partition's
     * replications trade time for energy (SqueezeNet on compass-l at batch 1, the whole network one partition whose
     * front search stops at its node budget) it is the stronger bound: 2.3% below the plan where the relaxed labels
     * are 22% below.
     */
    private static double productBound(Problem problem, long deadline, Cancellation cancel, int threads) {
        return leastKey(problem.withObjective(Objective.LATENCY), deadline, cancel, threads)
                * leastKey(problem.withObjective(Objective.ENERGY), deadline, cancel, threads);
    }

    /** A lower bound on the key (seconds, or joules for ENERGY) of every plan of an additive objective, or 0. */
    private static double leastKey(Problem problem, long deadline, Cancellation cancel, int threads) {
        Partial p = DpFormulation.solveAdditive(problem, deadline, cancel, threads);
        if (p.solvedUnits() < problem.graph().size()) {
            return 0;
        }
        if (!p.proven()) {
            return Double.isNaN(p.floorKey()) ? 0 : p.floorKey();
        }
        return new CostModel(problem).evaluate(p.plan()).partitions().stream()
                .mapToDouble(c -> PartitionGraph.key(c, problem.objective())).sum();
    }

    private static Label leastEdp(List<Label> labels) {
        return labels.stream().min(Comparator.comparingDouble((Label l) -> l.seconds * l.joules)).orElseThrow();
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
        RangeFronts ranges = new RangeFronts(new CostModel(problem), cancel, ReplicationChooser.NODE_BUDGET, 0);
        List<List<Label>> fronts = paretoFronts(problem, Long.MAX_VALUE, cancel, ranges);
        int solved = fronts.size() - 1;
        int n = problem.graph().size();
        if (solved == n) {
            return new Front(fronts.get(solved), ranges.proven());
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
        return new Front(paretoLabels(completed), ranges.proven(), cancel.reason() + " after " + solved + " of " + n
                + " units, the rest packed greedily");
    }

    /**
     * The fronts of the prefixes [0, j) for j = 0, 1, ... up to n, or up to where the deadline passed or the
     * solve was cancelled; each range's replication front from {@code ranges} (searched on first use).
     */
    private static List<List<Label>> paretoFronts(Problem problem, long deadline, Cancellation cancel,
                                                  RangeFronts ranges) {
        int n = problem.graph().size();
        List<List<Label>> fronts = prefixFronts(n, new Label(0, 0, 0, 0, null, null));
        for (int j = 1; j <= n; j++) {
            if ((System.nanoTime() - deadline > 0 || cancel.isCancelled()) && !fronts.get(j - 1).isEmpty()) {
                return fronts.subList(0, j);
            }
            List<Label> candidates = new ArrayList<>();
            for (int i : starts(problem, j)) {
                if (fronts.get(i).isEmpty()) {
                    continue;
                }
                List<Option> options = pareto(ranges.get(i, j).options());
                if (cancel.isCancelled() && !fronts.get(j - 1).isEmpty()) {
                    // the options may be cut short: the fronts up to j - 1 are complete, nothing after is kept
                    return fronts.subList(0, j);
                }
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

    /** Empty fronts for the prefixes [0, j), j = 0 .. n, the empty prefix's holding {@code empty}. */
    private static <T> List<List<T>> prefixFronts(int n, T empty) {
        List<List<T>> fronts = new ArrayList<>();
        for (int j = 0; j <= n; j++) {
            fronts.add(new ArrayList<>());
        }
        fronts.get(0).add(empty);
        return fronts;
    }

    /** The first units i, from j - 1 down, of the ranges [i, j) that fit on the chip unreplicated. */
    private static List<Integer> starts(Problem problem, int j) {
        List<Integer> out = new ArrayList<>();
        long crossbars = 0;
        for (int i = j - 1; i >= 0; i--) {
            crossbars += problem.graph().unit(i).crossbars();
            if (crossbars > problem.hardware().crossbars()) {
                break;
            }
            out.add(i);
        }
        return out;
    }

    /**
     * The least-EDP label of the relaxed fronts: the same labels over every range, each range offering its options'
     * costs and, where its search stopped, the points under what it left unexplored ({@link ReplicationFront}).
     * Every plan's (latency, energy) is at or above some relaxed label in both, so the least EDP of the last relaxed
     * front bounds every plan's EDP. The whole DP must have run (every range searched).
     */
    private static Relaxed relaxedOptimum(Problem problem, RangeFronts ranges) {
        int n = problem.graph().size();
        List<List<Relaxed>> fronts = prefixFronts(n, new Relaxed(0, 0, 0, 0, null, false));
        for (int j = 1; j <= n; j++) {
            List<Relaxed> candidates = new ArrayList<>();
            for (int i : starts(problem, j)) {
                if (fronts.get(i).isEmpty()) {
                    continue;
                }
                ReplicationFront front = ranges.get(i, j);
                for (Relaxed prev : fronts.get(i)) {
                    for (Option o : front.options()) {
                        candidates.add(new Relaxed(prev.seconds + o.cost().seconds(), prev.joules + o.cost().joules(),
                                i, j, prev, false));
                    }
                    for (ReplicationFront.Point p : front.unexplored()) {
                        candidates.add(new Relaxed(prev.seconds + p.seconds(), prev.joules + p.joules(), i, j, prev,
                                true));
                    }
                }
            }
            fronts.set(j, Relaxed.lowerLeft(candidates));
        }
        return fronts.get(n).stream().min(Comparator.comparingDouble(Relaxed::edp)).orElseThrow();
    }

    /**
     * A label of the relaxed fronts: its totals, its last range [from, to), whether that range contributed a point
     * under what its search left unexplored rather than an option, and the label before it.
     */
    private record Relaxed(double seconds, double joules, int from, int to, Relaxed previous, boolean unexplored) {

        double edp() {
            return seconds * joules;
        }

        /** The ranges of the chain that contributed an unexplored point. */
        List<int[]> unexploredRanges() {
            List<int[]> out = new ArrayList<>();
            for (Relaxed r = this; r.previous != null; r = r.previous) {
                if (r.unexplored) {
                    out.add(new int[] {r.from, r.to});
                }
            }
            return out;
        }

        static List<Relaxed> lowerLeft(List<Relaxed> labels) {
            return Pareto.lowerLeft(labels, Relaxed::seconds, Relaxed::joules);
        }
    }

    /**
     * Each range's replication front, searched on first use with the first pass's budget and again, where asked, with
     * four times the budget of its pass before, up to a number of times (the tool's: {@link
     * ReplicationChooser#MAX_DEEPEN}, 8,000, 32,000 and 128,000 nodes after the first 2,000).
     */
    private static final class RangeFronts {
        private final CostModel cm;
        private final Cancellation cancel;
        private final long budget;
        private final int maxPasses;
        private final Map<Long, ReplicationFront> fronts = new HashMap<>();
        private final Map<Long, Integer> passes = new HashMap<>();

        RangeFronts(CostModel cm, Cancellation cancel, long budget, int maxPasses) {
            this.cm = cm;
            this.cancel = cancel;
            this.budget = budget;
            this.maxPasses = maxPasses;
        }

        ReplicationFront get(int i, int j) {
            return fronts.computeIfAbsent(key(i, j), k -> ReplicationChooser.front(cm, range(i, j), budget, cancel));
        }

        /** Whether the range's search stopped and a deeper pass is left. */
        boolean deepenable(int i, int j) {
            return !get(i, j).proven() && passes.getOrDefault(key(i, j), 0) < maxPasses;
        }

        /** Searches the range again in its next pass. */
        void deepen(int i, int j) {
            int pass = passes.merge(key(i, j), 1, Integer::sum);
            fronts.put(key(i, j), ReplicationChooser.front(cm, range(i, j), budget << (2 * pass), cancel));
        }

        /** Whether every range searched so far was searched exhaustively. */
        boolean proven() {
            return fronts.values().stream().allMatch(ReplicationFront::proven);
        }

        private static long key(int i, int j) {
            return ((long) i << 32) | j;
        }
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
        return Pareto.lowerLeft(options, o -> o.cost().seconds(), o -> o.cost().joules());
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
