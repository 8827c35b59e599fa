package org.compass.formulations.schedule;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.compass.model.problem.Limits;
import org.compass.model.problem.Problem;
import org.compass.solver.Cancellation;
import org.compass.solver.PhaseSchedule;
import org.compass.solver.Plan;
import org.compass.solver.Schedule;
import org.compass.solver.ScheduleEvaluation;
import org.compass.solver.ScheduleEvaluator;
import org.compass.solver.ScheduleMode;
import org.compass.solver.ScheduleRecord;
import org.compass.solver.ScheduleTasks;
import org.compass.solver.ScheduleValidator;
import org.compass.solver.Status;

/**
 * Write scheduling of a fixed plan: builds the {@link ScheduleInstance}, finds a serial schedule, improves it
 * with the {@link CpSatScheduler} and converts it to a {@link Schedule} in seconds, assigning every write's
 * pooled ports to cores. The result is validated by {@link ScheduleEvaluator}; when the tick model's rounding
 * leaves it no better than the v1 phase schedule, the phase schedule (valid in every mode) is returned, so a
 * schedule never exceeds the v1 latency. Mode NONE returns the phase schedule itself.
 */
public final class WriteScheduler {

    /** CP-SAT workers: its full portfolio runs only with at least 8, which pays off even on 2 cores. */
    public static final int DEFAULT_WORKERS = 8;

    private WriteScheduler() {
    }

    /** Schedules a valid plan under a mode within the limits' time. */
    public static ScheduleResult schedule(Problem problem, Plan plan, ScheduleMode mode, Limits limits) {
        return schedule(problem, plan, mode, limits.seconds(), DEFAULT_WORKERS, limits.seed());
    }

    /** Schedules a valid plan under a mode within the limits' time, stopping early when {@code cancel} is cancelled. */
    public static ScheduleResult schedule(Problem problem, Plan plan, ScheduleMode mode, Limits limits,
                                          Cancellation cancel) {
        return schedule(problem, plan, mode, limits.seconds(), DEFAULT_WORKERS, limits.seed(), cancel);
    }

    /** Schedules a valid plan with an explicit time limit and CP-SAT worker count. */
    public static ScheduleResult schedule(Problem problem, Plan plan, ScheduleMode mode, double seconds,
                                          int workers, long seed) {
        return schedule(problem, plan, mode, seconds, workers, seed, Cancellation.NEVER);
    }

    /**
     * Schedules a valid plan with an explicit time limit and CP-SAT worker count. The limit covers the whole
     * scheduling: the setup (tasks, instance, serial schedule, CP-SAT model) checks it and the cancellation
     * between its steps, and CP-SAT gets what is left. Stopped before CP-SAT runs, it returns the phase schedule
     * (as when the tick model finds no shorter one), FEASIBLE; a cancellation during CP-SAT stops it as its
     * time limit would (the best schedule found so far, FEASIBLE).
     */
    public static ScheduleResult schedule(Problem problem, Plan plan, ScheduleMode mode, double seconds,
                                          int workers, long seed, Cancellation cancel) {
        long t0 = System.nanoTime();
        long deadline = t0 + (long) Math.min(Long.MAX_VALUE / 4.0, Math.max(0, seconds) * 1e9);
        BooleanSupplier stop = () -> cancel.isCancelled() || System.nanoTime() - deadline >= 0;
        Schedule phase = PhaseSchedule.build(problem, plan);
        ScheduleEvaluation phaseEval = ScheduleEvaluator.evaluate(problem, plan, phase);
        if (mode == ScheduleMode.NONE) {
            return new ScheduleResult(plan, mode, phase, phaseEval, Status.OPTIMAL, phaseEval.makespanSeconds(),
                    elapsed(t0), "v1 phase schedule");
        }
        ScheduleTasks tasks = ScheduleTasks.of(problem, plan);
        if (stop.getAsBoolean()) {
            return stopped(problem, plan, mode, tasks, phase, phaseEval, Double.NaN, t0, cancel, "its tasks");
        }
        ScheduleInstance in = ScheduleInstance.of(tasks, mode);
        if (stop.getAsBoolean()) {
            return stopped(problem, plan, mode, tasks, phase, phaseEval, in.lowerBound() * in.tick, t0, cancel,
                    "its instance");
        }
        long[] hint = SerialScheduler.natural(in, stop);
        if (stop.getAsBoolean()) {
            return stopped(problem, plan, mode, tasks, phase, phaseEval, in.lowerBound() * in.tick, t0, cancel,
                    "the serial schedule");
        }
        CpSatScheduler.Outcome o = CpSatScheduler.solve(in, hint, (deadline - System.nanoTime()) / 1e9, workers,
                seed, cancel, stop);
        if (o == null) {
            return stopped(problem, plan, mode, tasks, phase, phaseEval, in.lowerBound() * in.tick, t0, cancel,
                    "the CP-SAT model");
        }
        Schedule schedule = toSchedule(in, o.starts());
        ScheduleEvaluation eval = ScheduleEvaluator.evaluate(problem, plan, schedule);
        double bound = o.bound() * in.tick;
        if (eval.makespanSeconds() >= phaseEval.makespanSeconds()) {
            // with prefetch the phase schedule's loads (streamed over T_prog, as v1 assumes) may exceed the staging
            // buffer's rule; it is then kept as what it is, a schedule of mode none
            Schedule relabelled = new Schedule(mode, phase.records());
            Schedule kept = ScheduleValidator.violations(tasks, relabelled, 1).isEmpty() ? relabelled : phase;
            return new ScheduleResult(plan, mode, kept, ScheduleEvaluator.evaluate(problem, plan, kept),
                    o.optimal() && eval.makespanSeconds() == phaseEval.makespanSeconds() ? Status.OPTIMAL : Status.FEASIBLE,
                    Math.min(bound, phaseEval.makespanSeconds()), elapsed(t0),
                    "phase schedule kept: the tick model found no shorter one");
        }
        return new ScheduleResult(plan, mode, schedule, eval, o.optimal() ? Status.OPTIMAL : Status.FEASIBLE, bound,
                elapsed(t0), "cp-sat, " + in.size() + " activities");
    }

