package org.compass.solver.cost;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.compass.model.mapping.MappedGraph;
import org.compass.model.mapping.Unit;

/**
 * The replication factors of a unit worth trying under cost model v2: those that fit on the chip alone and shorten
 * the unit's own time (a factor that does not writes more rows for the same time, so it is dominated), with the own
 * time at each. What {@link ReplicationSearch} branches on and {@link RangeFloorScan} takes the fastest of.
 *
 * @param factors ascending
 * @param own     parallel: the unit's own time at each factor (seconds per input), strictly decreasing
 */
record UsefulFactors(int[] factors, double[] own) {

    /**
     * @param candidates the factors to consider, ascending ({1} for a unit that is not replicated)
     * @param chip       the chip's crossbars
     */
    static UsefulFactors of(CostModel cm, Unit unit, int[] candidates, long chip) {
        List<Integer> useful = new ArrayList<>();
        List<Double> times = new ArrayList<>();
        for (int r : candidates) {
            if ((long) r * unit.crossbars() > chip) {
                break;
            }
            double t = cm.ownSeconds(unit, r);
            if (times.isEmpty() || t < times.get(times.size() - 1)) {
                useful.add(r);
                times.add(t);
            }
        }
        return new UsefulFactors(useful.stream().mapToInt(Integer::intValue).toArray(),
                times.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /**
     * The order in which a search over a partition's factors branches ({@link ReplicationSearch},
     * {@link ResidentFront}): the positions in {@code units} of the weighted units, the slowest unreplicated first,
     * since their factors decide the most.
     */
    static int[] branchingOrder(CostModel cm, int[] units) {
        MappedGraph g = cm.problem().graph();
        List<Integer> weighted = new ArrayList<>();
        for (int i = 0; i < units.length; i++) {
            if (g.unit(units[i]).weighted()) {
                weighted.add(i);
            }
        }
        weighted.sort(Comparator.comparingDouble((Integer i) -> -cm.ownSeconds(g.unit(units[i]), 1)));
        return weighted.stream().mapToInt(Integer::intValue).toArray();
    }
}
