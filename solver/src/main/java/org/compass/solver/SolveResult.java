package org.compass.solver;

import org.compass.model.problem.Problem;
import org.compass.model.problem.SearchSpace;
import org.compass.solver.cost.CostModel;
import org.compass.solver.cost.Evaluation;
import org.compass.solver.cost.ReplicationChooser;
import org.compass.solver.plan.Plan;
import org.compass.solver.plan.PlanValidator;

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
        CostModel cm = new CostModel(problem);
        Evaluation e = cm.evaluate(plan);
        double objective = cm.objectiveValue(e);
        double b = status == Status.OPTIMAL && Double.isNaN(bound) ? objective : bound;
        double gap = Double.isNaN(b) ? Double.NaN : Math.abs(objective - b) / Math.abs(objective);
        return new SolveResult(formulation, space, status, plan, e, objective, b, gap, seconds, message);
    }

    /**
     * Whether this result's objective beats {@code other}'s by more than rounding ({@link #ROUNDING}): higher where
     * the objective is maximized, lower otherwise. For callers choosing between two plans of the same problem.
     */
    public boolean beats(SolveResult other, org.compass.model.problem.Objective objective) {
        return objective.maximize() ? this.objective > other.objective * (1 + ROUNDING)
                : this.objective < other.objective * (1 - ROUNDING);
    }

    /** Relative rounding of a sum of the same partition costs added in another order. */
    private static final double ROUNDING = 1e-12;

    /**
     * This result when the replication of some partitions was not proven optimal (cost model v2, a
     * {@link ReplicationChooser.Option} with floors): OPTIMAL becomes FEASIBLE and the bound becomes the floor
     * bound, or the formulation's own bound where that is weaker (it was proven for the replications found, the
     * floor for all). Unchanged when every replication was proven.
     *
     * @param proven     whether every replication the solve could choose was proven optimal
     * @param floorBound a bound on the objective, in its units, from the options' floors, or NaN when there is none
     *                   (for EDP the least E x T of the relaxed Pareto labels, where the caller has them)
     */
    public SolveResult withReplicationFloor(boolean proven, double floorBound, Problem problem) {
        boolean edp = problem.objective() == org.compass.model.problem.Objective.EDP;
        if (plan == null || proven) {
            return this;
        }
        double b;
        if (Double.isNaN(bound) || Double.isNaN(floorBound)) {
            b = Double.NaN;
        } else if (status == Status.OPTIMAL) {
            b = floorBound;
            // the floors may prove the plan anyway (the stopped searches lie off its path or their floors meet
            // it): equal up to the rounding of summing the same costs in another order
            boolean met = problem.objective().maximize() ? floorBound <= objective * (1 + ROUNDING)
                    : floorBound >= objective * (1 - ROUNDING);
            if (met) {
                return this;
            }
        } else {
            b = problem.objective().maximize() ? Math.max(bound, floorBound) : Math.min(bound, floorBound);
        }
        double g = Double.isNaN(b) ? Double.NaN : Math.abs(this.objective - b) / Math.abs(this.objective);
        // the budget differs by pass (ReplicationChooser.deepen), so the message names none
        String why = "cost model v2: a replication search stopped at its node budget; " + (Double.isNaN(b) ? "no bound"
                : edp ? "the bound comes from the relaxed Pareto labels (docs/cost-model.md, \"EDP bounds under v2\")"
                : "the bound comes from its floor");
        return new SolveResult(formulation, space, status == Status.OPTIMAL ? Status.FEASIBLE : status, plan,
                evaluation, this.objective, b, g, seconds, message == null || message.isEmpty() ? why
                : message + "; " + why);
    }

    /** A result without a plan. */
    public static SolveResult withoutPlan(String formulation, SearchSpace space, Status status, double bound,
                                          double seconds, String message) {
        return new SolveResult(formulation, space, status, null, null, Double.NaN, bound, Double.NaN, seconds, message);
    }
}
