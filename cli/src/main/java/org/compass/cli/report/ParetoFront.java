package org.compass.cli.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.compass.formulations.dp.DpFormulation;
import org.compass.formulations.dp.ParetoLabels;
import org.compass.model.problem.Problem;
import org.compass.solver.cost.CostModel;
import org.compass.solver.cost.Evaluation;
import org.compass.solver.plan.Plan;
import org.compass.solver.plan.PlanValidator;

/**
 * The latency-energy Pareto front of contiguous plans ({@link DpFormulation#paretoFront}), every plan
 * validated and evaluated by the cost model, in order of increasing latency.
 *
 * @param points the plans on the front with their evaluations
 */
public record ParetoFront(List<Point> points) {

    /**
     * A plan on the front.
     *
     * @param plan       the plan
     * @param evaluation the cost model's evaluation of it
     */
    public record Point(Plan plan, Evaluation evaluation) {
    }

    /** Computes the front of a problem. */
    public static ParetoFront of(Problem problem) {
        CostModel cm = new CostModel(problem);
        List<Point> points = new ArrayList<>();
        for (ParetoLabels.Label label : ParetoLabels.paretoFront(problem).labels()) {
            Plan plan = label.plan();
            PlanValidator.requireValid(problem, plan);
            points.add(new Point(plan, cm.evaluate(plan)));
        }
        points.sort(Comparator.comparingDouble((Point p) -> p.evaluation().latencySeconds())
                .thenComparingDouble(p -> p.evaluation().energyJoules()));
        return new ParetoFront(List.copyOf(points));
    }
}
