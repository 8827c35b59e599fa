package org.compass.formulations.schedule;

import com.google.ortools.sat.BoolVar;
import com.google.ortools.sat.CpModel;
import com.google.ortools.sat.CpSolver;
import com.google.ortools.sat.CpSolverStatus;
import com.google.ortools.sat.CumulativeConstraint;
import com.google.ortools.sat.IntVar;
import com.google.ortools.sat.IntervalVar;
import com.google.ortools.sat.LinearExpr;
import org.compass.formulations.ortools.OrTools;

/**
 * A relaxation of a {@link ScheduleInstance} to a subset of its activities, solved by CP-SAT for a proved lower
 * bound (issue 12, item 1; used by {@link SuffixCuts}, proof in docs/scheduling.md, "Suffix cuts: DRAM with the
 * crossbars"). It posts the lags and DRAM demands as {@link CpSatScheduler}'s model does ({@link CpSatPosting}) and
 * mirrors its write ports, crossbars and staging over a subset of the activities: a change to those must be made
 * here too, or the bound may no longer be a relaxation of the model.
 *
 * <p>Kept: the activities of {@code keep}, the lags between two kept activities, and every resource as the CP model
 * ({@link CpSatScheduler}) has it, over the kept activities only: write ports, DRAM (a load's rate chosen as there),
 * crossbars (a write's occupancy up to its stage's end when the stage is kept, else its own interval, which the
 * occupancy contains) and staging (a reservation from the load's start when the load is kept, else from the write's
 * start: the reservation contains the write, which starts no earlier than the load). Dropped: every other activity
 * and every lag touching one; both only remove constraints. The times are shifted so that {@code anchor} starts at 0
 * (or, without an anchor, every start is at least 0 and at least its head); {@code target} is the activity whose
 * start is minimized (or, without a target, the latest end of a kept activity, each at least its start plus its
 * tail in the whole instance). Starts lie in [-horizon, horizon], horizon at least a known schedule's makespan, so
 * the restriction of every schedule no longer than it (an optimal one among them) is a solution.
 *
 * <p>Returns CP-SAT's proved bound on the objective, ticks (its best objective bound, valid when the status
 * is OPTIMAL or FEASIBLE); {@link Long#MIN_VALUE} otherwise (nothing claimed).
 */
final class SegmentModel {

    private SegmentModel() {
    }

    /**
     * @param in       the instance
     * @param keep     the activities kept
     * @param anchor   the activity fixed at time 0, or -1 for none (starts from 0)
     * @param target   the activity whose start is minimized, or -1 for the latest end
     * @param horizon  ticks, at least a known schedule's makespan
     * @param seconds  CP-SAT's time limit
     * @param workers  CP-SAT's workers
     * @param seed     CP-SAT's random seed
     * @return a proved lower bound on the objective, ticks, or {@link Long#MIN_VALUE}
     */
    static long lowerBound(ScheduleInstance in, boolean[] keep, int anchor, int target, long horizon, double seconds,
                           int workers, long seed) {
        return lowerBound(in, keep, anchor, target, horizon, seconds, workers, seed, false);
    }

    /**
     * As above; {@code fullRate}: every weight load whose rate is chosen runs at its full rate only. A relaxation
     * when no kept transfer can run beside a load's reduced rate (every kept DRAM activity other than such loads
     * takes more than the tenth the reduced rate leaves; callers drop the activation streams): a load then overlaps no
     * kept transfer at either rate (two loads take more than the bandwidth), so at the full rate, from the same start,
     * it runs inside its real interval, and the lags after its end and its staging reservation only loosen.
     */
    static long lowerBound(ScheduleInstance in, boolean[] keep, int anchor, int target, long horizon, double seconds,
                           int workers, long seed, boolean fullRate) {
        return lowerBound(in, keep, anchor, target, horizon, seconds, workers, seed, fullRate, null,
                org.compass.solver.control.Cancellation.NEVER);
    }

