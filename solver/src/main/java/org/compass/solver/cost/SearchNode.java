package org.compass.solver.cost;

/**
 * A subtree of a replication search ({@link ReplicationSearch}): the factors of the first {@code depth} units in
 * branching order, and its bound.
 *
 * @param bound     no vector in the subtree costs less in time or in energy than this (with {@code tradeoffs},
 *                  the most promising bound of the strongest trade-off)
 * @param tradeoffs null, or sets of bounds such that every vector of the subtree is, in both time and energy,
 *                  at least one bound of each set ({@link ReplicationSearch}'s refine: replication buys compute time with rows)
 */
record SearchNode(int depth, int[] factors, long crossbars, long rows, double compute, PartitionCost bound,
                  boolean refined, PartitionCost[][] tradeoffs) {

    /** A subtree with one bound and no trade-offs. */
    SearchNode(int depth, int[] factors, long crossbars, long rows, double compute, PartitionCost bound,
               boolean refined) {
        this(depth, factors, crossbars, rows, compute, bound, refined, null);
    }

    /** Whether the goal keeps nothing of this subtree: every bound of one of its trade-offs is pruned. */
    boolean prunedBy(SearchGoal goal) {
        if (goal.prunes(bound)) {
            return true;
        }
        for (PartitionCost[] set : tradeoffs == null ? new PartitionCost[0][] : tradeoffs) {
            boolean all = true;
            for (PartitionCost c : set) {
                all &= goal.prunes(c);
            }
            if (all) {
                return true;
            }
        }
        return false;
    }

    /** The least time any vector of the subtree takes (seconds). */
    double floorSeconds() {
        return floor(PartitionCost::seconds);
    }

    /** The least energy any vector of the subtree takes (J). */
    double floorJoules() {
        return floor(PartitionCost::joules);
    }

    /** The highest, over the trade-offs, of the least of a quantity among a trade-off's bounds; the bound's without. */
    private double floor(java.util.function.ToDoubleFunction<PartitionCost> quantity) {
        if (tradeoffs == null) {
            return quantity.applyAsDouble(bound);
        }
        double f = 0;
        for (PartitionCost[] set : tradeoffs) {
            double least = Double.POSITIVE_INFINITY;
            for (PartitionCost c : set) {
                least = Math.min(least, quantity.applyAsDouble(c));
            }
            f = Math.max(f, least);
        }
        return f;
    }
}
