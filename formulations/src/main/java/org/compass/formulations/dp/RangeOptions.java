package org.compass.formulations.dp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.compass.formulations.graph.PartitionGraph;
import org.compass.model.mapping.MappedGraph;
import org.compass.model.problem.Objective;
import org.compass.model.problem.Problem;
import org.compass.solver.control.Cancellation;
import org.compass.solver.cost.CostModel;
import org.compass.solver.plan.Partition;
import org.compass.solver.cost.ReplicationChooser;
import org.compass.solver.cost.ReplicationChooser.Option;

/**
 * The contiguous DP under cost model v2, searching only the ranges that can decide the answer: a lazy shortest
 * path (LazySP, Dellin and Srinivasa, ICAPS 2016) over ranges whose costs are expensive to know exactly.
 *
 * <p>Every range that fits is first priced without a search ({@link ReplicationChooser#quick}: a fitting
 * vector, so an exact cost of a real plan, and a floor under every vector). Then, repeatedly, the plan whose
 * floors sum to the least is found, and every range on it that is not settled is searched: first by the
 * depth-first pass ({@link ReplicationChooser#best}), and if that stops at its budget, by the best-first pass
 * ({@link ReplicationChooser#deepen}). When every range on that plan is settled, the least sum of floors is a
 * bound on every plan, and the best plan over the options known is the answer; when those ranges are all
 * proven, the bound meets a plan's cost and the answer is optimal. A range off every plan of least floors is
 * never searched: whatever its true optimum, it is at least its floor.
 *
 * <p>The unsettled ranges of one plan are searched at once, on up to {@code threads} threads
 * ({@link RangeSearches}); each search is bounded by nodes, not time, so the answer is the same on any number
 * of threads.
 *
 * <p>Why: the eager DP searched every range (780 on SqueezeNet, compass-s), most of which no optimal plan
 * uses; the bound's quality at batch 1 (docs/cost-model.md, "The chain bound") lets most be skipped.
 */
final class RangeOptions {

    /** The recurrence's result: back-pointers, the chosen options, the plan's key and the floor of every plan. */
    record Solution(List<Partition> partitions, double key, double floorKey, boolean proven) {
    }

    private final CostModel cm;
    private final Objective objective;
    private final List<List<Option>> byStart = new ArrayList<>(); // [i].get(k): the option of [i, i + k + 1)

    RangeOptions(Problem problem, CostModel cm) {
        this.cm = cm;
        this.objective = problem.objective();
        for (int i = 0; i < problem.graph().size(); i++) {
            byStart.add(new ArrayList<>());
        }
    }

    /** Records the option of the next longer range starting at i (ranges from i are added in length order). */
    private void add(int i, Option o) {
        byStart.get(i).add(o);
    }

    /**
     * The lazy DP: the best plan over the options it knows, with the least sum of floors as the bound; null
     * when pricing every range without a search does not finish before the deadline (System.nanoTime) or a
     * cancellation (the caller then runs the eager DP, which stops at once with a partial plan). A deadline or
     * cancellation later stops the searches and returns what is known: a plan with an honest bound.
     *
     * @param threads searches run at once (the problem's {@code limits.threads}); at least 1
     */
    static Solution solveLazily(Problem problem, CostModel cm, long deadline, Cancellation cancel, int threads) {
        RangeOptions table = priced(problem, cm, deadline, cancel);
        if (table == null) {
            return null;
        }
        int n = table.byStart.size();
        // searches done per range [i, i + k + 1): 0, 1 (depth first), then 1 + each best-first pass
        int[][] passes = new int[n][];
        for (int i = 0; i < n; i++) {
            passes[i] = new int[table.byStart.get(i).size()];
        }
        try (RangeSearches searches = new RangeSearches(threads)) {
            while (true) {
                int[] from = new int[n + 1];
                table.floors(from);
                List<int[]> open = new ArrayList<>();
                for (int j = n; j > 0; j = from[j]) {
                    int i = from[j];
                    int k = j - i - 1;
                    if (!table.get(i, k).proven() && passes[i][k] < 1 + ReplicationChooser.MAX_DEEPEN) {
                        open.add(new int[] {i, j});
                    }
                }
                if (open.isEmpty()) {
                    return table.solve();
                }
                // the ranges of one plan are searched independently, so the answer does not depend on threads
                List<Option> found = searches.run(open, r -> table.search(r[0], r[1], passes[r[0]][r[1] - r[0] - 1],
                        deadline, cancel));
                boolean stopped = false;
                for (int m = 0; m < open.size(); m++) {
                    int i = open.get(m)[0];
                    int k = open.get(m)[1] - i - 1;
                    if (found.get(m) == null) {
                        stopped = true;
                        continue;
                    }
                    table.byStart.get(i).set(k, found.get(m));
                    passes[i][k]++;
                }
                if (stopped) {
                    return table.solve();
                }
            }
        }
    }

