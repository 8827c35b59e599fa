package org.compass.formulations.schedule;

import java.util.ArrayList;
import java.util.List;

/**
 * Precedences that the crossbars and the staging buffer imply between the units of neighbouring partitions p and
 * p+1 (issue 12, item 1; proof in docs/scheduling.md, "Implied precedences"). Every schedule of the instance already
 * obeys them; stated as lags they reach the lag paths (heads, tails and so every relaxation of
 * {@link RelaxationBound}) and CP-SAT's propagation, where the cumulatives alone leave the order to the search.
 * <ul>
 *   <li><b>Crossbars</b>: a unit u of p and a unit v of p+1 that together hold more than the chip never hold their
 *       crossbars at once, and v's stage ends after u's (every stage of p+1 starts after p has computed), so v's
 *       occupancy cannot come first: v's write starts after u's stage ends.</li>
 *   <li><b>Staging</b>: a unit u of p and a unit v of p+1 that together reserve more than the buffer never reserve
 *       it at once, and u's load starts first (loads run in partition order), so u's reservation ends before v's
 *       begins: v's load starts after u's write ends.</li>
 * </ul>
 * Where crossbars and staging are modelled (with prefetch). Neighbours only: further pairs follow mostly through the
 * stage and load orders, and all pairs would be quadratic in the units. On the problem files in mode {@code full}
 * they raise the bound at the root most where one partition's units nearly fill the chip: VGG-16 on compass-m at batch
 * 16 from 8764.8 to 11362.4 us, ResNet-18 on compass-s at batch 1 from 262.8 to 317.2 us.
 */
final class ImpliedPrecedences {

    private ImpliedPrecedences() {
    }

    /** The implied lags of an instance, in its format ({from, to, lag, kind}); none without prefetch. */
    static List<long[]> of(ScheduleInstance in) {
        return lags(in, false);
    }

    /**
     * A deliberately wrong variant for tests: the crossbar precedence between every pair of neighbouring units,
     * whether or not they fit on the chip together. It cuts off schedules where it does not apply.
     */
    static List<long[]> everyPair(ScheduleInstance in) {
        return lags(in, true);
    }

    private static List<long[]> lags(ScheduleInstance in, boolean everyPair) {
        List<long[]> lags = new ArrayList<>();
        if (!in.crossbarsModelled || !in.stagingModelled) {
            return lags;
        }
        List<List<Integer>> writes = new ArrayList<>();
        for (int a = 0; a < in.size(); a++) {
            if (in.type.get(a) == ScheduleInstance.Type.WRITE) {
                int p = in.partition.get(a);
                while (writes.size() <= p) {
                    writes.add(new ArrayList<>());
                }
                writes.get(p).add(a);
            }
        }
        for (int p = 0; p + 1 < writes.size(); p++) {
            for (int u : writes.get(p)) {
                for (int v : writes.get(p + 1)) {
                    if ((everyPair || in.crossbars.get(u) + in.crossbars.get(v) > in.chipCrossbars) && holds(in, u)
                            && holds(in, v)) {
                        int stage = in.releasedBy.get(u);
                        lags.add(new long[] {stage, v, in.dur(stage), 1});
                    }
                    if (in.staging.get(u) + in.staging.get(v) > in.stagingBytes && in.dur(in.loadOf.get(u)) > 0
                            && in.dur(in.loadOf.get(v)) > 0) {
                        lags.add(new long[] {u, in.loadOf.get(v), in.dur(u), 1});
                    }
                }
            }
        }
        return lags;
    }

    /** Whether a write's unit holds its crossbars for a positive time (from the write's start to its stage's end). */
    private static boolean holds(ScheduleInstance in, int write) {
        return in.dur(write) + in.dur(in.releasedBy.get(write)) > 0;
    }
}
