package org.compass.formulations.baseline;

import java.util.ArrayList;
import java.util.List;
import org.compass.model.mapping.MappedGraph;
import org.compass.model.problem.Problem;

/**
 * The COMPASS paper's "greedy" baseline: pack units in topological order into the current partition until
 * the next one would not fit on the chip, then start a new partition; replication is then filled greedily
 * in the crossbars left over. O(n) cost evaluations per partition; status FEASIBLE (no proof).
 */
public final class GreedyFormulation extends AbstractRangeBaseline {

    @Override
    public String name() {
        return "greedy";
    }

    @Override
    public String description() {
        return "paper baseline: pack layers in order until the chip is full";
    }

    @Override
    List<int[]> ranges(Problem problem) {
        return cut(problem);
    }

    /** The rule's ranges [from, to) of unit ids (fill the chip in order, cut before the first unit that does not fit); the GA seeds its population with them. */
    public static List<int[]> cut(Problem problem) {
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
        return ranges;
    }
}
