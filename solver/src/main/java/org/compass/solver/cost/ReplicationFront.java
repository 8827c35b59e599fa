package org.compass.solver.cost;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.compass.solver.control.Cancellation;

/**
 * The replication vectors of one partition that no other beats in both time and energy (cost model v2), and, when the
 * search stopped at its node budget, what it left unexplored: a point under every vector of each subtree it did not
 * open (the same bound it prunes with: rows at their least for the open units, compute at its fastest, both costs
 * monotone in them). Every replication vector of the units is then either beaten by an option (seen, or pruned as
 * beaten) or at or above some unexplored point in both coordinates, so options and points together are a relaxation
 * of the whole front: what a bound on EDP over Pareto labels needs (docs/cost-model.md, "EDP bounds under v2").
 *
 * @param options    the front found, by increasing time; where the search stopped, each carries the floors
 *                   min(least open bound, its cost) ({@link ReplicationChooser.Option#floorSeconds})
 * @param unexplored the bounds of the subtrees left unexplored, not dominated by one another; empty when the search
 *                   was exhaustive (then the options are the front)
 */
public record ReplicationFront(List<ReplicationChooser.Option> options, List<Point> unexplored) {

    /**
     * A point in (seconds, joules) under every vector of a subtree.
     *
     * @param seconds no vector of the subtree takes less time (s)
     * @param joules  no vector of the subtree takes less energy (J)
     */
    public record Point(double seconds, double joules) {
    }

    /** Immutable copies. */
    public ReplicationFront {
        options = List.copyOf(options);
        unexplored = List.copyOf(unexplored);
    }

    /** Whether the search was exhaustive, so that the options are the whole front. */
    public boolean proven() {
        return unexplored.isEmpty();
    }

    /**
     * The front of the units from a depth-first search ({@link ReplicationSearch}) of at most {@code budget} nodes,
     * seeded with known vectors (pruning); a cancellation stops it as the budget does. Empty when the units do not
     * fit on the chip unreplicated.
     *
     * @param units unit ids, ascending
     */
    static ReplicationFront search(CostModel cm, int[] units, List<ReplicationChooser.Option> seeds, long budget,
                                   Cancellation cancel) {
        List<ReplicationChooser.Option> archive = new ArrayList<>();
        SearchGoal goal = SearchGoal.front(archive);
        for (ReplicationChooser.Option seed : seeds) {
            goal.offer(seed.replication(), seed.cost());
        }
        ReplicationSearch search = new ReplicationSearch(cm, units, cancel, budget);
        search.run(goal);
        archive.sort(Comparator.comparingDouble((ReplicationChooser.Option o) -> o.cost().seconds()));
        if (search.complete()) {
            return new ReplicationFront(archive, List.of());
        }
        // the front may miss points: every option carries the floor of what was not explored
        archive.replaceAll(o -> o.withFloor(Math.min(search.openSeconds, o.cost().seconds()),
                Math.min(search.openJoules, o.cost().joules())));
        return new ReplicationFront(archive, Pareto.lowerLeft(search.unexplored, Point::seconds, Point::joules));
    }
}
