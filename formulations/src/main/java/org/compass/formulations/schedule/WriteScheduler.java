package org.compass.formulations.schedule;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.compass.model.problem.Limits;
import org.compass.model.problem.Problem;
import org.compass.solver.control.Cancellation;
import org.compass.solver.schedule.PhaseSchedule;
import org.compass.solver.control.ProgressListener;
import org.compass.solver.plan.Plan;
import org.compass.solver.schedule.Schedule;
import org.compass.solver.schedule.ScheduleEvaluation;
import org.compass.solver.schedule.ScheduleEvaluator;
import org.compass.solver.schedule.ScheduleMode;
import org.compass.solver.schedule.ScheduleRecord;
import org.compass.solver.schedule.ScheduleTasks;
import org.compass.solver.schedule.ScheduleValidator;
import org.compass.solver.Status;

/**
 * Write scheduling of a fixed plan: builds the {@link ScheduleInstance}, finds a serial schedule, improves it
 * with the {@link CpSatScheduler} and converts it to a {@link Schedule} in seconds, assigning every write's
 * pooled ports to cores. Without prefetch the schedule decomposes exactly by partition, and each partition is
 * solved alone ({@link #byPartition}). The result is validated by {@link ScheduleEvaluator}; when the tick model's rounding
 * leaves it no better than the v1 phase schedule, the phase schedule (valid in every mode) is returned, so a
 * schedule never exceeds the v1 latency. Mode NONE returns the phase schedule itself.
 */
public final class WriteScheduler {

    /** CP-SAT workers: its full portfolio runs only with at least 8, which pays off even on 2 cores. */
    public static final int DEFAULT_WORKERS = 8;

