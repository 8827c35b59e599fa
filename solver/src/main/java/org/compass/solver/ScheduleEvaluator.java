package org.compass.solver;

import java.util.ArrayList;
import java.util.List;
import org.compass.model.problem.Problem;

/**
 * Evaluates a schedule of a plan: validates it ({@link ScheduleValidator}) and reports its makespan beside
 * the v1 phase latency. The single place where schedules are scored.
 */
public final class ScheduleEvaluator {

    private ScheduleEvaluator() {
    }

    /**
     * The evaluation of a schedule.
     *
     * @throws InvalidScheduleException when the schedule breaks a rule
     * @throws InvalidPlanException     when the plan is invalid
     */
    public static ScheduleEvaluation evaluate(Problem problem, Plan plan, Schedule schedule) {
        PlanValidator.requireValid(problem, plan);
        ScheduleTasks tasks = ScheduleTasks.of(problem, plan);
        ScheduleValidator.requireValid(tasks, schedule);
        Evaluation e = new CostModel(problem).evaluate(plan);
        int parts = plan.size();
        double[] first = new double[parts];
        double[] last = new double[parts];
        java.util.Arrays.fill(first, Double.POSITIVE_INFINITY);
        for (ScheduleRecord r : schedule.records()) {
            first[r.partition()] = Math.min(first[r.partition()], r.start());
            last[r.partition()] = Math.max(last[r.partition()], r.end());
        }
        List<ScheduleEvaluation.PartitionTiming> timings = new ArrayList<>();
        double previous = 0;
        for (int p = 0; p < parts; p++) {
            double phase = e.partitions().get(p).seconds();
            double finish = Math.max(previous, last[p]);
            timings.add(new ScheduleEvaluation.PartitionTiming(first[p], last[p], phase,
                    resolved(phase - (finish - previous), phase)));
            previous = finish;
        }
        return new ScheduleEvaluation(schedule.makespan(), e.latencySeconds(), timings);
    }

    /**
     * A difference of two times of about {@code scale} seconds, 0 when it is below their rounding error (a
     * partition that gains nothing from overlap saves 0 s, not 2.7e-20 s).
     */
    private static double resolved(double difference, double scale) {
        return Math.abs(difference) <= 1e-12 * Math.abs(scale) ? 0 : difference;
    }
}
