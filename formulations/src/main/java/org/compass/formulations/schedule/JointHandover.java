package org.compass.formulations.schedule;

import java.util.Arrays;
import java.util.List;
import org.compass.model.mapping.Unit;
import org.compass.model.problem.Problem;
import org.compass.solver.schedule.ScheduleTasks;
import org.compass.solver.schedule.ScheduleTasks.PartitionTasks;
import org.compass.solver.schedule.ScheduleTasks.UnitTask;

/**
 * The crossbars one partition hands over to the next, as a term over a pair of consecutive ranges of
 * {@link DpJointScheduler}'s space, with prefetch (issue 12, item 2; proof in docs/scheduling.md, "The crossbar
 * hand-over between neighbouring ranges"). The argument of {@link HandoverBound}, made on the validator's rules in
 * seconds (not on the CP model's instance in ticks), so that it bounds every valid schedule of every plan.
 *
 * <p>In {@code prefetch}: let s_p be the first stage start of partition p and x a least time from s_p to the end of
 * some of p's stages ({@link #stageEndsSeconds}). Without early start every write of p ends before s_p, so each unit
 * of p with rows holds its crossbars from before s_p to its stage's end; those whose stage cannot end before s_p + x,
 * X_p(x) crossbars, hold them just before s_p + x. A write of p+1 started before then holds its unit's crossbars from
 * then until that unit's stage ends, after every stage of p: the units of p+1 with a write started before s_p + x
 * hold at most C - X_p(x) crossbars together. The others write only after s_p + x and before p+1's first stage
 * starts, and their loads deliver there all but what the staging buffer S held at s_p + x. So s_{p+1} - s_p is at
 * least, for every x, x plus the longer of
 * <ul>
 *   <li>the port time of p+1's rows less the most rows a set of its units within C - X_p(x) crossbars can carry (a
 *       0/1 knapsack; a write of r rows through k ports lasts at least r / k row times, the chip has P ports), and</li>
 *   <li>the DRAM time of p+1's weight bytes less the most bytes such a set can carry, less S (rules 9 and 10: a unit
 *       whose load has started and whose writes have not reserves at least what it has loaded).</li>
 * </ul>
 * {@link Into#fromSeconds} is the most of these over x.
 *
 * <p>In {@code full} (early start) a stage waits only for its own unit's writes, so p's units need not be written by
 * s_p, and those of q = p+1 need not be written by s_q: {@link #fullSeconds} takes x = p's least first stage end,
 * lets the units of p and of q written before s_p + x share C (every stage of p ends at or after it, and q's stages
 * start later), and charges the others' rows and bytes after it, ending before q has computed.
 *
 * <p>A range whose replication search is unproven may take any replication: its crossbars, rows and bytes are those
 * of one replica (replicas only add: a set that fits at its true replication fits at one replica, and leaves at
 * least one replica's rows) and its stage ends are bounded only by 0 (stage times depend on the replication).
 *
 * <p>Running time: a knapsack table over every capacity 0..C per range (O(units x C); the fractional knapsack, which
 * is larger, beyond {@link HandoverBound#KNAPSACK_CELLS} cells), then O(stages) per pair in prefetch and O(C) in
 * full: 5-40 ms on the problem files (squeezenet.yaml on compass-s: 780 ranges, 9,880 pairs).
 */
final class JointHandover {

    private final ScheduleTasks chip;
    private final JointRanges ranges;
    private final Problem problem;
    /** False for the deliberately wrong variant of the tests: no write of p+1 before p's stages end. */
    private final boolean prefetchAllowed;
    /**
     * Per range: the least times from its first stage start to its stages' ends, ascending and distinct, seconds
     * ({0} if unproven), and for each the crossbars held then by its units with rows whose stage ends no earlier.
     */
    private final double[][] ends;
    private final long[][] heldUntil;
    /** Per range: its shortest stage time, seconds (0 if unproven); its rows and weight bytes. */
    private final double[] shortestStage;
    private final long[] rows;
    private final long[] bytes;
    /** Per range, built on first use ({@link #fullSeconds}): its knapsack tables of rows and bytes by capacity. */
    private final long[][] rowsTables;
    private final long[][] bytesTables;