    /** How the message of a result that keeps the phase schedule begins (no overlapped schedule is shorter, or none was found). */
    public static final String PHASES_KEPT = "phase schedule kept: ";

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
     * Schedules a valid plan with an explicit time limit and CP-SAT worker count, stopping early when
     * {@code cancel} is cancelled; see {@link #schedule(Problem, Plan, ScheduleMode, double, int, long, Cancellation,
     * ProgressListener)}.
     */
    public static ScheduleResult schedule(Problem problem, Plan plan, ScheduleMode mode, double seconds,
                                          int workers, long seed, Cancellation cancel) {
        return schedule(problem, plan, mode, seconds, workers, seed, cancel, ProgressListener.NONE);
    }

    /**
     * Schedules a valid plan with an explicit time limit and CP-SAT worker count. The limit covers the whole
     * scheduling, from this call to its return: the setup (tasks, instance, serial schedule, CP-SAT model) checks
     * it and the cancellation between its steps, and CP-SAT gets what is left once its model is built, less a
     * reserve for converting and validating its schedule afterwards ({@link #reserveSeconds}). Stopped before
     * CP-SAT runs, it returns the serial schedule where that was built and is shorter ({@link #serialKept}), else the
     * phase schedule (as when the tick model finds no shorter one), FEASIBLE; a
     * cancellation during CP-SAT stops it as its time limit would (the best schedule found so far, FEASIBLE).
     * Each improvement of CP-SAT's makespan or bound goes to {@code progress} as a line {@code schedule (MODE):
     * makespan .., bound .., gap ..% after .. s} (none when it is {@link ProgressListener#NONE}).
     */
    public static ScheduleResult schedule(Problem problem, Plan plan, ScheduleMode mode, double seconds,
                                          int workers, long seed, Cancellation cancel, ProgressListener progress) {
        long t0 = System.nanoTime();
        long deadline = t0 + (long) Math.min(Long.MAX_VALUE / 4.0, Math.max(0, seconds) * 1e9);
        BooleanSupplier stop = () -> cancel.isCancelled() || System.nanoTime() - deadline >= 0;
        Schedule phase = PhaseSchedule.build(problem, plan);
        ScheduleEvaluation phaseEval = ScheduleEvaluator.evaluate(problem, plan, phase);
        double evaluating = elapsed(t0);
        if (mode == ScheduleMode.NONE) {
            return new ScheduleResult(plan, mode, phase, phaseEval, Status.OPTIMAL, phaseEval.makespanSeconds(),
                    elapsed(t0), "v1 phase schedule");
        }
        ScheduleTasks tasks = ScheduleTasks.of(problem, plan);
        if (stop.getAsBoolean()) {
            return stopped(problem, plan, mode, tasks, phase, phaseEval, Double.NaN, t0, cancel, "its tasks");
        }
        if (!mode.prefetch()) {
            return byPartition(problem, plan, mode, tasks, phase, phaseEval, t0, deadline,
                    reserveSeconds(seconds, evaluating), workers, seed, cancel, stop, progress);
        }
        // a load's rate is chosen (full or 90%) under both cost models: at the full rate a load excludes every
        // activation stream, which kept ResNet-18 at batch 1 at 314.6 us where 278 us is valid (issue 12)
        ScheduleInstance in = instance(tasks, mode, phaseEval.makespanSeconds(), false);
        if (stop.getAsBoolean()) {
            return stopped(problem, plan, mode, tasks, phase, phaseEval, in.strongLowerBound() * in.tick, t0, cancel,
                    "its instance");
        }
        long[] hint = SerialScheduler.hint(in, stop);
        if (stop.getAsBoolean()) {
            return stopped(problem, plan, mode, tasks, phase, phaseEval, in.strongLowerBound() * in.tick, t0, cancel,
                    "the serial schedule");
        }
        CpSatScheduler.SearchLog log = progress == ProgressListener.NONE ? null
                : new CpSatScheduler.SearchLog(progress, "schedule (" + mode.label() + ")", in.tick, t0);
        CpSatScheduler.Outcome o = CpSatScheduler.solveWithCuts(in, hint, deadline, reserveSeconds(seconds, evaluating),
                workers, seed, cancel, stop, log);
        if (log != null) {
            log.flush();
            if (o != null) {
                log.finish(o.makespan(), o.bound());
            }
        }
        if (o == null) {
            ScheduleResult serial = serialKept(problem, plan, mode, tasks, in, hint, phaseEval, t0, cancel);
            return serial != null ? serial : stopped(problem, plan, mode, tasks, phase, phaseEval,
                    in.strongLowerBound() * in.tick, t0, cancel, "the CP-SAT model");
        }
        Schedule schedule = toSchedule(in, o.starts(), o.durations());
        ScheduleEvaluation eval = ScheduleEvaluator.evaluate(problem, plan, schedule);
        double bound = o.bound() * in.tick;
        if (eval.makespanSeconds() >= phaseEval.makespanSeconds()) {
            // with prefetch the phase schedule's loads (streamed over T_prog, as v1 assumes) may exceed the staging
            // buffer's rule; it is then kept as what it is, a schedule of mode none
            Schedule relabelled = new Schedule(mode, phase.records());
            Schedule kept = ScheduleValidator.violations(tasks, relabelled, 1).isEmpty() ? relabelled : phase;
            // proved when no schedule of the tick model is shorter than the phases: the bound reaches them (CP-SAT
            // proved its optimum, which rounding up to ticks can leave above the phases, or its bound is there).
            // Before, a proved optimum counted only when it equalled the phases to the last bit (issue 12:
            // SqueezeNet on compass-l, batch 16, prefetch, proved 434.7 us against phases of 433.0 us, FEASIBLE)
            boolean proved = bound >= phaseEval.makespanSeconds();
            return new ScheduleResult(plan, mode, kept, ScheduleEvaluator.evaluate(problem, plan, kept),
                    proved ? Status.OPTIMAL : Status.FEASIBLE, Math.min(bound, phaseEval.makespanSeconds()), elapsed(t0),
                    keptMessage(eval.makespanSeconds(), bound));
        }
        // a bound at the makespan proves it, whether or not CP-SAT's status said so before its limit
        boolean proved = o.optimal() || bound >= eval.makespanSeconds();
        // an interrupt says so (a trial's Schedule line read as if the limit had stopped CP-SAT)
        return new ScheduleResult(plan, mode, schedule, eval, proved ? Status.OPTIMAL : Status.FEASIBLE, bound,
                elapsed(t0), "cp-sat, " + in.size() + " activities" + (!proved && cancel.isCancelled()
                        ? "; " + cancel.reason() + ": CP-SAT stopped with its best schedule" : ""));
    }

    /**
     * Without prefetch the schedule decomposes exactly by partition: every record of a partition starts after every
     * record of the previous one ends (rule 8), and nothing else links partitions (a partition's activation load
     * waits for earlier partitions' stores, which have ended). So the makespan is the sum of each partition's own
     * optimal makespan, and each partition (5-100 activities) is solved alone, in order, with an equal share of the
     * time left; the pieces are laid end to end. OPTIMAL when every piece is proved; the bound is the sum of the
     * pieces' bounds. A piece not solved in its share keeps its serial schedule (and its instance's lower bound).
     */
    private static ScheduleResult byPartition(Problem problem, Plan plan, ScheduleMode mode, ScheduleTasks tasks,
                                              Schedule phase, ScheduleEvaluation phaseEval, long t0, long deadline,
                                              double reserve, int workers, long seed, Cancellation cancel,
                                              BooleanSupplier stop, ProgressListener progress) {
        int parts = tasks.partitions().size();
        ScheduleInstance[] pieces = new ScheduleInstance[parts];
        long[][] starts = new long[parts][];
        long[] makespan = new long[parts];
        long[] bound = new long[parts];
        int activities = 0;
        for (int p = 0; p < parts; p++) {
            ScheduleTasks.PartitionTasks pt = tasks.partitions().get(p);
            // alone: the earlier partitions it reads from have ended before it starts
            ScheduleTasks alone = new ScheduleTasks(List.of(new ScheduleTasks.PartitionTasks(pt.units(), pt.inBytes(),
                    pt.outBytes(), List.of(), pt.computeSeconds(), pt.programHeadSeconds(), pt.programTailSeconds())),
                    tasks.cores(), tasks.portsPerCore(),
                    tasks.chipCrossbars(), tasks.rowSeconds(), tasks.dramBytesPerSecond(), tasks.stagingBytes());
            pieces[p] = instance(alone, mode, phaseEval.partitions().get(p).phaseSeconds(), true);
            starts[p] = SerialScheduler.hint(pieces[p], stop);
            if (starts[p] == null) {
                return stopped(problem, plan, mode, tasks, phase, phaseEval, Double.NaN, t0, cancel,
                        "the serial schedule");
            }
            makespan[p] = SerialScheduler.makespan(pieces[p], starts[p]);
            bound[p] = Math.min(pieces[p].strongLowerBound(), makespan[p]);
            activities += pieces[p].size();
        }
        double tick = pieces[0].tick;
        boolean optimal = true;
        long reported = System.nanoTime();
        for (int p = 0; p < parts; p++) {
            double share = ((deadline - System.nanoTime()) / 1e9 - reserve) / (parts - p);
            CpSatScheduler.Outcome o = stop.getAsBoolean() || !(share > 0) ? null
                    : CpSatScheduler.solve(pieces[p], starts[p], System.nanoTime() + (long) (share * 1e9), 0, workers,
                            seed, cancel, stop, null);
            if (o == null) {
                optimal = false;
                continue;
            }
            if (o.makespan() <= makespan[p]) {
                starts[p] = o.starts();
                makespan[p] = o.makespan();
            }
            bound[p] = Math.max(bound[p], Math.min(o.bound(), makespan[p]));
            optimal &= o.optimal();
            long now = System.nanoTime();
            if (progress != ProgressListener.NONE && (now - reported >= CpSatScheduler.SearchLog.INTERVAL_NANOS
                    || p == parts - 1)) {
                reported = now;
                double m = java.util.Arrays.stream(makespan).sum() * tick;
                double b = java.util.Arrays.stream(bound).sum() * tick;
                progress.report(String.format(java.util.Locale.ROOT, "schedule (%s): partition %d of %d, makespan %s,"
                        + " bound %s, gap %.1f%% after %.2f s", mode.label(), p + 1, parts,
                        CpSatScheduler.SearchLog.time(m), CpSatScheduler.SearchLog.time(b), 100 * (m - b) / m,
                        (now - t0) / 1e9));
            }
        }
        // the pieces end to end: each starts when the previous one's last activity ends
        List<ScheduleRecord> records = new ArrayList<>();
        long offset = 0;
        for (int p = 0; p < parts; p++) {
            long[] shifted = starts[p].clone();
            for (int a = 0; a < shifted.length; a++) {
                shifted[a] += offset;
            }
            for (ScheduleRecord r : toSchedule(pieces[p], shifted).records()) {
                records.add(new ScheduleRecord(r.kind(), r.core(), p, r.unit(), r.start(), r.end(), r.rows(), r.ports(),
                        r.bytes()));
            }
            offset += makespan[p];
        }
        Schedule schedule = new Schedule(mode, records);
        ScheduleEvaluation eval = ScheduleEvaluator.evaluate(problem, plan, schedule);
        double lower = java.util.Arrays.stream(bound).sum() * tick;
        if (eval.makespanSeconds() >= phaseEval.makespanSeconds()) {
            Schedule relabelled = new Schedule(mode, phase.records());
            return new ScheduleResult(plan, mode, relabelled, ScheduleEvaluator.evaluate(problem, plan, relabelled),
                    // every piece proved: no schedule of the tick model is shorter than the phases
                    optimal ? Status.OPTIMAL : Status.FEASIBLE, Math.min(lower, phaseEval.makespanSeconds()), elapsed(t0),
                    keptMessage(eval.makespanSeconds(), lower));
        }
        return new ScheduleResult(plan, mode, schedule, eval, optimal ? Status.OPTIMAL : Status.FEASIBLE, lower,
                elapsed(t0), "cp-sat by partition, " + parts + " pieces, " + activities + " activities");
    }

    /**
     * What CP-SAT leaves of a limit of {@code seconds} for the work after it: stopping its workers and handing the
     * solution back (measured 0.08-0.23 s on a loaded 2-core machine), converting the solution and validating it
     * twice (each about as long as the phase schedule's evaluation, {@code evaluating}); 0.1 s + twice
     * {@code evaluating} + 2% of the limit, at most a quarter of it.
     */
    static double reserveSeconds(double seconds, double evaluating) {
        return Math.min(seconds / 4, 0.1 + 2 * evaluating + 0.02 * seconds);
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
                PHASES_KEPT + why + " while building " + step);
    }

    /**
     * The serial schedule, when the limit or a cancellation stops the solve after it was built and before CP-SAT ran
     * (while the cuts are proved, up to a fifth of the limit): kept, FEASIBLE, where it obeys the rules and is
     * shorter than the phases; null otherwise. Before, such a stop kept the phase schedule though this one was in
     * hand (a trial's SIGTERM 6 s into a 30-s VGG-16 run on compass-l: 3046.8 us kept, the serial schedule 2981.7 us).
     */
    static ScheduleResult serialKept(Problem problem, Plan plan, ScheduleMode mode, ScheduleTasks tasks,
                                     ScheduleInstance in, long[] hint, ScheduleEvaluation phaseEval, long t0,
                                     Cancellation cancel) {
        Schedule serial = toSchedule(in, hint, CpSatScheduler.durations(in));
        ScheduleEvaluation eval = ScheduleEvaluator.evaluate(problem, plan, serial);
        if (eval.makespanSeconds() >= phaseEval.makespanSeconds()
                || !ScheduleValidator.violations(tasks, serial, 1).isEmpty()) {
            return null;
        }
        String why = cancel.isCancelled() ? cancel.reason() : "time limit reached";
        return new ScheduleResult(plan, mode, serial, eval, Status.FEASIBLE,
                Math.min(in.strongLowerBound() * in.tick, eval.makespanSeconds()), elapsed(t0),
                "serial schedule kept: " + why + " while building the CP-SAT model");
    }

    /**
     * The instance whose writes hold all k pooled ports, or, where that model's lower bound already reaches the
     * phases' {@code phaseSeconds} (it could gain nothing: on pcm, one crossbar per core, every unit held all 64 ports
     * for its tiles' time), the one whose writes hold only their tiles' ports ({@link ScheduleInstance#withTilePorts})
     * if its own bound leaves room below the phases and, with {@code serialMustGain} (a partition solved alone in
     * mode early, with a share of the time), its serial schedule is already shorter than them. Without that test the
     * early pieces found shorter schedules but proved less (SqueezeNet on compass-l at batch 1: 77.2 us at 3.3% from
     * its bound, against the phases' 82.1 us kept as the pooled model's optimum); with it for the whole plan, rram
     * lost SqueezeNet's 1.08x at batch 1 (its serial schedule 2606.6 us against 2459.4 us in phases).
     */
    private static ScheduleInstance instance(ScheduleTasks tasks, ScheduleMode mode, double phaseSeconds,
                                             boolean serialMustGain) {
        ScheduleInstance pooled = ScheduleInstance.of(tasks, mode, true);
        if (pooled.strongLowerBound() * pooled.tick < phaseSeconds) {
            return pooled;
        }
        ScheduleInstance tiles = ScheduleInstance.withTilePorts(tasks, mode, true);
        if (tiles.strongLowerBound() * tiles.tick >= phaseSeconds) {
            return pooled;
        }
        if (!serialMustGain) {
            return tiles;
        }
        long[] serial = SerialScheduler.hint(tiles, () -> false);
        return serial != null && SerialScheduler.makespan(tiles, serial) * tiles.tick < phaseSeconds ? tiles : pooled;
    }

    private static double elapsed(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    /** Converts starts in ticks to records in seconds, every load at the full rate. */
    static Schedule toSchedule(ScheduleInstance in, long[] starts) {
        return toSchedule(in, starts, CpSatScheduler.durations(in));
    }

    /**
     * Converts starts and durations in ticks (a weight load's depends on the rate the CP model chose) to records in
     * seconds; a write's k pooled ports go to the lowest free ports.
     */
    static Schedule toSchedule(ScheduleInstance in, long[] starts, long[] durations) {
        ScheduleTasks tasks = in.tasks;
        List<ScheduleRecord> records = new ArrayList<>();
        List<Integer> writes = new ArrayList<>();
        for (int a = 0; a < in.size(); a++) {
            int p = in.partition.get(a);
            int u = in.unit.get(a);
            double s = starts[a] * in.tick;
            double e = (starts[a] + durations[a]) * in.tick;
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

    /**
     * Why the phase schedule is kept: the tick model's best schedule and its bound, which can lie above the phases
     * (durations rounded up to ticks, writes whole tiles through ports), so a user reading the progress lines of the
     * tick model's solve sees where its figures went.
     */
    private static String keptMessage(double tickMakespan, double tickBound) {
        return String.format(java.util.Locale.ROOT, PHASES_KEPT + "the tick model's best, "
                + "%.3f us (bound %.3f us), is no shorter", tickMakespan * 1e6, tickBound * 1e6);
    }
}
