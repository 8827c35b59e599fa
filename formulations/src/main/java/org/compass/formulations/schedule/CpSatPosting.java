package org.compass.formulations.schedule;

import com.google.ortools.sat.BoolVar;
import com.google.ortools.sat.CpModel;
import com.google.ortools.sat.CumulativeConstraint;
import com.google.ortools.sat.IntVar;
import com.google.ortools.sat.IntervalVar;
import com.google.ortools.sat.LinearExpr;

/**
 * The parts of a {@link ScheduleInstance}'s CP-SAT model that the whole model ({@link CpSatScheduler}) and its
 * relaxations to a subset of activities ({@link SegmentModel}) post alike: a weight load's end where its rate is
 * chosen, the minimum lags, and the DRAM demands. One place, so that a segment stays a relaxation of the model when
 * the model changes.
 */
final class CpSatPosting {

    private CpSatPosting() {
    }

    /**
     * Activity a's end: its start plus its duration, or, where the load's rate is chosen ({@code slow} not null),
     * plus the reduced rate's longer duration when {@code slow} is true.
     */
    static LinearExpr end(ScheduleInstance in, int a, IntVar s, BoolVar slow) {
        return slow == null ? LinearExpr.affine(s, 1, in.dur(a))
                : LinearExpr.newBuilder().add(s).add(in.dur(a)).addTerm(slow, in.slowDuration.get(a) - in.dur(a))
                        .build();
    }

    /**
     * Every minimum lag between starts whose two activities are kept ({@code keep} null: all); a lag after a load
     * whose rate is chosen follows that load's end.
     */
    static void lags(CpModel model, ScheduleInstance in, IntVar[] s, LinearExpr[] end, BoolVar[] slow, boolean[] keep) {
        for (long[] l : in.lags) {
            int from = (int) l[0];
            int to = (int) l[1];
            if (keep != null && (!keep[from] || !keep[to])) {
                continue;
            }
            if (l[3] == 1 && slow[from] != null) {
                // after a load whose rate is chosen: after its end
                model.addGreaterOrEqual(s[to], end[from]);
            } else if (l[3] == 2 && slow[from] != null) {
                // ends no earlier than a load whose rate is chosen
                model.addGreaterOrEqual(end[to], end[from]);
            } else {
                model.addGreaterOrEqual(LinearExpr.newBuilder().add(s[to]).addTerm(s[from], -1).build(), l[2]);
            }
        }
    }

    /**
     * Activity a's DRAM demand, if it uses DRAM: a load whose rate is chosen at the full rate, or longer at
     * {@link ScheduleInstance#SLOW_LOAD_SHARES} beside an activation stream; any other transfer at its demand.
     */
    static void dram(CpModel model, CumulativeConstraint dram, ScheduleInstance in, int a, IntVar s, IntervalVar iv,
                     BoolVar slow) {
        if (!in.dram(a)) {
            return;
        }
        if (slow != null) {
            dram.addDemand(model.newOptionalFixedSizeIntervalVar(s, in.dur(a), slow.not(), "fast_" + a),
                    in.dramDemand.get(a));
            dram.addDemand(model.newOptionalFixedSizeIntervalVar(s, in.slowDuration.get(a), slow, "slow_iv_" + a),
                    ScheduleInstance.SLOW_LOAD_SHARES);
        } else {
            dram.addDemand(iv, in.dramDemand.get(a));
        }
    }
}