    /**
     * The next search of range [i, j), which has had {@code done} searches: the depth-first pass, then each
     * best-first pass; null when the deadline (System.nanoTime) has passed or the solve is cancelled.
     */
    private Option search(int i, int j, int done, long deadline, Cancellation cancel) {
        if (System.nanoTime() - deadline > 0 || cancel.isCancelled()) {
            return null;
        }
        Option known = get(i, j - i - 1);
        int[] units = DpFormulation.range(i, j);
        return done == 0
                ? ReplicationChooser.best(cm, units, objective, cancel).raisedTo(known)
                : ReplicationChooser.deepen(cm, units, objective, known, done, cancel);
    }

    /**
     * Every range that fits on the chip, priced by {@link ReplicationChooser#quick} (no search); null when the
     * deadline passes or the solve is cancelled first.
     */
    private static RangeOptions priced(Problem problem, CostModel cm, long deadline, Cancellation cancel) {
        RangeOptions table = new RangeOptions(problem, cm);
        MappedGraph g = problem.graph();
        long chip = problem.hardware().crossbars();
        for (int i = 0; i < g.size(); i++) {
            if (System.nanoTime() - deadline > 0 || cancel.isCancelled()) {
                return null;
            }
            long crossbars = 0;
            for (int j = i + 1; j <= g.size(); j++) {
                crossbars += g.unit(j - 1).crossbars();
                Option o = crossbars > chip ? null : ReplicationChooser.quick(cm, DpFormulation.range(i, j),
                        problem.objective());
                if (o == null) {
                    break;
                }
                table.add(i, o);
            }
        }
        return table;
    }

    /**
     * The least sum of floors of a plan of units [0, j) for every j, with back-pointers: from[j] is where the
     * last range of such a plan starts.
     */
    private double[] floors(int[] from) {
        int n = byStart.size();
        double[] floor = new double[n + 1];
        Arrays.fill(floor, Double.POSITIVE_INFINITY);
        floor[0] = 0;
        for (int i = 0; i < n; i++) {
            List<Option> options = byStart.get(i);
            for (int k = 0; k < options.size(); k++) {
                double v = floor[i] + PartitionGraph.floorKey(options.get(k), objective);
                if (v < floor[i + k + 1]) {
                    floor[i + k + 1] = v;
                    from[i + k + 1] = i;
                }
            }
        }
        return floor;
    }

    /** The option of range [i, i + k + 1). */
    private Option get(int i, int k) {
        return byStart.get(i).get(k);
    }

    /** The DP's recurrence over the recorded options: the best plan (ties to the least secondary cost). */
    Solution solve() {
        int n = byStart.size();
        double[] best = new double[n + 1];
        double[] second = new double[n + 1];
        double[] floor = new double[n + 1];
        int[] from = new int[n + 1];
        Option[] choice = new Option[n + 1];
        Arrays.fill(best, Double.POSITIVE_INFINITY);
        Arrays.fill(floor, Double.POSITIVE_INFINITY);
        best[0] = 0;
        floor[0] = 0;
        boolean proven = true;
        for (int i = 0; i < n; i++) {
            List<Option> options = byStart.get(i);
            for (int k = 0; k < options.size(); k++) {
                Option o = options.get(k);
                int j = i + k + 1;
                proven &= o.proven();
                floor[j] = Math.min(floor[j], floor[i] + PartitionGraph.floorKey(o, objective));
                double v = best[i] + PartitionGraph.key(o.cost(), objective);
                double v2 = second[i] + PartitionGraph.tieBreak(o.cost(), objective);
                if (v < best[j] || (v == best[j] && v2 < second[j])) {
                    best[j] = v;
                    second[j] = v2;
                    from[j] = i;
                    choice[j] = o;
                }
            }
        }
        List<Partition> parts = new ArrayList<>();
        for (int j = n; j > 0; j = from[j]) {
            parts.add(Partition.of(DpFormulation.range(from[j], j), choice[j].replication()));
        }
        java.util.Collections.reverse(parts);
        return new Solution(parts, best[n], floor[n], proven);
    }
}
