package org.compass.formulations.schedule;

import org.compass.model.problem.Problem;
import org.compass.solver.cost.CostModel;
import org.compass.solver.cost.Evaluation;
import org.compass.solver.plan.Plan;
import org.compass.solver.schedule.Schedule;
import org.compass.solver.schedule.ScheduleEvaluation;
import org.compass.solver.schedule.ScheduleMode;
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

    /** The cost model's figures of the plan run by this schedule: latency = the makespan, static energy over it. */
    public Evaluation scheduled() {
        return evaluation.scheduled();
    }

    /** The problem's objective for the plan run by this schedule. */
    public double objective(Problem problem) {
        return CostModel.objectiveValue(problem.objective(), evaluation.scheduled());
    }

    /**
     * A bound on the problem's objective over every schedule of this plan in this mode: its value at the makespan's
     * bound (latency, energy and EDP grow with the makespan, throughput falls). Not a bound over other plans. NaN
     * when no bound on the makespan is known.
     */
    public double objectiveBound(Problem problem) {
        if (!(boundSeconds > 0)) {
            return Double.NaN;
        }
        return CostModel.objectiveValue(problem.objective(),
                new CostModel(problem).evaluateScheduled(plan, boundSeconds, 0));
    }
}
