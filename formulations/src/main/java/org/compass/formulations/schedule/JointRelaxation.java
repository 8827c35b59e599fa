package org.compass.formulations.schedule;

import java.util.Arrays;
import java.util.List;
import org.compass.model.mapping.Unit;
import org.compass.model.problem.Problem;
import org.compass.solver.schedule.ScheduleMode;
import org.compass.solver.schedule.ScheduleTasks;
import org.compass.solver.schedule.ScheduleTasks.PartitionTasks;
import org.compass.solver.schedule.ScheduleTasks.UnitTask;

/**
 * A lower bound on the makespan of every valid schedule of every plan of {@link DpJointScheduler}'s space (contiguous
 * ranges, each at its {@link JointRanges} replication; for a range whose replication search is unproven, at any
 * replication), in any mode, including prefetch and full, where the DP's window value bounds only the neighbour-window
 * class (issue 12, item 2). Relaxations of the validator's rules, each additive over a plan's partitions or over its
 * pairs of neighbouring partitions, so that each one's least value over every plan is a shortest path over the ranges
 * (O(number of ranges)) or over pairs of consecutive ranges; the bound is the largest of them:
 * <ol>
 *   <li><b>DRAM</b> (rule 4): every weight byte of a partition is loaded and every activation byte it reads and
 *       stores moves, all through one channel: the sum over partitions of (weight + in + out bytes) / bandwidth.
 *       Independent of the replication.</li>
 *   <li><b>Write ports</b> (rule 3): every row written takes a row time on one of the chip's P ports: the sum of
 *       rows x t_row / P, with the rows of one replica for an unproven range (replicas only add rows).</li>
 *   <li><b>Compute chain</b> (rule 8: a partition's stages start after the previous partition has computed):
 *       the partitions compute one after the other, so the makespan is at least the first partition's wait for
 *       weights before any of its stages starts (rule 6: with early start, the least over its units of its own
 *       load and rows; without, all its loads and rows) plus, for each partition, the least time from its first
 *       stage's start until it has computed (the longest path of its stages' start and end lags and of
 *       T_comp - offset, relative to its earliest stage; for an unproven range, {@link JointRanges}' compute floor,
 *       which holds for every replication). A range without weighted units has no stage and spans nothing; where
 *       the activations do not flow through it from the partition before it to the one after, the chain starts
 *       again after it (rule 8 links a partition's stages to the previous partition's only).</li>
 *   <li><b>Compute chain with the crossbar hand-over</b> (with prefetch; {@link JointHandover}): in
 *       {@code prefetch} the next partition's first stage starts after the longer of the previous one's compute
 *       span and its hand-over (the writes and loads of the next partition that cannot be done beside the crossbars
 *       the previous one still holds); in {@code full} (early start: a partition's stages may start before all of
 *       it is written) the next partition has computed no earlier than the hand-over of both partitions' writes and
 *       loads after the previous one's first stage end, a DP with two values per range. A shortest path over pairs
 *       of consecutive ranges (O(pairs x stages) in prefetch, O(pairs x C) in full, plus a knapsack table per range:
 *       5-40 ms on the problem files).</li>
 * </ol>
 * They are far apart from the optimum where they bind at different times (DRAM early, compute late), and the
 * crossbar capacity enters only between neighbours: a valid bound, not a tight one.
 */
final class JointRelaxation {

    private JointRelaxation() {
    }

    /**
     * The relaxations' least values over every plan, and the bound (their largest), seconds.
     *
     * @param chainSeconds    the compute chain alone
     * @param handoverSeconds the compute chain with the hand-over between consecutive partitions (prefetch and
     *                        full; at least {@code chainSeconds}); 0 without prefetch, where it is not taken
     */
    record Bound(double dramSeconds, double portSeconds, double chainSeconds, double handoverSeconds) {
        double seconds() {
            return Math.max(Math.max(dramSeconds, portSeconds), Math.max(chainSeconds, handoverSeconds));
        }
    }

    /** The bound over every plan of the ranges (which must all be built: {@link JointRanges#complete()}). */
    static Bound of(Problem problem, JointRanges ranges, ScheduleMode mode) {
        return of(problem, ranges, mode, mode.prefetch() ? JointHandover.of(problem, ranges) : null);
    }

