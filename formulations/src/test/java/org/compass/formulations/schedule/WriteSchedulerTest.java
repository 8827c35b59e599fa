package org.compass.formulations.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.compass.formulations.dp.DpFormulation;
import org.compass.model.hardware.HardwarePresets;
import org.compass.model.problem.CostModelVersion;
import org.compass.model.problem.Objective;
import org.compass.model.problem.PipelineMode;
import org.compass.model.problem.Problem;
import org.compass.model.problem.ReplicationSet;
import org.compass.model.zoo.Zoo;
import org.compass.solver.control.Cancellation;
import org.compass.solver.cost.CostModel;
import org.compass.solver.cost.Evaluation;
import org.compass.solver.schedule.PhaseSchedule;
import org.compass.solver.plan.Plan;
import org.compass.solver.schedule.Schedule;
import org.compass.solver.schedule.ScheduleEvaluator;
import org.compass.solver.schedule.ScheduleMode;
import org.compass.solver.schedule.ScheduleTasks;
import org.compass.solver.schedule.ScheduleValidator;
import org.compass.solver.SolveRequest;
import org.compass.solver.Status;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WriteSchedulerTest {

    static Problem problem(String net, String chip, int batch, PipelineMode pipeline) {
        return Problem.of(Zoo.build(net).orElseThrow(), HardwarePresets.byName(chip).orElseThrow(), batch,
                Objective.LATENCY, pipeline, ReplicationSet.DEFAULT);
    }

    static Plan dpPlan(Problem problem) {
        return new DpFormulation().solve(SolveRequest.of(problem)).plan();
    }

    @ParameterizedTest
    @CsvSource({"resnet18,compass-s,1,ROW", "resnet18,compass-m,16,ROW", "resnet18,compass-l,16,IMAGE",
            "vgg16,compass-m,1,ROW", "vgg16,compass-s,16,IMAGE", "squeezenet,compass-s,16,IMAGE",
            "squeezenet,compass-m,1,ROW"})
    void phaseScheduleIsValidAndEqualsTheCostModelExactly(String net, String chip, int batch, PipelineMode pipeline) {
        Problem problem = problem(net, chip, batch, pipeline);
        Plan plan = dpPlan(problem);
        Schedule phase = PhaseSchedule.build(problem, plan);
        assertEquals(List.of(), ScheduleValidator.violations(ScheduleTasks.of(problem, plan), phase));
        assertEquals(new CostModel(problem).evaluate(plan).latencySeconds(), phase.makespan());
        assertEquals(new CostModel(problem).evaluate(plan).latencySeconds(),
                ScheduleEvaluator.evaluate(problem, plan, phase).makespanSeconds());
    }

    /**
     * Cost model v2 (issue 12): the phase schedule runs every stage in its v2 window (a DAG pipeline, T_comp
     * possibly set by the chip-wide term, T_prog = max(W + h, L + b)) and still ends exactly at the v2 latency.
     */
    @ParameterizedTest
    @CsvSource({"resnet18,compass-s,1,ROW", "resnet18,compass-m,16,ROW", "resnet18,compass-l,16,IMAGE",
            "vgg16,compass-m,1,ROW", "vgg16,compass-s,16,IMAGE", "squeezenet,compass-s,16,IMAGE",
            "squeezenet,compass-m,1,ROW", "squeezenet,compass-m,16,ROW", "mobilenetv2,compass-m,1,ROW"})
    void phaseScheduleIsValidAndEqualsTheV2CostModelExactly(String net, String chip, int batch,
                                                            PipelineMode pipeline) {
        Problem problem = problem(net, chip, batch, pipeline).withCostModel(CostModelVersion.V2);
        Plan plan = dpPlan(problem);
        Schedule phase = PhaseSchedule.build(problem, plan);
        double latency = new CostModel(problem).evaluate(plan).latencySeconds();
        assertEquals(List.of(), ScheduleValidator.violations(ScheduleTasks.of(problem, plan), phase));
        assertEquals(latency, phase.makespan());
        assertEquals(latency, ScheduleEvaluator.evaluate(problem, plan, phase).makespanSeconds());
        assertEquals(latency, ScheduleEvaluator.evaluate(problem, plan, phase).phaseSeconds());
    }

    /**
     * Issue 16, item 1: a cancellation (Ctrl-C) from another thread stops CP-SAT's native search (stopSearch; its
     * own SIGINT handler is off) and the best schedule so far is returned, valid and FEASIBLE. Uncancelled, this
     * search runs its full 60 s without a proof.
     */
    /**
     * On a chip with one crossbar per core (pcm: 64 cores, 64 write ports) a unit's writes can use only its tiles'
     * ports; the model whose writes hold all pooled ports had every unit hold all 64 for its tiles' time, so that
     * no schedule of ResNet-18 at batch 1 came below 11.5 ms against 3.3 ms in phases, and the phases were kept. Its
     * area bound alone reaches the phases, so the scheduler takes the model whose writes hold only their tiles' ports
     * ({@link ScheduleInstance#withTilePorts}): its serial schedule alone is shorter than the phases (2.91 ms).
     */
    @Test
    void onOneCrossbarPerCoreTheWritesHoldOnlyTheirTilesPorts() {
        Problem problem = problem("resnet18", "pcm", 1, PipelineMode.ROW);
        Plan plan = dpPlan(problem);
        ScheduleInstance pooled = ScheduleInstance.of(ScheduleTasks.of(problem, plan), ScheduleMode.FULL, true);
        double phases = new CostModel(problem).evaluate(plan).latencySeconds();
        assertTrue(pooled.lowerBound() * pooled.tick >= phases, "the pooled model cannot gain here");
        ScheduleResult r = WriteScheduler.schedule(problem, plan, ScheduleMode.FULL, 10, WriteScheduler.DEFAULT_WORKERS,
                1, new Cancellation());
        assertTrue(r.makespanSeconds() < 0.95 * phases, r.makespanSeconds() + " s against " + phases + " s in phases: "
                + r.message());
        assertEquals(List.of(), ScheduleValidator.violations(ScheduleTasks.of(problem, plan), r.schedule()));
    }

    @Test
    void aCancellationFromAnotherThreadStopsTheNativeSearch() throws Exception {
        Problem problem = problem("resnet18", "compass-m", 16, PipelineMode.ROW);
        Plan plan = dpPlan(problem);
        Cancellation cancel = new Cancellation();
        Thread stopper = new Thread(() -> {
            try {
                Thread.sleep(1500);
            } catch (InterruptedException e) {
                return;
            }
            cancel.cancel("interrupted (test)");
        });
        stopper.start();
        long start = System.nanoTime();
        ScheduleResult r = WriteScheduler.schedule(problem, plan, ScheduleMode.FULL, 60,
                WriteScheduler.DEFAULT_WORKERS, 1, cancel);
        double seconds = (System.nanoTime() - start) / 1e9;
        stopper.join();
        assertTrue(seconds < 10, "took " + seconds + " s after a cancellation at 1.5 s");
        assertEquals(Status.FEASIBLE, r.status(), r.message());
        // the message says what stopped it, wherever it stopped (a trial's read as if the limit had)
        assertTrue(r.message().contains("interrupted (test)"), r.message());
        assertEquals(List.of(), ScheduleValidator.violations(ScheduleTasks.of(problem, plan), r.schedule()));
        assertTrue(r.makespanSeconds() <= new CostModel(problem).evaluate(plan).latencySeconds());
    }

    /**
     * Issue 16, item 3: the setup (tasks, instance, serial schedule, CP-SAT model) answers the time limit and the
     * cancellation between its steps; stopped there, the phase schedule is kept (relabelled when it obeys the
     * mode), FEASIBLE, for the same plan. Deterministic: the limit is already spent, or the token cancelled,
     * before the first check.
     */
    @ParameterizedTest
    @CsvSource({"EARLY,0", "PREFETCH,0", "FULL,0", "FULL,-1"})
    void aLimitOrCancellationReachedInTheSetupKeepsThePhaseSchedule(ScheduleMode mode, double seconds) {
        Problem problem = problem("resnet152", "compass-m", 16, PipelineMode.ROW);
        Plan plan = dpPlan(problem);
        Cancellation cancel = new Cancellation();
        if (seconds < 0) {
            cancel.cancel("interrupted (test)");
            seconds = 60;
        }
        ScheduleResult r = WriteScheduler.schedule(problem, plan, mode, seconds, WriteScheduler.DEFAULT_WORKERS, 1,
                cancel);
        assertEquals(Status.FEASIBLE, r.status(), r.message());
        assertEquals(plan, r.plan());
        assertEquals(mode, r.mode());
        assertTrue(r.message().startsWith("phase schedule kept: "
                + (cancel.isCancelled() ? "interrupted (test)" : "time limit reached") + " while building"), r.message());
        assertEquals(List.of(), ScheduleValidator.violations(ScheduleTasks.of(problem, plan), r.schedule()));
        assertEquals(new CostModel(problem).evaluate(plan).latencySeconds(), r.makespanSeconds());
        assertTrue(r.boundSeconds() <= r.makespanSeconds());
    }

    /**
     * Stopped after the serial schedule is built and before CP-SAT runs (while the cuts are proved), that schedule is
     * kept where it is shorter than the phases: valid, FEASIBLE, its bound at most its makespan.
     */
    @Test
    void aStopBeforeCpSatRunsKeepsTheSerialScheduleWhenShorter() {
        Problem problem = problem("resnet152", "compass-m", 16, PipelineMode.ROW);
        Plan plan = dpPlan(problem);
        ScheduleTasks tasks = ScheduleTasks.of(problem, plan);
        ScheduleInstance in = ScheduleInstance.of(tasks, ScheduleMode.FULL, true);
        long[] hint = SerialScheduler.hint(in, () -> false);
        org.compass.solver.schedule.ScheduleEvaluation phases = org.compass.solver.schedule.ScheduleEvaluator.evaluate(
                problem, plan, org.compass.solver.schedule.PhaseSchedule.build(problem, plan));
        Cancellation cancel = new Cancellation();
        cancel.cancel("interrupted (test)");
        ScheduleResult r = WriteScheduler.serialKept(problem, plan, ScheduleMode.FULL, tasks, in, hint, phases,
                System.nanoTime(), cancel);
        assertTrue(r != null, "the serial schedule is not shorter than the phases here: pick another case");
        assertEquals(Status.FEASIBLE, r.status(), r.message());
        assertTrue(r.message().startsWith("serial schedule kept: interrupted (test) while building"), r.message());
        assertEquals(List.of(), ScheduleValidator.violations(tasks, r.schedule()));
        assertTrue(r.makespanSeconds() < phases.makespanSeconds());
        assertTrue(r.boundSeconds() <= r.makespanSeconds());
    }

    /** The serial schedule and the CP-SAT model building poll their stop between steps and give up on it. */
    @Test
    void theSerialScheduleAndTheModelBuildingStopWhenAsked() {
        Problem problem = problem("resnet18", "compass-m", 16, PipelineMode.ROW);
        ScheduleInstance in = ScheduleInstance.of(ScheduleTasks.of(problem, dpPlan(problem)), ScheduleMode.FULL);
        long[] hint = SerialScheduler.natural(in);
        assertTrue(hint != null);
        int[] polls = {0};
        assertEquals(null, SerialScheduler.natural(in, () -> ++polls[0] > 3));
        assertEquals(4, polls[0]);
        for (int after = 0; after < 5; after++) {
            int limit = after;
            int[] n = {0};
            assertEquals(null, CpSatScheduler.solve(in, hint, 60, 1, 1, Cancellation.NEVER, () -> n[0]++ >= limit),
                    "stop after " + after + " polls");
            assertEquals(after + 1, n[0]);
        }
    }

    /**
     * Issue 12, item 3: a schedule's figures are the cost model's at its makespan: the same writes, DRAM bytes and
     * MVM steps (so the same dynamic energy) as the phases, static power over the makespan, and the throughput, EDP
     * and lifetime of that latency; the phase figures stay beside them. The phase schedule's are the phases'.
     */
    @ParameterizedTest
    @CsvSource({"NONE,V1", "FULL,V1", "EARLY,V2"})
    void theScheduledFiguresChargeStaticPowerOverTheMakespan(ScheduleMode mode, CostModelVersion version) {
        Problem problem = problem("resnet18", "compass-m", 1, PipelineMode.ROW).withCostModel(version);
        Plan plan = dpPlan(problem);
        Evaluation phases = new CostModel(problem).evaluate(plan);
        ScheduleResult r = WriteScheduler.schedule(problem, plan, mode, 2, 8, 1);
        Evaluation e = r.scheduled();
        double makespan = r.makespanSeconds();
        assertEquals(phases, r.evaluation().phases());
        assertEquals(makespan, e.latencySeconds());
        assertEquals(problem.hardware().staticWatts() * makespan, e.staticJoules());
        assertEquals(phases.writeJoules(), e.writeJoules());
        assertEquals(phases.dramJoules(), e.dramJoules());
        assertEquals(phases.mvmJoules(), e.mvmJoules());
        assertEquals(e.writeJoules() + e.dramJoules() + e.mvmJoules() + e.staticJoules(), e.energyJoules());
        assertEquals(e.energyJoules() * makespan, e.edp());
        assertEquals(problem.batch() / makespan, e.throughput());
        assertEquals(phases.rowsWritten(), e.rowsWritten());
        assertEquals(phases.dramBytes(), e.dramBytes());
        assertEquals(phases.partitions(), e.partitions());
        assertTrue(e.lifetimeSeconds() <= phases.lifetimeSeconds() * (1 + 1e-12));
        assertTrue(e.crossbarUtilization() > 0 && e.crossbarUtilization() <= 1 + 1e-9, "" + e.crossbarUtilization());
        if (mode == ScheduleMode.NONE) {
            assertEquals(phases.latencySeconds(), e.latencySeconds());
            assertEquals(phases.energyJoules(), e.energyJoules(), 1e-12 * phases.energyJoules());
        } else {
            assertTrue(e.energyJoules() <= phases.energyJoules() * (1 + 1e-12));
        }
        // the objective at the makespan, and at the makespan's bound a bound on it
        assertEquals(e.latencySeconds(), r.objective(problem));
        assertTrue(r.objectiveBound(problem) <= r.objective(problem), r.objectiveBound(problem) + " > "
                + r.objective(problem));
    }

    /**
     * Issue 12, item 5: the time limit covers the whole scheduling (setup, OR-Tools' natives, the CP-SAT model,
     * CP-SAT and the validation after it), within a small margin. Uncapped, this search runs to its limit.
     */
    @Test
    void theTimeLimitCoversTheWholeScheduling() {
        Problem problem = problem("resnet18", "compass-m", 1, PipelineMode.ROW);
        Plan plan = dpPlan(problem);
        double limit = 1.5;
        long start = System.nanoTime();
        ScheduleResult r = WriteScheduler.schedule(problem, plan, ScheduleMode.FULL, limit, 8, 1);
        double seconds = (System.nanoTime() - start) / 1e9;
        assertTrue(seconds <= limit + 0.25, "took " + seconds + " s with a limit of " + limit + " s");
        assertTrue(r.seconds() <= seconds);
        assertEquals(List.of(), ScheduleValidator.violations(ScheduleTasks.of(problem, plan), r.schedule()));
    }

    /**
     * Issue 12, item 5: CP-SAT's improvements reach the progress listener, the makespan never growing and the bound
     * never falling, at most one line per quarter second after the first.
     */
    @Test
    void improvementsAreReportedAsProgressLines() {
        Problem problem = problem("resnet18", "compass-m", 1, PipelineMode.ROW);
        Plan plan = dpPlan(problem);
        List<String> lines = new java.util.ArrayList<>();
        ScheduleResult r = WriteScheduler.schedule(problem, plan, ScheduleMode.FULL, 2, 8, 1, Cancellation.NEVER,
                lines::add);
        assertFalse(lines.isEmpty(), r.message());
        Pattern line = Pattern.compile("schedule \\(full\\): makespan (\\S+) us, bound (\\S+) us, gap \\S+% after (\\S+) s");
        double makespan = Double.POSITIVE_INFINITY;
        double bound = 0;
        for (String l : lines) {
            Matcher m = line.matcher(l);
            assertTrue(m.matches(), l);
            assertTrue(Double.parseDouble(m.group(1)) <= makespan, l);
            assertTrue(Double.parseDouble(m.group(2)) >= bound, l);
            makespan = Double.parseDouble(m.group(1));
            bound = Double.parseDouble(m.group(2));
        }
        // the last line is CP-SAT's final makespan: the result, unless the phase schedule was kept
        assertTrue(makespan * 1e-6 >= r.makespanSeconds() * (1 - 1e-6), lines + " vs " + r.makespanSeconds());
        if (r.message().startsWith("cp-sat")) {
            assertEquals(r.makespanSeconds(), makespan * 1e-6, 1e-12, lines.toString());
        }
    }

    /** The search log's lines as CP-SAT 9.15 writes them: a solution, a bound, other lines ignored, throttled. */
    @Test
    void theSearchLogReadsIncumbentsAndBounds() {
        List<String> lines = new java.util.ArrayList<>();
        CpSatScheduler.SearchLog log = new CpSatScheduler.SearchLog(lines::add, "schedule (full)", 1e-9,
                System.nanoTime());
        log.accept("#Bound   0.05s best:inf   next:[306320,437594] initial_domain");
        log.accept("#Model   0.05s var:142/142 constraints:375/375");
        assertEquals(List.of(), lines, "no line before the first solution");
        log.accept("#1       0.09s best:437594 next:[306320,437593] no_lp [hint]");
        assertEquals(1, lines.size());
        assertTrue(lines.get(0).startsWith("schedule (full): makespan 437.594 us, bound 306.320 us, gap 30.0% after "),
                lines.get(0));
        // within a quarter second of the last line, improvements wait for the next one
        log.accept("#Bound   0.11s best:437594 next:[311504,437593] quick_restart");
        log.accept("#Done    0.12s");
        assertEquals(1, lines.size());
        // once CP-SAT has returned, what was held back is reported
        log.flush();
        assertEquals(2, lines.size());
        assertTrue(lines.get(1).startsWith("schedule (full): makespan 437.594 us, bound 311.504 us, gap 28.8% after "),
                lines.get(1));
        log.flush();
        assertEquals(2, lines.size());
    }

    /**
     * A solve that CP-SAT proves without a search line (its first solution reaches the relaxations' bound) still
     * reports its final figures once; a search that reported lines gets no extra one.
     */
    @Test
    void aSolveProvedAtOnceReportsItsFinalFigures() {
        List<String> lines = new java.util.ArrayList<>();
        CpSatScheduler.SearchLog log = new CpSatScheduler.SearchLog(lines::add, "schedule (full)", 1e-9,
                System.nanoTime());
        log.finish(314595, 314595);
        assertEquals(1, lines.size());
        assertTrue(lines.get(0).startsWith("schedule (full): makespan 314.595 us, bound 314.595 us, gap 0.0% after "),
                lines.get(0));
        log.finish(314595, 314595);
        assertEquals(1, lines.size());
        List<String> searched = new java.util.ArrayList<>();
        CpSatScheduler.SearchLog other = new CpSatScheduler.SearchLog(searched::add, "schedule (full)", 1e-9,
                System.nanoTime());
        other.accept("#1       0.09s best:437594 next:[306320,437593] no_lp [hint]");
        other.finish(437594, 306320);
        assertEquals(1, searched.size());
        // the solution that closed the gap was not in the log (the last line said 4.9%): its figures come last
        other.finish(400000, 400000);
        assertEquals(2, searched.size());
        assertTrue(searched.get(1).startsWith("schedule (full): makespan 400.000 us, bound 400.000 us, gap 0.0% after "),
                searched.get(1));
    }

    /**
     * Issue 12, item 1: without prefetch the schedule decomposes exactly by partition, so early start is proved
     * partition by partition in well under the limit, VGG-16's 43 partitions included (one CP-SAT model of them all
     * proved nothing in 10 s).
     */
    @ParameterizedTest
    @CsvSource({"resnet18,compass-m,1,ROW", "vgg16,compass-m,1,ROW", "squeezenet,compass-s,16,ROW",
            "resnet18,compass-m,16,IMAGE"})
    void earlyStartIsProvedPartitionByPartition(String net, String chip, int batch, PipelineMode pipeline) {
        Problem problem = problem(net, chip, batch, pipeline);
        Plan plan = dpPlan(problem);
        ScheduleResult r = WriteScheduler.schedule(problem, plan, ScheduleMode.EARLY, 10, 2, 1);
        assertEquals(Status.OPTIMAL, r.status(), r.message());
        assertEquals(r.makespanSeconds(), r.boundSeconds(), 1e-9 * r.makespanSeconds(), r.message());
        assertTrue(r.seconds() < 8, "took " + r.seconds() + " s");
        assertEquals(List.of(), ScheduleValidator.violations(ScheduleTasks.of(problem, plan), r.schedule()));
        assertTrue(r.makespanSeconds() <= new CostModel(problem).evaluate(plan).latencySeconds());
    }

    /** The pieces laid end to end are as short as the whole instance's proved optimum (the decomposition is exact). */
    @ParameterizedTest
    @CsvSource({"squeezenet,compass-m,1,ROW", "resnet18,compass-m,16,ROW"})
    void thePiecesAreAsShortAsTheWholeModel(String net, String chip, int batch, PipelineMode pipeline) {
        Problem problem = problem(net, chip, batch, pipeline);
        Plan plan = dpPlan(problem);
        ScheduleInstance in = ScheduleInstance.of(ScheduleTasks.of(problem, plan), ScheduleMode.EARLY);
        CpSatScheduler.Outcome whole = CpSatScheduler.solve(in, SerialScheduler.natural(in), 30, 8, 1);
        assertTrue(whole.optimal());
        ScheduleResult r = WriteScheduler.schedule(problem, plan, ScheduleMode.EARLY, 30, 8, 1);
        assertEquals(Status.OPTIMAL, r.status(), r.message());
        if (r.message().startsWith("cp-sat by partition")) {
            assertEquals(whole.makespan() * in.tick, r.makespanSeconds(), 1e-9 * r.makespanSeconds());
        } else {
            // the phases were kept: the whole model's optimum is no shorter
            assertTrue(whole.makespan() * in.tick >= r.makespanSeconds() * (1 - 1e-9), r.message());
        }
    }

    @ParameterizedTest
    @CsvSource({"squeezenet,compass-s,1,IMAGE", "resnet18,compass-m,16,ROW"})
    void everyModeGivesAValidScheduleNoLongerThanThePhases(String net, String chip, int batch, PipelineMode pipeline) {
        checkModes(net, chip, batch, pipeline, 2);
    }

    @Tag("slow")
    @ParameterizedTest
    @CsvSource({"resnet18,compass-m,1,ROW", "resnet18,compass-s,16,ROW", "vgg16,compass-l,1,ROW",
            "vgg16,compass-m,16,IMAGE", "squeezenet,compass-l,16,ROW"})
    void everyModeGivesAValidScheduleOnLargerCases(String net, String chip, int batch, PipelineMode pipeline) {
        checkModes(net, chip, batch, pipeline, 10);
    }

    @ParameterizedTest
    @CsvSource({"squeezenet,compass-s,1,IMAGE", "resnet18,compass-m,16,ROW", "squeezenet,compass-m,1,ROW"})
    void everyModeGivesAValidScheduleNoLongerThanThePhasesUnderV2(String net, String chip, int batch,
                                                                  PipelineMode pipeline) {
        checkModes(problem(net, chip, batch, pipeline).withCostModel(CostModelVersion.V2), 2);
    }

    @Tag("slow")
    @ParameterizedTest
    @CsvSource({"resnet18,compass-m,1,ROW", "resnet18,compass-s,16,ROW", "vgg16,compass-l,1,ROW",
            "vgg16,compass-m,16,IMAGE", "squeezenet,compass-l,16,ROW"})
    void everyModeGivesAValidScheduleOnLargerCasesUnderV2(String net, String chip, int batch, PipelineMode pipeline) {
        checkModes(problem(net, chip, batch, pipeline).withCostModel(CostModelVersion.V2), 10);
    }

    private static void checkModes(String net, String chip, int batch, PipelineMode pipeline, double seconds) {
        checkModes(problem(net, chip, batch, pipeline), seconds);
    }

    private static void checkModes(Problem problem, double seconds) {
        Plan plan = dpPlan(problem);
        double phase = new CostModel(problem).evaluate(plan).latencySeconds();
        double early = Double.NaN;
        for (ScheduleMode mode : ScheduleMode.values()) {
            ScheduleResult r = WriteScheduler.schedule(problem, plan, mode, seconds, 8, 1);
            assertEquals(List.of(), ScheduleValidator.violations(ScheduleTasks.of(problem, plan), r.schedule()),
                    mode + " schedule must be valid");
            assertEquals(r.schedule().makespan(), r.makespanSeconds());
            assertTrue(r.makespanSeconds() <= phase, mode + " " + r.makespanSeconds() + " > " + phase);
            assertTrue(r.boundSeconds() <= r.makespanSeconds() * (1 + 1e-9));
            if (mode == ScheduleMode.EARLY) {
                early = r.makespanSeconds();
            }
            if (mode == ScheduleMode.NONE) {
                assertEquals(phase, r.makespanSeconds());
            }
        }
        assertFalse(Double.isNaN(early));
    }
}
