package org.compass.solver.cost;

import java.util.Comparator;
import java.util.List;
import org.compass.model.problem.Objective;

/**
 * What a replication search ({@link ReplicationSearch}) keeps: the best vector for an objective, or every vector not
 * dominated in time and energy; and in which order it expands open subtrees.
 */
interface SearchGoal {

    /** Whether no completion costing at least {@code bound} can be kept. */
    boolean prunes(PartitionCost bound);

    /** Offers a whole vector and its cost. */
    void offer(int[] replication, PartitionCost cost);

    /** The order in which open subtrees are expanded, by their bounds: the most promising first. */
    Comparator<SearchNode> order();

    /** Whether a cost is more promising than another for this goal (orders a subtree's trade-off bounds). */
    default boolean before(PartitionCost a, PartitionCost b) {
        return a.seconds() < b.seconds() || (a.seconds() == b.seconds() && a.joules() < b.joules());
    }

    /** Keeps nothing and ranks time first: for a floor, which does not depend on the goal ({@link ReplicationSearch#floor}). */
    SearchGoal TIME_FIRST = new SearchGoal() {
        @Override
        public boolean prunes(PartitionCost bound) {
            return false;
        }

        @Override
        public void offer(int[] replication, PartitionCost cost) {
        }

        @Override
        public Comparator<SearchNode> order() {
            return Comparator.comparingDouble((SearchNode n) -> n.bound().seconds());
        }
    };

    /** Keeps in {@code best[0]} the best vector for an objective; expands the most promising subtree first. */
    static SearchGoal best(ReplicationChooser.Option[] best, Objective objective) {
        return new SearchGoal() {
            @Override
            public boolean prunes(PartitionCost bound) {
                return best[0] != null && !ReplicationChooser.better(bound, best[0].cost(), objective);
            }

            @Override
            public void offer(int[] replication, PartitionCost cost) {
                if (!prunes(cost)) {
                    best[0] = new ReplicationChooser.Option(replication, cost);
                }
            }

            @Override
            public Comparator<SearchNode> order() {
                return (x, y) -> ReplicationChooser.better(x.bound(), y.bound(), objective) ? -1
                        : ReplicationChooser.better(y.bound(), x.bound(), objective) ? 1 : 0;
            }

            @Override
            public boolean before(PartitionCost a, PartitionCost b) {
                return ReplicationChooser.better(a, b, objective);
            }
        };
    }

    /** Keeps in {@code archive} every vector not dominated in (seconds, joules); expands by time, then energy. */
    static SearchGoal front(List<ReplicationChooser.Option> archive) {
        return new SearchGoal() {
            @Override
            public boolean prunes(PartitionCost bound) {
                for (ReplicationChooser.Option o : archive) {
                    if (o.cost().seconds() <= bound.seconds() && o.cost().joules() <= bound.joules()) {
                        return true;
                    }
                }
                return false;
            }

            @Override
            public void offer(int[] replication, PartitionCost cost) {
                if (prunes(cost)) {
                    return;
                }
                archive.removeIf(o -> cost.seconds() <= o.cost().seconds() && cost.joules() <= o.cost().joules());
                archive.add(new ReplicationChooser.Option(replication, cost));
            }

            @Override
            public Comparator<SearchNode> order() {
                return Comparator.comparingDouble((SearchNode n) -> n.bound().seconds())
                        .thenComparingDouble(n -> n.bound().joules());
            }
        };
    }

    /**
     * {@code goal}, also keeping in {@code found[0]} the best vector offered to it for the objective, whether or not
     * {@code goal} keeps it (a search that starts with a good incumbent may still find a vector worth polishing).
     */
    static SearchGoal recording(SearchGoal goal, ReplicationChooser.Option[] found, Objective objective) {
        return new SearchGoal() {
            @Override
            public boolean prunes(PartitionCost bound) {
                return goal.prunes(bound);
            }

            @Override
            public void offer(int[] replication, PartitionCost cost) {
                if (found[0] == null || ReplicationChooser.better(cost, found[0].cost(), objective)) {
                    found[0] = new ReplicationChooser.Option(replication, cost);
                }
                goal.offer(replication, cost);
            }

            @Override
            public Comparator<SearchNode> order() {
                return goal.order();
            }

            @Override
            public boolean before(PartitionCost a, PartitionCost b) {
                return goal.before(a, b);
            }
        };
    }
}
