package org.compass.solver;

import org.compass.model.problem.Problem;
import org.compass.model.problem.SearchSpace;

/**
 * The outcome of one solve. The objective is always the cost model's evaluation of the plan.
 *
 * @param formulation name of the formulation that ran
 * @param space       search space it ran in
 * @param status      OPTIMAL only with a proof
 * @param plan        the best plan found, or null
 * @param evaluation  the cost model's evaluation of the plan, or null
 * @param objective   the objective's value for the plan (NaN without a plan)
 * @param bound       best proven bound on the objective in the same units (NaN when none)
 * @param gap         relative gap |objective - bound| / |objective| (0 when optimal, NaN when unknown)
 * @param seconds     wall-clock time of the solve
 * @param message     why there is no plan or no proof, or extra facts; may be empty
 */
public record SolveResult(String formulation, SearchSpace space, Status status, Plan plan, Evaluation evaluation,
                          double objective, double bound, double gap, double seconds, String message) {

    /** Whether a plan was found. */
    public boolean hasPlan() {
        return plan != null;
    }

    /**
     * A result for a plan found by a formulation: validates it and evaluates it with the cost model.
     *
     * @param bound proven bound in objective units; for OPTIMAL pass NaN to use the objective itself
     */
    public static SolveResult withPlan(String formulation, SearchSpace space, Problem problem, Status status,
                                       Plan plan, double bound, double seconds, String message) {
        PlanValidator.requireValid(problem, plan);
        if (status == Status.OPTIMAL && !ReplicationChooser.exact(problem)) {
            // the inner replication problem is not solved exactly in this cost model: no proof of the whole
            status = Status.FEASIBLE;
            bound = Double.NaN;
            message = (message == null || message.isEmpty() ? "" : message + "; ")
                    + "cost model v2: replication is chosen as the least for each period, which v2 does not prove "
                    + "optimal (docs/cost-model.md), so no optimality is claimed";
        }
        CostModel cm = new CostModel(problem);
        Evaluation e = cm.evaluate(plan);
        double objective = cm.objectiveValue(e);
        double b = status == Status.OPTIMAL && Double.isNaN(bound) ? objective : bound;
        double gap = Double.isNaN(b) ? Double.NaN : Math.abs(objective - b) / Math.abs(objective);
        return new SolveResult(formulation, space, status, plan, e, objective, b, gap, seconds, message);
    }

    /** A result without a plan. */
    public static SolveResult withoutPlan(String formulation, SearchSpace space, Status status, double bound,
                                          double seconds, String message) {
        return new SolveResult(formulation, space, status, null, null, Double.NaN, bound, Double.NaN, seconds, message);
    }
}