    /**
     * The bound with the hand-over terms given ({@code null}: the chain without them), so that a test can pass a
     * deliberately wrong variant ({@link JointHandover#withoutPrefetch}).
     */
    static Bound of(Problem problem, JointRanges ranges, ScheduleMode mode, JointHandover handover) {
        ScheduleTasks chip = ranges.chip();
        int r = ranges.size();
        double[] dram = new double[r];
        double[] ports = new double[r];
        double[] span = new double[r];
        double[] first = new double[r];
        boolean[] passes = new boolean[r];
        int n = problem.graph().size();
        for (int i = 0; i < r; i++) {
            JointRanges.Range range = ranges.get(i);
            PartitionTasks t = range.tasks();
            long weightBytes = 0;
            long rows = 0;
            double least = Double.POSITIVE_INFINITY;
            for (int u = range.from(); u < range.to(); u++) {
                Unit unit = problem.graph().unit(u);
                if (!unit.weighted()) {
                    continue;
                }
                weightBytes += unit.weightBytes();
                UnitTask task = t.find(u);
                long unitRows = range.proven() ? task.rows() : unit.rowsWritten();
                rows += unitRows;
                // with early start a stage waits for its own unit's load and rows only
                least = Math.min(least, Math.max(chip.dramSeconds(unit.weightBytes()),
                        unitRows * chip.rowSeconds() / chip.ports()));
            }
            dram[i] = chip.dramSeconds(weightBytes + t.inBytes() + t.outBytes());
            ports[i] = rows * chip.rowSeconds() / chip.ports();
            first[i] = mode.earlyStart() ? (least == Double.POSITIVE_INFINITY ? 0 : least)
                    : Math.max(chip.dramSeconds(weightBytes), ports[i]);
            boolean stageless = least == Double.POSITIVE_INFINITY;
            // a range without weighted units has no stage: no rule makes it compute for any time (its cost-model
            // compute floor is not a schedule's), and its successor waits for its predecessor only through it
            span[i] = stageless ? 0 : range.proven() ? Math.max(computeSpanSeconds(t), ranges.computeFloorSeconds(i))
                    : ranges.computeFloorSeconds(i);
            passes[i] = !stageless || passesThrough(problem, range.from(), range.to());
        }
        return new Bound(shortest(ranges, n, dram), shortest(ranges, n, ports),
                handedOver(ranges, n, span, first, passes, null), handover == null ? 0 : mode.earlyStart()
                        ? handedOverEarly(ranges, n, span, first, passes, handover)
                        : handedOver(ranges, n, span, first, passes, handover));
    }

    /**
     * Whether the chain carries over a stage-less range [from, to) from the partition before it to the one after it.
     * Rule 8 links a partition's stages to the previous partition's only, and this one has none; rule 7 links them
     * through the activations: a partition's stages start after its input load, which starts after the output store
     * of every partition it reads, which ends after its own input load and after that partition has computed. So the
     * chain carries over when the range reads unit from - 1 (the last unit of whichever partition precedes it) and
     * unit {@code to} (the first of whichever follows) reads the range, or when unit {@code to} reads unit from - 1
     * itself. Otherwise it starts again after the range.
     */
    private static boolean passesThrough(Problem problem, int from, int to) {
        int n = problem.graph().size();
        if (from == 0 || to == n || problem.graph().successors(from - 1).contains(to)) {
            return true;
        }
        boolean reads = false;
        boolean read = false;
        for (int u = from; u < to; u++) {
            reads |= problem.graph().successors(from - 1).contains(u);
            read |= problem.graph().successors(u).contains(to);
        }
        return reads && read;
    }

    /**
     * The compute chain with the hand-over (prefetch): the least over every chain of ranges covering [0, n) of the
     * first range's wait, plus for each range p followed by q the longer of p's compute span and the hand-over from p
     * to q ({@link JointHandover}: both bound the time from p's first stage start to q's; {@code h} null: the span
     * alone, the compute chain), plus the last range's span; after a range that does not pass the chain on
     * ({@code passes} false) the next range's own wait starts it again. A shortest path over pairs of consecutive
     * ranges, by range in order of first unit: best[q] is the least start of q's first stage over every chain ending
     * with q, final once every range ending where q starts is.
     */
    private static double handedOver(JointRanges ranges, int n, double[] span, double[] first, boolean[] passes,
                                     JointHandover h) {
        double[] best = new double[ranges.size()];
        Arrays.fill(best, Double.POSITIVE_INFINITY);
        for (int q : ranges.startingAt(0)) {
            best[q] = first[q];
        }
        for (int from = 1; from < n; from++) {
            for (int q : ranges.startingAt(from)) {
                JointHandover.Into into = null;
                for (int p : ranges.endingAt(from)) {
                    if (best[p] == Double.POSITIVE_INFINITY) {
                        continue;
                    }
                    if (!passes[p]) {
                        best[q] = Math.min(best[q], first[q]);
                        continue;
                    }
                    into = into == null && h != null ? h.into(q) : into;
                    best[q] = Math.min(best[q], best[p] + Math.max(span[p], into == null ? 0 : into.fromSeconds(p)));
                }
            }
        }
        double least = Double.POSITIVE_INFINITY;
        for (int p : ranges.endingAt(n)) {
            least = Math.min(least, best[p] + span[p]);
        }
        return least;
    }

