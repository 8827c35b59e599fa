package org.compass.formulations.baseline;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.compass.model.mapping.MappedGraph;
import org.compass.model.problem.Problem;
import org.compass.model.problem.SearchSpace;
import org.compass.solver.Formulation;
import org.compass.solver.Plan;
import org.compass.solver.SolveRequest;
import org.compass.solver.SolveResult;
import org.compass.solver.Status;

/**
 * The COMPASS paper's "layerwise" baseline: one weighted layer (or layer slice) per partition; the
 * unweighted nodes that follow a layer in topological order stay in its partition (those before the first
 * layer join the first). Replication filled greedily. Status FEASIBLE (no proof).
 */
public final class LayerwiseFormulation implements Formulation {

    @Override
    public String name() {
        return "layerwise";
    }

    @Override
    public String description() {
        return "paper baseline: one layer per partition";
    }

    @Override
    public Set<SearchSpace> spaces() {
        return Set.of(SearchSpace.CONTIGUOUS);
    }

    @Override
    public boolean exact() {
        return false;
    }

    @Override
    public SolveResult solve(SolveRequest request) {
        long start = System.nanoTime();
        Problem problem = request.problem();
        MappedGraph g = problem.graph();
        List<int[]> ranges = new ArrayList<>();
        int first = 0;
        boolean hasLayer = false;
        for (int u = 0; u < g.size(); u++) {
            if (g.unit(u).weighted()) {
                if (hasLayer) {
                    ranges.add(new int[] {first, u});
                    first = u;
                }
                hasLayer = true;
            }
        }
        ranges.add(new int[] {first, g.size()});
        Plan plan = GreedyFormulation.withGreedyReplication(problem, ranges);
        return SolveResult.withPlan(name(), SearchSpace.CONTIGUOUS, problem, Status.FEASIBLE, plan, Double.NaN,
                (System.nanoTime() - start) / 1e9, "");
    }
}
