package org.compass.formulations.schedule;

import org.compass.model.mapping.Unit;
import org.compass.model.problem.Problem;
import org.compass.solver.schedule.ScheduleTasks;
import org.compass.solver.schedule.ScheduleTasks.PartitionTasks;
import org.compass.solver.schedule.ScheduleTasks.UnitTask;

/**
 * The crossbars one partition hands over to the next, as a term over a pair of consecutive ranges of
 * {@link DpJointScheduler}'s space (issue 12, item 2; proof in docs/scheduling.md, "Prefetch and full: a bound over
 * every schedule"): in {@code prefetch} (no early start), with R_p the first end of a stage of p, the writes of p+1
 * that start before R_p hold, at R_p, crossbars beside all of p's X_p, so at most C - X_p of them; the others start
 * at R_p or later and end before p+1's first stage starts. So that start is at least R_p plus
 * <ul>
 *   <li>the port time of p+1's rows less the most rows a set of its units holding at most C - X_p crossbars can
 *       carry (a 0/1 knapsack; the validator's write-port rule: a write of rows through k ports lasts at least
 *       rows / k row times, the chip has P ports), and</li>
 *   <li>the DRAM time of p+1's weight bytes less the most bytes such a set can carry, less the staging buffer S
 *       (rules 9 and 10: at R_p a unit of p+1 whose load has started and whose writes have not reserves at least
 *       what it has loaded, and the reservations fit in S; every load of p+1 ends before its stages start),</li>
 * </ul>
 * the larger of the two. {@link #firstEndSeconds} bounds R_p from p's first stage start. The lags of
 * {@link ScheduleTasks} make the same argument as {@link HandoverBound}'s, but in seconds on the validator's rules,
 * not in ticks on the CP model's instance, so it bounds every valid schedule.
 *
 * <p>A range whose replication search is unproven may take any replication: its crossbars, rows and bytes are those
 * of one replica (replicas only add: a set that fits at its true replication fits at one replica, and leaves at
 * least one replica's rows), and its first stage end is bounded only by 0 (stage times depend on the replication).
 *
 * <p>Running time: per range, a knapsack table over every capacity 0..C (O(units x C)), built once when a pair
 * first needs it, then O(1) per pair: on squeezenet.yaml (compass-s) 780 ranges and 9,958 pairs.
 */
final class JointHandover {

    private final ScheduleTasks chip;
    private final JointRanges ranges;
    private final Problem problem;
    /** False for the deliberately wrong variant of the tests: no write of p+1 before R_p. */
    private final boolean prefetchAllowed;
    /** Per range: the least time from its first stage start to its first stage end, seconds. */
    private final double[] firstEnd;
    /** Per range: the crossbars its written units hold at its first stage end (one replica if unproven). */
    private final long[] held;
    /** Per range: its rows and weight bytes (one replica's rows if unproven). */
    private final long[] rows;
    private final long[] bytes;
    /** Per range, built on first use: the most rows, and bytes, a set of its units within c crossbars carries. */
    private final long[][] rowsFit;
    private final long[][] bytesFit;

    private JointHandover(Problem problem, JointRanges ranges, boolean prefetchAllowed) {
        this.problem = problem;
        this.ranges = ranges;
        this.chip = ranges.chip();
        this.prefetchAllowed = prefetchAllowed;
        int r = ranges.size();
        firstEnd = new double[r];
        held = new long[r];
        rows = new long[r];
        bytes = new long[r];
        rowsFit = new long[r][];
        bytesFit = new long[r][];
        for (int i = 0; i < r; i++) {
            long[][] items = items(i);
            for (int k = 0; k < items[0].length; k++) {
                // a unit holds its crossbars from its first write's start (before any stage of p starts, without
                // early start) to its stage's end (at R_p or later): those with rows to write hold them at R_p
                held[i] += items[1][k] > 0 ? items[0][k] : 0;
                rows[i] += items[1][k];
                bytes[i] += items[2][k];
            }
            JointRanges.Range range = ranges.get(i);
            firstEnd[i] = range.proven() ? firstEndSeconds(range.tasks()) : 0;
        }
    }

    /** The hand-over terms of every pair of consecutive ranges. */
    static JointHandover of(Problem problem, JointRanges ranges) {
        return new JointHandover(problem, ranges, true);
    }

    /**
     * A deliberately wrong variant for tests: as if no write of p+1 could start before R_p (nothing prefetched).
     * It exceeds the optimum wherever prefetching pays, which shows that the tests can fail.
     */
    static JointHandover withoutPrefetch(Problem problem, JointRanges ranges) {
        return new JointHandover(problem, ranges, false);
    }

    /** The least time from range i's first stage start to its first stage end, seconds (0 if unproven). */
    double firstEndSeconds(int i) {
        return firstEnd[i];
    }

    /**
     * The least time from the first stage end of range {@code previous} to the first stage start of range
     * {@code next} following it, seconds: the port and DRAM time of {@code next}'s writes and loads that cannot
     * be done beside {@code previous}'s crossbars (0 when all of it fits beside them).
     */
    double afterReleaseSeconds(int previous, int next) {
        long room = prefetchAllowed ? Math.max(0, chip.chipCrossbars() - held[previous]) : 0;
        int c = (int) Math.min(room, chip.chipCrossbars());
        long rowsLeft = rows[next] - table(next, rowsFit, 1)[c];
        long bytesLeft = bytes[next] - table(next, bytesFit, 2)[c] - chip.stagingBytes();
        return Math.max(rowsLeft * chip.rowSeconds() / chip.ports(), chip.dramSeconds(Math.max(0, bytesLeft)));
    }

    /**
     * The least time from a partition's first stage start to its first stage end, seconds: stages start no earlier
     * than 0 and at least their start lag after each producer starts; each ends no earlier than its stage time after
     * its start and its end lag after each producer ends (a stage may last longer than its stage time, so an end
     * lag bounds the end, never the start). The least end over the stages.
     */
    static double firstEndSeconds(PartitionTasks t) {
        java.util.List<UnitTask> units = t.units();
        double[] start = new double[units.size()];
        double[] end = new double[units.size()];
        double least = units.isEmpty() ? 0 : Double.POSITIVE_INFINITY;
        for (int i = 0; i < units.size(); i++) {
            UnitTask u = units.get(i);
            for (int k = 0; k < u.preds().size(); k++) {
                int j = JointRelaxation.indexOf(units, u.preds().get(k));
                start[i] = Math.max(start[i], start[j] + t.startLag(u, k));
                end[i] = Math.max(end[i], end[j] + t.endLag(u, k));
            }
            end[i] = Math.max(end[i], start[i] + u.stageSeconds());
            least = Math.min(least, end[i]);
        }
        return least;
    }

    /** The knapsack table of range i for one value (1 rows, 2 bytes), built on first use. */
    private long[] table(int i, long[][] cache, int value) {
        if (cache[i] == null) {
            long[][] items = items(i);
            int cap = (int) chip.chipCrossbars();
            long[] best = new long[cap + 1];
            for (int k = 0; k < items[0].length; k++) {
                long w = items[0][k];
                if (w > cap) {
                    continue;
                }
                for (int c = cap; c >= w; c--) {
                    best[c] = Math.max(best[c], best[c - (int) w] + items[value][k]);
                }
            }
            cache[i] = best;
        }
        return cache[i];
    }

    /**
     * Range i's weighted units as knapsack items: crossbars, rows and weight bytes (all replicas at its replication
     * if proven, one replica if not).
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
