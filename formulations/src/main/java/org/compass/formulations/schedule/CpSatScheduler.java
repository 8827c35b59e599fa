package org.compass.formulations.schedule;

import com.google.ortools.sat.CpModel;
import com.google.ortools.sat.CpSolver;
import com.google.ortools.sat.CpSolverStatus;
import com.google.ortools.sat.CumulativeConstraint;
import com.google.ortools.sat.IntVar;
import com.google.ortools.sat.IntervalVar;
import com.google.ortools.sat.LinearExpr;
import org.compass.formulations.ortools.OrTools;
import java.util.function.BooleanSupplier;
import org.compass.solver.Cancellation;

/**
 * CP-SAT interval model of a {@link ScheduleInstance}, minimizing the makespan.
 *
 * <p>Variables: a start per activity (0 .. horizon - duration) with a fixed-size interval; with prefetch, an
 * occupancy interval per write from its start to its stage's end. Constraints: every minimum lag
 * (start[to] - start[from] &gt;= lag); write ports as a cumulative of capacity P over the writes' port demands;
 * DRAM as a cumulative of {@link ScheduleInstance#DRAM_UNITS} shares over transfers; with prefetch, crossbars as a cumulative of the chip's capacity over the
 * occupancies and weight staging as a cumulative of the buffer's bytes over [load start, max(load end, write
 * end)]; makespan &gt;= every end, and the redundant bounds makespan &gt;= DRAM area / bandwidth and
 * &gt;= write-port area / P. Objective: minimize makespan. The serial schedule is given as a hint and its
 * makespan as the horizon (so a solution always exists). Size: O(activities + lags) = O(units x partitions'
 * sizes) variables and constraints.
 */
final class CpSatScheduler {

    /** Outcome in ticks. */
    record Outcome(long[] starts, long makespan, long bound, boolean optimal) {
    }

    private CpSatScheduler() {
    }

    static Outcome solve(ScheduleInstance in, long[] hint, double seconds, int workers, long seed) {
        return solve(in, hint, seconds, workers, seed, Cancellation.NEVER);
    }

    /** Solves within the time limit; a cancellation stops CP-SAT as the limit would. */
    static Outcome solve(ScheduleInstance in, long[] hint, double seconds, int workers, long seed,
                         Cancellation cancel) {
        return solve(in, hint, seconds, workers, seed, cancel, cancel::isCancelled);
    }

    /**
     * Solves within the time limit; a cancellation stops CP-SAT as the limit would. {@code stop} is polled
     * between the model's building steps: null when it turns true before CP-SAT starts.
     */
    static Outcome solve(ScheduleInstance in, long[] hint, double seconds, int workers, long seed,
                         Cancellation cancel, BooleanSupplier stop) {
        OrTools.ensureLoaded();
        if (stop.getAsBoolean()) {
            return null;
        }
        int n = in.size();
        long horizon = SerialScheduler.makespan(in, hint);
        CpModel model = new CpModel();
        IntVar[] s = new IntVar[n];
        IntervalVar[] iv = new IntervalVar[n];
        for (int a = 0; a < n; a++) {
            s[a] = model.newIntVar(0, horizon - in.dur(a), "s_" + a);
            iv[a] = model.newFixedSizeIntervalVar(s[a], in.dur(a), "iv_" + a);
        }
        if (stop.getAsBoolean()) {
            return null;
        }
        // Every minimum lag between starts.
        for (long[] l : in.lags) {
            model.addGreaterOrEqual(LinearExpr.newBuilder().add(s[(int) l[1]]).addTerm(s[(int) l[0]], -1).build(), l[2]);
        }
        if (stop.getAsBoolean()) {
            return null;
        }
        // Write ports are shared by all writes.
        CumulativeConstraint portsUsed = model.addCumulative(in.ports);
        // DRAM: weight loads take the whole bandwidth, activation streams their average rate.
        CumulativeConstraint dram = model.addCumulative(ScheduleInstance.DRAM_UNITS);
        // A unit holds its crossbars from its write's start to its stage's end.
        CumulativeConstraint crossbars = in.crossbarsModelled ? model.addCumulative(in.chipCrossbars) : null;
        // A unit's weights wait in the staging buffer from its load's start until loaded and written.
        CumulativeConstraint staged = in.stagingModelled ? model.addCumulative(in.stagingBytes) : null;
        for (int a = 0; a < n; a++) {
            if (in.type.get(a) == ScheduleInstance.Type.WRITE) {
                portsUsed.addDemand(iv[a], in.portDemand.get(a));
                if (crossbars != null) {
                    int st = in.releasedBy.get(a);
                    IntVar size = model.newIntVar(0, horizon, "occ_" + a);
                    IntervalVar occ = model.newIntervalVar(s[a], size,
                            LinearExpr.affine(s[st], 1, in.dur(st)), "occ_iv_" + a);
                    crossbars.addDemand(occ, in.crossbars.get(a));
                }
                if (staged != null) {
                    int ld = in.loadOf.get(a);
                    IntVar end = model.newIntVar(0, horizon, "stage_end_" + a);
                    model.addGreaterOrEqual(LinearExpr.newBuilder().add(end).addTerm(s[a], -1).build(), in.dur(a));
                    model.addGreaterOrEqual(LinearExpr.newBuilder().add(end).addTerm(s[ld], -1).build(), in.dur(ld));
                    IntVar size = model.newIntVar(0, horizon, "staged_" + a);
                    staged.addDemand(model.newIntervalVar(s[ld], size, end, "staged_iv_" + a), in.staging.get(a));
                }
            }
            if (in.dram(a)) {
                dram.addDemand(iv[a], in.dramDemand.get(a));
            }
        }
        if (stop.getAsBoolean()) {
            return null;
        }
        IntVar makespan = model.newIntVar(Math.min(in.lowerBound(), horizon), horizon, "makespan");
        for (int a = 0; a < n; a++) {
            model.addGreaterOrEqual(LinearExpr.newBuilder().add(makespan).addTerm(s[a], -1).build(), in.dur(a));
        }
        model.minimize(makespan);
        for (int a = 0; a < n; a++) {
            model.addHint(s[a], hint[a]);
        }
        model.addHint(makespan, horizon);
        if (stop.getAsBoolean()) {
            return null;
        }
        CpSolver solver = new CpSolver();
        solver.getParameters().setMaxTimeInSeconds(seconds).setNumWorkers(workers).setRandomSeed((int) seed)
                .setLogSearchProgress(false);
        CpSolverStatus status = OrTools.solve(solver, model, null, cancel);
        if (status != CpSolverStatus.OPTIMAL && status != CpSolverStatus.FEASIBLE) {
            return new Outcome(hint.clone(), horizon, in.lowerBound(), false);
        }
        long[] starts = new long[n];
        for (int a = 0; a < n; a++) {
            starts[a] = solver.value(s[a]);
        }
        return new Outcome(starts, solver.value(makespan), (long) Math.ceil(solver.bestObjectiveBound() - 1e-9),
                status == CpSolverStatus.OPTIMAL);
    }
}
