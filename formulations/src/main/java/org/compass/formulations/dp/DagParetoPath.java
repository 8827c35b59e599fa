package org.compass.formulations.dp;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.compass.formulations.graph.PartitionGraph;
import org.compass.solver.control.Cancellation;
import org.compass.solver.cost.CostModel;
import org.compass.solver.cost.Pareto;
import org.compass.solver.plan.Partition;
import org.compass.solver.plan.Plan;
import org.compass.solver.cost.ReplicationChooser.Option;
import org.compass.solver.cost.ReplicationChooser;
import org.compass.solver.cost.ReplicationFront;

/**
 * The DP's EDP-optimal path through a partition graph of any space (the dag space's graph of down-sets): a
 * Pareto set of (latency, energy) labels per state, each edge extended by its Pareto replication options, and the
 * sink's label of least latency x energy. Labels per state grow with the front, so the running time is the edges
 * times the labels per state times the options per edge (twice where a front search stops: the relaxed labels of
 * the bound beside the plan's).
 */
final class DagParetoPath {

    private DagParetoPath() {
    }

    /**
     * The EDP-optimal path and, where an edge's replication front was not proven complete, a bound on every path's
     * EDP: the least T x E of relaxed labels built the same way over each edge's options and the points under what
     * its search left unexplored ({@link ReplicationFront}; docs/cost-model.md, "EDP bounds under v2").
     *
     * @param plan   the least-EDP plan of the labels
     * @param proven whether every edge's front was complete, so that the plan is optimal
     * @param bound  a bound on every path's EDP (J s) when not proven, NaN when proven
     */
    record Result(Plan plan, boolean proven, double bound) {
    }

    /** {@link #plan(PartitionGraph, long, Cancellation)} without a deadline. */
    static Result plan(PartitionGraph graph) {
        return plan(graph, Long.MAX_VALUE, Cancellation.NEVER);
    }

    /**
     * The EDP-optimal path, or null when {@code deadline} (System.nanoTime()) passes or {@code cancel} is cancelled
     * first (checked before every state's edges are priced).
     */
    static Result plan(PartitionGraph graph, long deadline, Cancellation cancel) {
        return plan(graph, deadline, cancel, ReplicationChooser.NODE_BUDGET);
    }

    /** As above, each edge's front search visiting at most {@code budget} nodes (tests make it small). */
    static Result plan(PartitionGraph graph, long deadline, Cancellation cancel, long budget) {
        CostModel cm = new CostModel(graph.problem());
        List<List<PathLabel>> fronts = new ArrayList<>();
        List<List<PathLabel>> relaxed = new ArrayList<>();
        for (int s = 0; s < graph.stateCount(); s++) {
            fronts.add(new ArrayList<>());
            relaxed.add(new ArrayList<>());
        }
        fronts.get(graph.source()).add(new PathLabel(0, 0, null, null, null));
        relaxed.get(graph.source()).add(new PathLabel(0, 0, null, null, null));
        boolean proven = true;
        for (int v = 0; v < graph.stateCount(); v++) {
            if (cancel.isCancelled() || (deadline != Long.MAX_VALUE && System.nanoTime() - deadline > 0)) {
                return null;
            }
            List<PathLabel> front = fronts.get(v);
            List<PathLabel> under = relaxed.get(v);
            if (v != graph.source()) {
                front = paretoPathLabels(front);
                fronts.set(v, front);
                under = paretoPathLabels(under);
                relaxed.set(v, under);
            }
            if (front.isEmpty()) {
                continue;
            }
            for (PartitionGraph.Edge e : graph.outgoing(v)) {
                ReplicationFront searched = ReplicationChooser.front(cm, e.units(), budget, cancel);
                if (cancel.isCancelled()) {
                    return null; // the options may be cut short: nothing built from them is kept
                }
                List<Option> options = ParetoLabels.pareto(searched.options());
                proven &= searched.proven();
                for (Option o : options) {
                    for (PathLabel l : front) {
                        fronts.get(e.to()).add(new PathLabel(l.seconds() + o.cost().seconds(),
                                l.joules() + o.cost().joules(), l, e, o));
                    }
                    for (PathLabel l : under) {
                        relaxed.get(e.to()).add(new PathLabel(l.seconds() + o.cost().seconds(),
                                l.joules() + o.cost().joules(), null, null, null));
                    }
                }
                for (ReplicationFront.Point p : searched.unexplored()) {
                    for (PathLabel l : under) {
                        relaxed.get(e.to()).add(new PathLabel(l.seconds() + p.seconds(), l.joules() + p.joules(), null,
                                null, null));
                    }
                }
            }
        }
        PathLabel best = leastEdp(fronts.get(graph.sink()));
        List<Partition> parts = new ArrayList<>();
        for (PathLabel l = best; l.previous() != null; l = l.previous()) {
            parts.add(0, Partition.of(l.edge().units(), l.option().replication()));
        }
        PathLabel under = leastEdp(relaxed.get(graph.sink()));
        return new Result(new Plan(parts), proven, proven ? Double.NaN : under.seconds() * under.joules());
    }

    private static PathLabel leastEdp(List<PathLabel> labels) {
        return labels.stream().min(Comparator.comparingDouble((PathLabel l) -> l.seconds() * l.joules()))
                .orElseThrow();
    }

    private record PathLabel(double seconds, double joules, PathLabel previous, PartitionGraph.Edge edge,
                             Option option) {
    }

    private static List<PathLabel> paretoPathLabels(List<PathLabel> labels) {
        return Pareto.lowerLeft(labels, PathLabel::seconds, PathLabel::joules);
    }
}