    private JointHandover(Problem problem, JointRanges ranges, boolean prefetchAllowed) {
        this.problem = problem;
        this.ranges = ranges;
        this.chip = ranges.chip();
        this.prefetchAllowed = prefetchAllowed;
        ends = new double[ranges.size()][];
        heldUntil = new long[ranges.size()][];
        shortestStage = new double[ranges.size()];
        rows = new long[ranges.size()];
        bytes = new long[ranges.size()];
        rowsTables = new long[ranges.size()][];
        bytesTables = new long[ranges.size()][];
        for (int i = 0; i < ranges.size(); i++) {
            long[][] items = items(i);
            rows[i] = Arrays.stream(items[1]).sum();
            bytes[i] = Arrays.stream(items[2]).sum();
            JointRanges.Range range = ranges.get(i);
            shortestStage[i] = !range.proven() || range.tasks().units().isEmpty() ? 0
                    : range.tasks().units().stream().mapToDouble(UnitTask::stageSeconds).min().orElse(0);
            double[] end = leastEnds(i, items[0].length);
            ends[i] = Arrays.stream(end).distinct().sorted().toArray();
            heldUntil[i] = new long[ends[i].length];
            for (int k = 0; k < items[0].length; k++) {
                for (int e = 0; e < ends[i].length && items[1][k] > 0; e++) {
                    heldUntil[i][e] += ends[i][e] <= end[k] ? items[0][k] : 0;
                }
            }
        }
    }

    /** The hand-over terms of every pair of consecutive ranges. */
    static JointHandover of(Problem problem, JointRanges ranges) {
        return new JointHandover(problem, ranges, true);
    }

    /**
     * A deliberately wrong variant for tests: as if no write of p+1 could start before p's stages end (nothing
     * prefetched). It exceeds the optimum wherever prefetching pays, which shows that the tests can fail.
     */
    static JointHandover withoutPrefetch(Problem problem, JointRanges ranges) {
        return new JointHandover(problem, ranges, false);
    }

    /** The hand-over into one range, from any range before it: its knapsack tables, built once. */
    final class Into {
        private final long rows;
        private final long bytes;
        private final long[][] items;
        /** The most rows, and bytes, a set of the range's units within c crossbars carries; null if too large. */
        private final long[] rowsFit;
        private final long[] bytesFit;

        private Into(int next) {
            items = items(next);
            rows = JointHandover.this.rows[next];
            bytes = JointHandover.this.bytes[next];
            int cap = (int) chip.chipCrossbars();
            boolean exact = (long) items[0].length * (cap + 1) <= HandoverBound.KNAPSACK_CELLS;
            rowsFit = exact ? table(items[0], items[1], cap) : null;
            bytesFit = exact ? table(items[0], items[2], cap) : null;
        }

        /**
         * The least time from the first stage start of range {@code previous} to the first stage start of this range
         * following it, by the hand-over, seconds: for each least stage end x of {@code previous}, x plus the port
         * and DRAM time of this range's writes and loads that cannot be done beside the crossbars held until x; the
         * most over x (0 for a range without stages).
         */
        double fromSeconds(int previous) {
            double most = 0;
            for (int e = 0; e < ends[previous].length; e++) {
                most = Math.max(most, ends[previous][e] + afterSeconds(heldUntil[previous][e]));
            }
            return most;
        }

        /**
         * The least time from an instant at which {@code held} crossbars stay held by the previous partition until
         * this range's first stage start, seconds: the port time of its rows less the most rows a set of its units
         * within the crossbars left can carry, and the DRAM time of its weight bytes less the most bytes such a set
         * can carry and less the staging buffer; the longer (0 when all of it fits).
         */
        private double afterSeconds(long held) {
            int room = (int) (prefetchAllowed ? Math.max(0, chip.chipCrossbars() - held) : 0);
            long rowsLeft = rows - fit(rowsFit, items[1], room);
            long bytesLeft = bytes - fit(bytesFit, items[2], room) - chip.stagingBytes();
            return Math.max(rowsLeft * chip.rowSeconds() / chip.ports(), chip.dramSeconds(Math.max(0, bytesLeft)));
        }

        private long fit(long[] table, long[] value, int room) {
            return table != null ? table[room] : HandoverBound.fractional(items[0], value, room);
        }
    }

    /** The hand-over into range {@code next}. */
    Into into(int next) {
        return new Into(next);
    }

    /**
     * With early start ({@code full}): the least time from the first stage start of range {@code previous} until
     * range {@code next} following it has computed, by the hand-over, seconds. At x, the least first stage end of
     * {@code previous}, every unit of either range written before then holds its crossbars (a unit of
     * {@code previous} until its stage ends, at x or later; one of {@code next} until after every stage of
     * {@code previous}): together at most C. The rows and bytes of the others, less what a set within C carries
     * (the best split of C between the two ranges' knapsack tables) and, for the bytes, less the staging buffer, go
     * after x; the last of them is followed by a stage of {@code next}, or by one of {@code previous} and then all
     * of {@code next}'s span, so by at least {@code next}'s shortest stage.
     */
    double fullSeconds(int previous, int next) {
        if (ends[previous].length == 0) {
            // no stage of previous to start from: nothing claimed (its chain step already covers it)
            return 0;
        }
        int cap = (int) chip.chipCrossbars();
        long[] rp = fullTable(previous, rowsTables, 1);
        long[] rq = fullTable(next, rowsTables, 1);
        long[] bp = fullTable(previous, bytesTables, 2);
        long[] bq = fullTable(next, bytesTables, 2);
        long rowsFit = 0;
        long bytesFit = 0;
        for (int c = 0; prefetchAllowed && c <= cap; c++) {
            rowsFit = Math.max(rowsFit, rp[c] + rq[cap - c]);
            bytesFit = Math.max(bytesFit, bp[c] + bq[cap - c]);
        }
        if (!prefetchAllowed) {
            rowsFit = rp[0] + rq[0];
            bytesFit = bp[0] + bq[0];
        }
        long rowsLeft = rows[previous] + rows[next] - rowsFit;
        long bytesLeft = bytes[previous] + bytes[next] - bytesFit - chip.stagingBytes();
        return ends[previous][0] + Math.max(rowsLeft * chip.rowSeconds() / chip.ports(),
                chip.dramSeconds(Math.max(0, bytesLeft))) + shortestStage[next];
    }

