package org.compass.formulations.schedule;

import java.util.ArrayList;
import java.util.List;
import org.compass.solver.control.Cancellation;

/**
 * Cuts for the CP model (issue 12, item 1; proofs in docs/scheduling.md, "Suffix cuts"): for an activity x,
 * {@code makespan >= start[x] + b_x} and {@code start[x] >= e_x}.
 * <ul>
 *   <li>{@code b_x} is CP-SAT's proved bound on the least time from x's start to the end of the schedule in the
 *       relaxation that keeps only x's lag successors ({@link SegmentModel}, x fixed at 0): every schedule of makespan
 *       at most the horizon restricts, shifted by x's start, to a solution of it. The successors of a write of a
 *       unit holding much of the chip are its stage, its partition's end and every later partition; their resources
 *       and the crossbars x's unit holds are what the DRAM relaxation leaves out (a later partition's weights wait
 *       for x's stage to release its crossbars).</li>
 *   <li>{@code e_x} is CP-SAT's proved bound on x's start in the relaxation that keeps x's partition and the ones
 *       before it, without their activation streams, every weight load at its full rate (valid where nothing kept
 *       runs beside a load's reduced rate, {@link SegmentModel}); at least x's head. For the earliest gate
 *       ({@link #earliestGate}), given a schedule to start from, the exact prefix instead: streams and rates as in
 *       the CP model, from that schedule, with CP-SAT's lower-bound search (docs/scheduling.md, "The gate's exact
 *       prefix").</li>
 * </ul>
 * With the cuts CP-SAT combines its own bound on x's start with the suffix that must follow it, and
 * {@code e_x + b_x} is a bound by itself ({@link #bound}).
 *
 * <p>Candidates: the writes of units holding more than a quarter of the chip's crossbars (prefetch only: without it
 * crossbars are not modelled). A cut is kept when it says more than the lags (b_x above x's tail or e_x above its
 * head). Running time: the gate's two solves first (up to three quarters of the time), then two small CP-SAT solves
 * per candidate, latest first (0.01-0.7 s each on the problem files), until a deadline (a fifth of the schedule's
 * time limit in {@link CpSatScheduler}).
 */
final class SuffixCuts {

    /**
     * A cut: {@code makespan >= start[activity] + ticks} and {@code start[activity] >= earliest}.
     *
     * @param activity  x
     * @param ticks     b_x, the least time from x's start to the end of the schedule
     * @param earliest  a lower bound on x's start, ticks (at least its head)
     */
    record Cut(int activity, long ticks, long earliest) {
    }

    private SuffixCuts() {
    }

