package org.compass.formulations.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.compass.formulations.dp.DpFormulation;
import org.compass.model.hardware.HardwarePresets;
import org.compass.model.problem.Problem;
import org.compass.solver.ProblemFile;
import org.compass.solver.SolveRequest;
import org.compass.solver.Status;
import org.compass.solver.cost.CostModel;
import org.compass.solver.plan.Plan;
import org.compass.solver.schedule.ScheduleMode;
import org.compass.solver.schedule.ScheduleTasks;
import org.compass.solver.schedule.ScheduleValidator;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, item 1: a kept phase schedule is OPTIMAL when the tick model's bound reaches the phase latency, and
 * where the model whose writes hold all pooled ports cannot gain, the one whose writes hold only their tiles' ports
 * is tried ({@link ScheduleInstance#withTilePorts}).
 */
class WriteSchedulerStatusTest {

    private static Problem squeezenet(int batch) {
        return ProblemFile.read(Path.of("../problems/squeezenet.yaml")).problem().withBatch(batch)
                .withHardware(HardwarePresets.byName("compass-l").orElseThrow());
    }

    /**
     * problems/squeezenet.yaml on compass-l at batch 1, mode early: no schedule of the tick model reaches the phases
     * (82.1 us; its best 85.8 us, durations rounding up to ticks), and the tile-port model's serial schedule does not
     * beat them either, so the phases are kept, OPTIMAL, their makespan the bound (FEASIBLE before issue 12).
     */
    @Test
    void aKeptPhaseScheduleIsOptimalWhenTheBoundReachesIt() {
        Problem problem = squeezenet(1);
        Plan plan = new DpFormulation().solve(SolveRequest.of(problem)).plan();
        double phases = new CostModel(problem).evaluate(plan).latencySeconds();
        ScheduleResult r = WriteScheduler.schedule(problem, plan, ScheduleMode.EARLY, 60, 2, 1);
        assertTrue(r.message().startsWith("phase schedule kept: the tick model's best, "), r.message());
        assertEquals(phases, r.makespanSeconds());
        assertEquals(r.makespanSeconds(), r.boundSeconds());
        assertEquals(Status.OPTIMAL, r.status(), r.message());
    }

    /**
     * The same file at batch 16 with prefetch: the pooled model's bound alone reaches the phases (its optimum 434.7 us
     * against 433.0 us in phases; the phases were kept, OPTIMAL, until 2026-12-01's thirteenth session), while with
     * the tiles' ports a schedule of 420.5 us exists: the scheduler finds one shorter than the phases, valid.
     */
    @Test
    void whereThePooledModelCannotGainTheTilePortsAreTried() {
        Problem problem = squeezenet(16);
        Plan plan = new DpFormulation().solve(SolveRequest.of(problem)).plan();
        double phases = new CostModel(problem).evaluate(plan).latencySeconds();
        ScheduleInstance pooled = ScheduleInstance.of(ScheduleTasks.of(problem, plan), ScheduleMode.PREFETCH, true);
        assertTrue(pooled.strongLowerBound() * pooled.tick >= phases, pooled.strongLowerBound() + " ticks against "
                + phases);
        ScheduleResult r = WriteScheduler.schedule(problem, plan, ScheduleMode.PREFETCH, 5, 2, 1);
        assertTrue(r.makespanSeconds() < phases, r.makespanSeconds() + " s against " + phases + " s: " + r.message());
        assertEquals(List.of(), ScheduleValidator.violations(ScheduleTasks.of(problem, plan), r.schedule()));
    }
}
