package org.compass.formulations.schedule;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts {@code makespan >= start[x] + b_x} for the CP model (issue 12, item 1; proof in docs/scheduling.md, "Suffix
 * cuts"): for an activity x, {@code b_x} is CP-SAT's proved bound on the least time from x's start to the end of
 * the schedule in the relaxation that keeps only x's lag successors ({@link SegmentModel}, x fixed at 0). Every
 * schedule of makespan at most the horizon restricts, shifted by x's start, to a solution of that relaxation, so
 * its makespan is at least {@code start[x] + b_x}. The successors of a write of a unit holding much of the chip are
 * its stage, its partition's end and every later partition; their resources and the crossbars x's unit holds are
 * what the DRAM relaxation leaves out (a later partition's weights wait for x's stage to release its crossbars).
 * With the cuts CP-SAT combines its own bound on x's start with the suffix that must follow it.
 *
 * <p>Candidates: the writes of units holding more than a quarter of the chip's crossbars (prefetch only: without it
 * crossbars are not modelled). A cut is kept when it says more than the lags ({@code b_x} above x's tail).
 * Running time: one small CP-SAT solve per candidate, latest first (0.01-0.5 s each on the problem files), until a
 * deadline (a tenth of the schedule's time limit in {@link CpSatScheduler}).
 */
final class SuffixCuts {

    /** A cut: {@code makespan >= start[activity] + ticks}. */
    record Cut(int activity, long ticks) {
    }

    private SuffixCuts() {
    }

    /**
     * The cuts of an instance, computed by a deadline ({@link System#nanoTime()}); candidates left when it passes get
     * none.
     *
     * @param horizon  ticks, at least a known schedule's makespan
     * @param each     CP-SAT's limit per candidate, seconds
     */
    static List<Cut> of(ScheduleInstance in, long horizon, double each, long deadlineNanos, int workers, long seed) {
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
        // latest first: their suffixes are the smallest, solved in hundredths of a second, and a later unit's wait
        // for crossbars is what the DRAM relaxation misses most; the earliest ones' suffixes are nearly the instance
        candidates.sort((x, y) -> Long.compare(head[y], head[x]));
        for (int x : candidates) {
            double left = (deadlineNanos - System.nanoTime()) / 1e9;
            if (left <= 0) {
                break;
            }
            long[] d = paths.from(x);
            boolean[] keep = new boolean[in.size()];
            for (int a = 0; a < in.size(); a++) {
                keep[a] = d[a] != LagPaths.UNREACHED;
            }
            long b = SegmentModel.lowerBound(in, keep, x, -1, horizon, Math.min(each, left), workers, seed);
            if (b > tail[x]) {
                cuts.add(new Cut(x, b));
            }
        }
        return cuts;
    }

    /** The bound the cuts give with the lags' heads alone: max over cuts of head[x] + b_x, ticks (0 without cuts). */
    static long headBound(ScheduleInstance in, List<Cut> cuts) {
        long[] head = new LagPaths(in).heads();
        long m = 0;
        for (Cut c : cuts) {
            m = Math.max(m, head[c.activity()] + c.ticks());
        }
        return m;
    }
}
