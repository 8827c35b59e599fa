package org.compass.formulations.baseline;

import java.util.ArrayList;
import java.util.List;
import org.compass.model.mapping.MappedGraph;
import org.compass.model.problem.Problem;

/**
 * The COMPASS paper's "layerwise" baseline: one weighted layer (or layer slice) per partition; the
 * unweighted nodes that follow a layer in topological order stay in its partition (those before the first
 * layer join the first). Replication filled greedily. Status FEASIBLE (no proof).
 */
public final class LayerwiseFormulation extends AbstractRangeBaseline {

    @Override
    public String name() {
        return "layerwise";
    }

    @Override
    public String description() {
        return "paper baseline: one layer per partition";
    }

    @Override
    List<int[]> ranges(Problem problem) {
        return cut(problem);
    }

    /** The rule's ranges [from, to) of unit ids (one weighted layer per partition); the GA seeds its population with them. */
    public static List<int[]> cut(Problem problem) {
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
        return ranges;
    }
}