    /**
     * The cuts of an instance, computed by a deadline ({@link System#nanoTime()}); candidates left when it passes get
     * none. With a schedule of the instance ({@code hint}, its starts; null for none), the earliest gate
     * ({@link #earliestGate}) comes first: its suffix (within a quarter of the time to the deadline),
     * then its exact prefix bound (its partition and every one before it, activation streams and load rates as in
     * the CP model, solved from the hint with the lower-bound search, {@link SegmentModel}) within three quarters of
     * the time left; the other candidates get what remains. {@code cancel} stops the gate's solve at once (the
     * others are a second or less each) and the candidates not reached get no cut.
     *
     * @param horizon  ticks, at least a known schedule's makespan (the hint's, when given)
     * @param each     CP-SAT's limit per candidate other than the gate, seconds
     */
    static List<Cut> of(ScheduleInstance in, long horizon, double each, long deadlineNanos, int workers, long seed,
                        long[] hint, Cancellation cancel) {
        List<Cut> cuts = new ArrayList<>();
        if (!in.crossbarsModelled) {
            return cuts;
        }
        LagPaths paths = new LagPaths(in);
        long[] tail = paths.tails();
        long[] head = paths.heads();
        List<Integer> candidates = new ArrayList<>();
        for (int x = 0; x < in.size(); x++) {
            if (in.type.get(x) == ScheduleInstance.Type.WRITE && 4 * in.crossbars.get(x) > in.chipCrossbars) {
                candidates.add(x);
            }
        }
        int gate = hint == null ? -1 : earliestGate(in, candidates);
        if (gate >= 0) {
            // the gate first: its suffix, then its exact prefix from the hint with most of the time left
            long b = suffix(in, paths, gate, horizon, Math.min(each, seconds(deadlineNanos) / 4), workers, seed);
            boolean[] prefix = new boolean[in.size()];
            for (int a = 0; a < in.size(); a++) {
                prefix[a] = in.partition.get(a) <= in.partition.get(gate);
            }
            double most = 0.75 * seconds(deadlineNanos);
            long start = most <= 0 ? Long.MIN_VALUE
                    : SegmentModel.lowerBound(in, prefix, -1, gate, horizon, most, workers, seed, false, hint, cancel);
            if (b > tail[gate] || start > head[gate]) {
                cuts.add(new Cut(gate, Math.max(b, tail[gate]), Math.max(head[gate], start)));
            }
            candidates.remove(Integer.valueOf(gate));
        }
        // latest first: their suffixes are the smallest, solved in hundredths of a second, and a later unit's wait
        // for crossbars is what the DRAM relaxation misses most; the earliest ones' suffixes are nearly the instance
        candidates.sort((x, y) -> Long.compare(head[y], head[x]));
        for (int x : candidates) {
            if (seconds(deadlineNanos) <= 0 || cancel.isCancelled()) {
                break;
            }
            long b = suffix(in, paths, x, horizon, Math.min(each, seconds(deadlineNanos)), workers, seed);
            // x's start: the partitions up to x's without activation streams, every load at the full rate where
            // nothing kept could run beside its reduced rate (SegmentModel)
            boolean[] before = new boolean[in.size()];
            boolean fullRate = true;
            for (int a = 0; a < in.size(); a++) {
                ScheduleInstance.Type t = in.type.get(a);
                before[a] = in.partition.get(a) <= in.partition.get(x) && t != ScheduleInstance.Type.ACT_LOAD
                        && t != ScheduleInstance.Type.ACT_STORE;
                fullRate &= !before[a] || !in.dram(a) || in.rateChosen(a)
                        || in.dramDemand.get(a) + ScheduleInstance.SLOW_LOAD_SHARES > ScheduleInstance.DRAM_UNITS;
            }
            double left = seconds(deadlineNanos);
            long start = left <= 0 ? Long.MIN_VALUE
                    : SegmentModel.lowerBound(in, before, -1, x, horizon, Math.min(each, left), workers, seed, fullRate);
            if (b > tail[x] || start > head[x]) {
                cuts.add(new Cut(x, Math.max(b, tail[x]), Math.max(head[x], start)));
            }
        }
        return cuts;
    }

    /** Seconds left until a deadline ({@link System#nanoTime()}). */
    private static double seconds(long deadlineNanos) {
        return (deadlineNanos - System.nanoTime()) / 1e9;
    }

    /** b_x: the least time from x's start to the end in the relaxation that keeps x's lag successors, ticks. */
    private static long suffix(ScheduleInstance in, LagPaths paths, int x, long horizon, double seconds, int workers,
                               long seed) {
        long[] d = paths.from(x);
        boolean[] keep = new boolean[in.size()];
        for (int a = 0; a < in.size(); a++) {
            keep[a] = d[a] != LagPaths.UNREACHED;
        }
        return seconds <= 0 ? Long.MIN_VALUE : SegmentModel.lowerBound(in, keep, x, -1, horizon, seconds, workers, seed);
    }

    /**
     * The earliest candidate write x that every unit of the partition before its own must release crossbars to
     * (x's unit and any of them hold more than the chip together, so {@link ImpliedPrecedences} start x after all of
     * their stages): there the schedule passes through a narrow point, so the prefix up to x bounds x's start
     * closely, and everything after x follows from its start. -1 if none. On VGG-16 on compass-l at batch 1, partition
     * 4's write (a 490-crossbar slice of fc1 after 144-crossbar convolutions): the prefix up to it proves about 500
     * us, where with the activation streams dropped (the other candidates' prefix) its optimum is 420 us.
     */
    static int earliestGate(ScheduleInstance in, List<Integer> candidates) {
        int best = -1;
        for (int x : candidates) {
            int p = in.partition.get(x);
            boolean before = false;
            boolean all = true;
            for (int v = 0; v < in.size(); v++) {
                if (in.type.get(v) == ScheduleInstance.Type.WRITE && in.partition.get(v) == p - 1) {
                    before = true;
                    all &= in.crossbars.get(v) + in.crossbars.get(x) > in.chipCrossbars;
                }
            }
            if (before && all && (best < 0 || p < in.partition.get(best))) {
                best = x;
            }
        }
        return best;
    }

    /** The bound the cuts give by themselves: max over cuts of earliest start + b_x, ticks (0 without cuts). */
    static long bound(List<Cut> cuts) {
        long m = 0;
        for (Cut c : cuts) {
            m = Math.max(m, c.earliest() + c.ticks());
        }
        return m;
    }
}
