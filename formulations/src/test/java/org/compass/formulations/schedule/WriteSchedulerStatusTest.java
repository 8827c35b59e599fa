package org.compass.formulations.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
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
import org.junit.jupiter.api.Test;

/**
 * Issue 12, item 1: a kept phase schedule is OPTIMAL when the tick model's bound reaches the phase latency. On
 * problems/squeezenet.yaml on compass-l at batch 16 with prefetch, the tick model's optimum (434.725 us, which the
 * crossbar hand-over bound proves by itself) lies above the phase latency (433.0 us) because durations round up to
 * ticks; the phases are kept, and the result printed makespan = bound and FEASIBLE before.
 */
class WriteSchedulerStatusTest {

    @Test
    void aKeptPhaseScheduleIsOptimalWhenTheBoundReachesIt() {
        Problem problem = ProblemFile.read(Path.of("../problems/squeezenet.yaml")).problem().withBatch(16)
                .withHardware(HardwarePresets.byName("compass-l").orElseThrow());
        Plan plan = new DpFormulation().solve(SolveRequest.of(problem)).plan();
        double phases = new CostModel(problem).evaluate(plan).latencySeconds();
        ScheduleInstance in = ScheduleInstance.of(ScheduleTasks.of(problem, plan), ScheduleMode.PREFETCH, true);
        // the case this test is about: no schedule of the tick model reaches the phases, by the bounds alone
        assertTrue(in.strongLowerBound() * in.tick >= phases, in.strongLowerBound() + " ticks against " + phases);
        ScheduleResult r = WriteScheduler.schedule(problem, plan, ScheduleMode.PREFETCH, 60, 2, 1);
        assertTrue(r.message().startsWith("phase schedule kept: the tick model's best, "), r.message());
        assertEquals(phases, r.makespanSeconds());
        assertEquals(r.makespanSeconds(), r.boundSeconds());
        assertEquals(Status.OPTIMAL, r.status(), r.message());
    }
}