    /**
     * As above, from a schedule of the whole instance ({@code hint}: its starts, every load at its full rate, no
     * longer than {@code horizon}; null for none): CP-SAT starts from its restriction, and its objective lower-bound
     * search ({@link CpSatScheduler#LOWER_BOUND_SEARCH}) runs beside the default worker. That search is what proves:
     * on VGG-16 on compass-l at batch 1, the prefix of partition 4's write with its activation streams, 2 workers,
     * proves 385-386 us in 1-2 s with the default portfolio alone, 495-500 us in 2 s with the search, 499-522 us with
     * the search and the hint (2026-12-01, load 1.4-2.0; docs/scheduling.md, "The gate's exact prefix").
     * {@code cancel} stops CP-SAT as its time limit would (the bound proved so far stands).
     */
    static long lowerBound(ScheduleInstance in, boolean[] keep, int anchor, int target, long horizon, double seconds,
                           int workers, long seed, boolean fullRate, long[] hint,
                           org.compass.solver.control.Cancellation cancel) {
        OrTools.ensureLoaded();
        int n = in.size();
        LagPaths paths = new LagPaths(in);
        long[] head = paths.heads();
        long[] tail = paths.tails();
        long lo = anchor >= 0 ? -horizon : 0;
        CpModel model = new CpModel();
        IntVar[] s = new IntVar[n];
        LinearExpr[] end = new LinearExpr[n];
        BoolVar[] slow = new BoolVar[n];
        for (int a = 0; a < n; a++) {
            if (!keep[a]) {
                continue;
            }
            long from = anchor >= 0 ? lo : head[a];
            s[a] = a == anchor ? model.newConstant(0) : model.newIntVar(Math.min(from, horizon), horizon, "s_" + a);
            slow[a] = in.rateChosen(a) && !fullRate ? model.newBoolVar("slow_" + a) : null;
            end[a] = CpSatPosting.end(in, a, s[a], slow[a]);
        }
        CpSatPosting.lags(model, in, s, end, slow, keep);
        CumulativeConstraint ports = model.addCumulative(in.ports);
        CumulativeConstraint dram = model.addCumulative(ScheduleInstance.DRAM_UNITS);
        CumulativeConstraint crossbars = in.crossbarsModelled ? model.addCumulative(in.chipCrossbars) : null;
        CumulativeConstraint staged = in.stagingModelled ? model.addCumulative(in.stagingBytes) : null;
        long span = 2 * horizon;
        for (int a = 0; a < n; a++) {
            if (!keep[a]) {
                continue;
            }
            IntervalVar iv = model.newFixedSizeIntervalVar(s[a], in.dur(a), "iv_" + a);
            if (in.type.get(a) == ScheduleInstance.Type.WRITE) {
                ports.addDemand(iv, in.portDemand.get(a));
                int st = in.releasedBy.get(a);
                if (crossbars != null) {
                    if (keep[st]) {
                        IntVar size = model.newIntVar(in.dur(a) + in.dur(st), span, "occ_" + a);
                        crossbars.addDemand(model.newIntervalVar(s[a], size, LinearExpr.affine(s[st], 1, in.dur(st)),
                                "occ_iv_" + a), in.crossbars.get(a));
                    } else {
                        crossbars.addDemand(iv, in.crossbars.get(a));
                    }
                }
                int ld = in.loadOf.get(a);
                if (staged != null) {
                    if (keep[ld]) {
                        IntVar stagedEnd = model.newIntVar(lo, horizon + span, "stage_end_" + a);
                        model.addGreaterOrEqual(LinearExpr.newBuilder().add(stagedEnd).addTerm(s[a], -1).build(),
                                in.dur(a));
                        model.addGreaterOrEqual(stagedEnd, end[ld]);
                        IntVar size = model.newIntVar(Math.max(in.dur(a), in.dur(ld)), span, "staged_" + a);
                        staged.addDemand(model.newIntervalVar(s[ld], size, stagedEnd, "staged_iv_" + a),
                                in.staging.get(a));
                    } else {
                        staged.addDemand(iv, in.staging.get(a));
                    }
                }
            }
            CpSatPosting.dram(model, dram, in, a, s[a], iv, slow[a]);
        }
        IntVar objective;
        if (target >= 0) {
            objective = s[target];
        } else {
            objective = model.newIntVar(lo, horizon + span, "makespan");
            for (int a = 0; a < n; a++) {
                if (keep[a]) {
                    model.addGreaterOrEqual(objective, end[a]);
                    model.addGreaterOrEqual(LinearExpr.newBuilder().add(objective).addTerm(s[a], -1).build(), tail[a]);
                }
            }
        }
        model.minimize(objective);
        CpSolver solver = new CpSolver();
        solver.getParameters().setMaxTimeInSeconds(Math.max(0.01, seconds)).setNumWorkers(workers)
                .setRandomSeed((int) seed).setLogSearchProgress(false);
        if (hint != null && anchor < 0) {
            for (int a = 0; a < n; a++) {
                if (keep[a]) {
                    model.addHint(s[a], hint[a]);
                    if (slow[a] != null) {
                        model.addHint(slow[a], 0);
                    }
                }
            }
            solver.getParameters().addExtraSubsolvers(CpSatScheduler.LOWER_BOUND_SEARCH);
        }
        CpSolverStatus status = OrTools.solve(solver, model, null, cancel);
        if (status != CpSolverStatus.OPTIMAL && status != CpSolverStatus.FEASIBLE) {
            return Long.MIN_VALUE;
        }
        return (long) Math.ceil(solver.bestObjectiveBound() - 1e-9);
    }
}
