package org.compass.formulations.baseline;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.compass.model.problem.Problem;
import org.compass.model.problem.SearchSpace;
import org.compass.solver.cost.CostModel;
import org.compass.solver.Formulation;
import org.compass.solver.plan.Partition;
import org.compass.solver.plan.Plan;
import org.compass.solver.SolveRequest;
import org.compass.solver.SolveResult;
import org.compass.solver.Status;

/**
 * A baseline that cuts the topological order into ranges by a fixed rule and then fills replication
 * greedily ({@link GreedyReplication}); no proof, so status FEASIBLE.
 */
abstract class AbstractRangeBaseline implements Formulation {

    /** The ranges [from, to) of unit ids the rule cuts the order into. */
    abstract List<int[]> ranges(Problem problem);

    @Override
    public final Set<SearchSpace> spaces() {
        return Set.of(SearchSpace.CONTIGUOUS);
    }

    @Override
    public final boolean exact() {
        return false;
    }

    @Override
    public final SolveResult solve(SolveRequest request) {
        SolveResult refused = Formulation.lifetimeRefusal(this, request);
        if (refused != null) {
            return refused;
        }
        long start = System.nanoTime();
        Problem problem = request.problem();
        CostModel cm = new CostModel(problem);
        List<Partition> parts = new ArrayList<>();
        for (int[] r : ranges(problem)) {
            int[] units = new int[r[1] - r[0]];
            for (int i = 0; i < units.length; i++) {
                units[i] = r[0] + i;
            }
            parts.add(Partition.of(units, GreedyReplication.fill(cm, units, problem.objective())));
        }
        return SolveResult.withPlan(name(), SearchSpace.CONTIGUOUS, problem, Status.FEASIBLE, new Plan(parts),
                Double.NaN, (System.nanoTime() - start) / 1e9, "");
    }
}