    /**
     * The compute chain with the hand-over under early start ({@code full}): per range two least values over every
     * chain ending with it, its first stage start and the time it has computed. A range q after p starts once p has
     * computed, and has computed no earlier than its span after its start nor than {@link JointHandover#fullSeconds}
     * after p's first stage start. Both steps are nondecreasing in p's two values, so their least values per range
     * (each perhaps from another chain) bound every chain's.
     */
    private static double handedOverEarly(JointRanges ranges, int n, double[] span, double[] first, boolean[] passes,
                                          JointHandover h) {
        double[] start = new double[ranges.size()];
        double[] computed = new double[ranges.size()];
        Arrays.fill(start, Double.POSITIVE_INFINITY);
        Arrays.fill(computed, Double.POSITIVE_INFINITY);
        for (int q : ranges.startingAt(0)) {
            start[q] = first[q];
            computed[q] = first[q] + span[q];
        }
        for (int from = 1; from < n; from++) {
            for (int q : ranges.startingAt(from)) {
                for (int p : ranges.endingAt(from)) {
                    if (computed[p] == Double.POSITIVE_INFINITY) {
                        continue;
                    }
                    if (!passes[p]) {
                        start[q] = Math.min(start[q], first[q]);
                        computed[q] = Math.min(computed[q], first[q] + span[q]);
                        continue;
                    }
                    start[q] = Math.min(start[q], computed[p]);
                    computed[q] = Math.min(computed[q], Math.max(computed[p] + span[q],
                            start[p] + h.fullSeconds(p, q)));
                }
            }
        }
        double least = Double.POSITIVE_INFINITY;
        for (int p : ranges.endingAt(n)) {
            least = Math.min(least, computed[p]);
        }
        return least;
    }

    /**
     * The least time from a partition's earliest stage start until it has computed, seconds: stages start no
     * earlier than 0, each at least its start lag after each producer's start and ending at least its end lag after
     * the producer's end; the partition has computed once every stage has ended and (v2) T_comp after each stage's
     * origin. The longest path of these minimum lags (the stages in ascending unit order, producers first).
     */
    static double computeSpanSeconds(PartitionTasks t) {
        List<UnitTask> units = t.units();
        double[] start = new double[units.size()];
        double done = 0;
        for (int i = 0; i < units.size(); i++) {
            UnitTask u = units.get(i);
            for (int k = 0; k < u.preds().size(); k++) {
                int j = indexOf(units, u.preds().get(k));
                double pred = units.get(j).stageSeconds();
                start[i] = Math.max(start[i], start[j] + Math.max(t.startLag(u, k),
                        pred + t.endLag(u, k) - u.stageSeconds()));
            }
            double computed = u.stageSeconds();
            if (t.computeSeconds() > 0) {
                computed = Math.max(computed, t.computeSeconds() - u.offsetSeconds());
            }
            done = Math.max(done, start[i] + computed);
        }
        return done;
    }

    static int indexOf(List<UnitTask> units, int unit) {
        for (int i = 0; i < units.size(); i++) {
            if (units.get(i).unit() == unit) {
                return i;
            }
        }
        throw new IllegalStateException("unit " + unit + " is not weighted in its partition");
    }

    /** The least sum of {@code cost} over a chain of ranges covering units [0, n); infinite when no chain exists. */
    private static double shortest(JointRanges ranges, int n, double[] cost) {
        double[] best = new double[n + 1];
        Arrays.fill(best, Double.POSITIVE_INFINITY);
        best[0] = 0;
        for (int from = 0; from < n; from++) {
            if (best[from] == Double.POSITIVE_INFINITY) {
                continue;
            }
            for (int i : ranges.startingAt(from)) {
                double c = best[from] + cost[i];
                int to = ranges.get(i).to();
                best[to] = Math.min(best[to], c);
            }
        }
        return best[n];
    }
}