    /**
     * Range i's knapsack table for one value (1 rows, 2 bytes) over every capacity, built once; beyond
     * {@link HandoverBound#KNAPSACK_CELLS} the fractional knapsack's value per capacity (larger).
     */
    private long[] fullTable(int i, long[][] cache, int value) {
        if (cache[i] == null) {
            long[][] items = items(i);
            int cap = (int) chip.chipCrossbars();
            if ((long) items[0].length * (cap + 1) <= HandoverBound.KNAPSACK_CELLS) {
                cache[i] = table(items[0], items[value], cap);
            } else {
                cache[i] = new long[cap + 1];
                for (int c = 0; c <= cap; c++) {
                    cache[i][c] = HandoverBound.fractional(items[0], items[value], c);
                }
            }
        }
        return cache[i];
    }

    /** The most value a set of items within each capacity 0..cap carries (0/1 knapsack by dynamic programming). */
    private static long[] table(long[] weight, long[] value, int cap) {
        long[] best = new long[cap + 1];
        for (int k = 0; k < weight.length; k++) {
            if (weight[k] > cap) {
                continue;
            }
            int w = (int) weight[k];
            for (int c = cap; c >= w; c--) {
                best[c] = Math.max(best[c], best[c - w] + value[k]);
            }
        }
        return best;
    }

    /**
     * The least time from a partition's first stage start to each stage's end, seconds (the stages in the tasks'
     * order): stages start no earlier than 0 and at least their start lag after each producer starts; each ends no
     * earlier than its stage time after its start and its end lag after each producer ends (a stage may last longer
     * than its stage time, so an end lag bounds the end, never the start).
     */
    static double[] stageEndsSeconds(PartitionTasks t) {
        List<UnitTask> units = t.units();
        double[] start = new double[units.size()];
        double[] end = new double[units.size()];
        for (int i = 0; i < units.size(); i++) {
            UnitTask u = units.get(i);
            for (int k = 0; k < u.preds().size(); k++) {
                int j = JointRelaxation.indexOf(units, u.preds().get(k));
                start[i] = Math.max(start[i], start[j] + t.startLag(u, k));
                end[i] = Math.max(end[i], end[j] + t.endLag(u, k));
            }
            end[i] = Math.max(end[i], start[i] + u.stageSeconds());
        }
        return end;
    }

    /** Per weighted unit of range i, ascending: its least stage end after the first stage start (0: unproven). */
    private double[] leastEnds(int i, int count) {
        JointRanges.Range range = ranges.get(i);
        double[] end = new double[count];
        if (!range.proven()) {
            return end;
        }
        double[] byTask = stageEndsSeconds(range.tasks());
        int k = 0;
        for (int u = range.from(); u < range.to(); u++) {
            if (problem.graph().unit(u).weighted()) {
                end[k++] = byTask[JointRelaxation.indexOf(range.tasks().units(), u)];
            }
        }
        return end;
    }

    /**
     * Range i's weighted units, ascending, as knapsack items: crossbars, rows and weight bytes (all replicas at its
     * replication if proven, one replica if not).
     */
    private long[][] items(int i) {
        JointRanges.Range range = ranges.get(i);
        int count = 0;
        for (int u = range.from(); u < range.to(); u++) {
            count += problem.graph().unit(u).weighted() ? 1 : 0;
        }
        long[][] items = new long[3][count];
        int k = 0;
        for (int u = range.from(); u < range.to(); u++) {
            Unit unit = problem.graph().unit(u);
            if (!unit.weighted()) {
                continue;
            }
            UnitTask task = range.proven() ? range.tasks().find(u) : null;
            items[0][k] = task != null ? task.crossbars() : unit.crossbars();
            items[1][k] = task != null ? task.rows() : unit.rowsWritten();
            items[2][k] = unit.weightBytes();
            k++;
        }
        return items;
    }
}
