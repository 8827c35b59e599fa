package org.compass.solver.schedule;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.compass.model.problem.Problem;
import org.compass.solver.cost.CostModel;
import org.compass.solver.cost.Evaluation;
import org.compass.solver.plan.Plan;
import org.compass.solver.plan.PlanValidator;

/**
 * Evaluates a schedule of a plan: validates it ({@link ScheduleValidator}) and reports its makespan beside
 * the phase latency, with the cost model's figures of both ({@link CostModel#evaluateScheduled},
 * {@link CostModel#evaluate}). The single place where schedules are scored.
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
        CostModel model = new CostModel(problem);
        Evaluation e = model.evaluate(plan);
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
                    picoseconds(phase - (finish - previous))));
            previous = finish;
        }
        Evaluation scheduled = model.evaluateScheduled(plan, schedule.makespan(), crossbarSeconds(tasks, schedule));
        return new ScheduleEvaluation(schedule.makespan(), e.latencySeconds(), timings, scheduled, e);
    }

    /**
     * Crossbar-seconds held by a valid schedule: each weighted unit holds its crossbars (replicas included) from its
     * first write's start to its stage's end (rule 5 of {@link ScheduleValidator}).
     */
    static double crossbarSeconds(ScheduleTasks tasks, Schedule schedule) {
        Map<Long, double[]> held = new HashMap<>();
        for (ScheduleRecord r : schedule.records()) {
            if (r.kind() != ScheduleRecord.Kind.WRITE && r.kind() != ScheduleRecord.Kind.STAGE) {
                continue;
            }
            double[] span = held.computeIfAbsent(((long) r.partition() << 32) | (r.unit() & 0xffffffffL),
                    k -> new double[] {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY});
            span[0] = Math.min(span[0], r.start());
            if (r.kind() == ScheduleRecord.Kind.STAGE) {
                span[1] = r.end();
            }
        }
        double total = 0;
        for (int p = 0; p < tasks.partitions().size(); p++) {
            for (ScheduleTasks.UnitTask u : tasks.partitions().get(p).units()) {
                double[] span = held.get(((long) p << 32) | (u.unit() & 0xffffffffL));
                total += u.crossbars() * (span[1] - span[0]);
            }
        }
        return total;
    }

    /**
     * A difference of two times rounded to the picosecond, far below what a schedule resolves (its tick is a tenth
     * of a row write, 1 ns on the compass presets) and far above the doubles' rounding error: a partition that
     * gains nothing from overlap saves 0 s, not 2.7e-20 s, and one that saves 350 ns saves 3.5e-7 s, not
     * 3.49999999998e-7 s.
     */
    static double picoseconds(double difference) {
        return Math.round(difference * 1e12) / 1e12;
    }
}
