package org.compass.formulations.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.compass.model.problem.PipelineMode;
import org.compass.model.problem.Problem;
import org.compass.solver.plan.Plan;
import org.compass.solver.plan.PlanValidator;
import org.compass.solver.schedule.ScheduleMode;
import org.compass.solver.schedule.ScheduleTasks;
import org.compass.solver.schedule.ScheduleValidator;
import org.junit.jupiter.api.Test;

class JointSchedulerTest {

    @Test
    void neighboursKeepCutsInsideAndOrdered() {
        for (List<Integer> c : JointScheduler.neighbours(List.of(2, 5), 8)) {
            for (int i = 0; i < c.size(); i++) {
                assertTrue(c.get(i) > 0 && c.get(i) < 8);
                assertTrue(i == 0 || c.get(i) > c.get(i - 1), c.toString());
            }
        }
        assertTrue(JointScheduler.neighbours(List.of(2, 5), 8).contains(List.of(5)));
        assertTrue(JointScheduler.neighbours(List.of(2, 5), 8).contains(List.of(2, 5, 6)));
    }

    @Test
    void jointSearchNeverWorsensTheStartAndStaysValid() {
        Problem problem = WriteSchedulerTest.problem("squeezenet", "compass-s", 16, PipelineMode.ROW);
        Plan start = WriteSchedulerTest.dpPlan(problem);
        JointScheduler.Result r = JointScheduler.optimize(problem, start, ScheduleMode.FULL, 8, 0.5, 8, 1);
        assertEquals(List.of(), PlanValidator.violations(problem, r.plan()));
        assertEquals(List.of(), ScheduleValidator.violations(ScheduleTasks.of(problem, r.plan()), r.schedule().schedule()));
        assertTrue(r.schedule().makespanSeconds() <= r.start().makespanSeconds());
        assertTrue(r.evaluations() >= 1);
    }
}
