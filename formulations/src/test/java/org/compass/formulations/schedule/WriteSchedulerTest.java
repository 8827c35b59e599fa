package org.compass.formulations.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.compass.formulations.dp.DpFormulation;
import org.compass.model.hardware.HardwarePresets;
import org.compass.model.problem.CostModelVersion;
import org.compass.model.problem.Objective;
import org.compass.model.problem.PipelineMode;
import org.compass.model.problem.Problem;
import org.compass.model.problem.ReplicationSet;
import org.compass.model.zoo.Zoo;
import org.compass.solver.Cancellation;
import org.compass.solver.CostModel;
import org.compass.solver.PhaseSchedule;
import org.compass.solver.Plan;
import org.compass.solver.Schedule;
import org.compass.solver.ScheduleEvaluator;
import org.compass.solver.ScheduleMode;
import org.compass.solver.ScheduleTasks;
import org.compass.solver.ScheduleValidator;
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
