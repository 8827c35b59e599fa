package org.compass.formulations.schedule;

import org.compass.solver.Plan;
import org.compass.solver.Schedule;
import org.compass.solver.ScheduleEvaluation;
import org.compass.solver.ScheduleMode;
import org.compass.solver.Status;

/**
 * A validated schedule of a plan.
 *
 * @param plan         the plan scheduled
 * @param mode         overlaps allowed
 * @param schedule     the schedule
 * @param evaluation   its evaluation (makespan beside the v1 phase latency)
 * @param status       OPTIMAL when the CP model proved its makespan optimal in tick time (or the mode is NONE)
 * @param boundSeconds proven lower bound on the makespan in tick time
 * @param seconds      wall-clock time of the scheduling
 * @param message      which solver produced it, or why the phase schedule was kept
 */
public record ScheduleResult(Plan plan, ScheduleMode mode, Schedule schedule, ScheduleEvaluation evaluation, Status status,
                             double boundSeconds, double seconds, String message) {

    /** The makespan in seconds. */
    public double makespanSeconds() {
        return evaluation.makespanSeconds();
    }
}