    /**
     * The fallback when the time limit or a cancellation stops the setup before CP-SAT runs: the phase schedule,
     * relabelled to the mode when it obeys the mode's rules (as when the tick model finds no shorter one), FEASIBLE.
     */
    private static ScheduleResult stopped(Problem problem, Plan plan, ScheduleMode mode, ScheduleTasks tasks,
                                          Schedule phase, ScheduleEvaluation phaseEval, double bound, long t0,
                                          Cancellation cancel, String step) {
        Schedule relabelled = new Schedule(mode, phase.records());
        Schedule kept = ScheduleValidator.violations(tasks, relabelled, 1).isEmpty() ? relabelled : phase;
        ScheduleEvaluation eval = kept == phase ? phaseEval : ScheduleEvaluator.evaluate(problem, plan, kept);
        String why = cancel.isCancelled() ? cancel.reason() : "time limit reached";
        return new ScheduleResult(plan, mode, kept, eval, Status.FEASIBLE,
                Double.isNaN(bound) ? 0 : Math.min(bound, phaseEval.makespanSeconds()), elapsed(t0),
                "phase schedule kept: " + why + " while building " + step);
    }

    private static double elapsed(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    /** Converts starts in ticks to records in seconds; a write's k pooled ports go to the lowest free ports. */
    static Schedule toSchedule(ScheduleInstance in, long[] starts) {
        ScheduleTasks tasks = in.tasks;
        List<ScheduleRecord> records = new ArrayList<>();
        List<Integer> writes = new ArrayList<>();
        for (int a = 0; a < in.size(); a++) {
            int p = in.partition.get(a);
            int u = in.unit.get(a);
            double s = starts[a] * in.tick;
            double e = (starts[a] + in.dur(a)) * in.tick;
            switch (in.type.get(a)) {
                case WEIGHT_LOAD -> records.add(ScheduleRecord.weightLoad(p, u, s, e,
                        tasks.partitions().get(p).find(u).weightBytes()));
                case STAGE -> records.add(ScheduleRecord.stage(p, u, s, e));
                case ACT_LOAD -> records.add(ScheduleRecord.activations(ScheduleRecord.Kind.ACT_LOAD, p, s, e,
                        tasks.partitions().get(p).inBytes()));
                case ACT_STORE -> records.add(ScheduleRecord.activations(ScheduleRecord.Kind.ACT_STORE, p, s, e,
                        tasks.partitions().get(p).outBytes()));
                case WRITE -> writes.add(a);
                case MILESTONE -> { }
            }
        }
        writes.sort((x, y) -> Long.compare(starts[x], starts[y]));
        long[] free = new long[in.ports];
        int perCore = tasks.portsPerCore();
        for (int a : writes) {
            int k = in.portDemand.get(a);
            long rows = tasks.partitions().get(in.partition.get(a)).find(in.unit.get(a)).rows();
            long end = starts[a] + in.dur(a);
            long[] coreRows = new long[tasks.cores()];
            int[] corePorts = new int[tasks.cores()];
            int taken = 0;
            for (int port = 0; port < in.ports && taken < k; port++) {
                if (free[port] <= starts[a]) {
                    free[port] = end;
                    coreRows[port / perCore] += rows / k + (taken < rows % k ? 1 : 0);
                    corePorts[port / perCore]++;
                    taken++;
                }
            }
            if (taken < k) {
                throw new IllegalStateException("write " + a + " found " + taken + " free ports of " + k);
            }
            for (int c = 0; c < tasks.cores(); c++) {
                if (corePorts[c] > 0 && coreRows[c] > 0) {
                    records.add(ScheduleRecord.write(c, in.partition.get(a), in.unit.get(a), starts[a] * in.tick,
                            end * in.tick, coreRows[c], corePorts[c]));
                }
            }
        }
        return new Schedule(in.mode, records);
    }
}
