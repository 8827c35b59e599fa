package org.compass.formulations.baseline;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.compass.model.mapping.MappedGraph;
import org.compass.model.problem.Problem;
import org.compass.model.problem.SearchSpace;
import org.compass.solver.CostModel;
import org.compass.solver.Formulation;
import org.compass.solver.Partition;
import org.compass.solver.Plan;
import org.compass.solver.SolveRequest;
import org.compass.solver.SolveResult;
import org.compass.solver.Status;

/**
 * The COMPASS paper's "greedy" baseline: pack units in topological order into the current partition until
 * the next one would not fit on the chip, then start a new partition; replication is then filled greedily
 * ({@link GreedyReplication}). O(n) partitions' worth of cost evaluations; status FEASIBLE (no proof).
 */
public final class GreedyFormulation implements Formulation {

    @Override
    public String name() {
        return "greedy";
    }

    @Override
    public String description() {
        return "paper baseline: pack layers in order until the chip is full";
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
        long used = 0;
        for (int u = 0; u < g.size(); u++) {
            int x = g.unit(u).crossbars();
            if (used + x > problem.hardware().crossbars()) {
                ranges.add(new int[] {first, u});
                first = u;
                used = 0;
            }
            used += x;
        }
        ranges.add(new int[] {first, g.size()});
        Plan plan = withGreedyReplication(problem, ranges);
        return SolveResult.withPlan(name(), SearchSpace.CONTIGUOUS, problem, Status.FEASIBLE, plan, Double.NaN,
                (System.nanoTime() - start) / 1e9, "");
    }

    /** A plan of the given ranges [from, to) with greedily filled replication. */
    static Plan withGreedyReplication(Problem problem, List<int[]> ranges) {
        CostModel cm = new CostModel(problem);
        List<Partition> parts = new ArrayList<>();
        for (int[] r : ranges) {
            int[] units = new int[r[1] - r[0]];
            for (int i = 0; i < units.length; i++) {
                units[i] = r[0] + i;
            }
            parts.add(Partition.of(units, GreedyReplication.fill(cm, units, problem.objective())));
        }
        return new Plan(parts);
    }
}
