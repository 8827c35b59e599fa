package org.compass.formulations.dp;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.compass.formulations.graph.PartitionGraph;
import org.compass.solver.control.Cancellation;
import org.compass.solver.cost.CostModel;
import org.compass.solver.plan.Partition;
import org.compass.solver.plan.Plan;
import org.compass.solver.cost.ReplicationChooser.Option;
import org.compass.solver.cost.ReplicationChooser;

/**
 * The DP's EDP-optimal path through a partition graph of any space (the dag space's graph of down-sets): a
 * Pareto set of (latency, energy) labels per state, each edge extended by its Pareto replication options, and the
 * sink's label of least latency x energy. Labels per state grow with the front, so the running time is the edges
 * times the labels per state times the options per edge.
 */
final class DagParetoPath {

    private DagParetoPath() {
    }

    /**
     * The EDP-optimal path: Pareto labels per state, extended by each edge's Pareto replication options;
     * {@code proven[0]} becomes false when an edge's replication front was not proven complete.
     */
    static Plan plan(PartitionGraph graph, boolean[] proven) {
        return plan(graph, proven, Long.MAX_VALUE, Cancellation.NEVER);
    }

    /**
     * {@link #plan(PartitionGraph, boolean[])}, or null when {@code deadline} (System.nanoTime()) passes
     * or {@code cancel} is cancelled first (checked before every state's edges are priced).
     */
    static Plan plan(PartitionGraph graph, boolean[] proven, long deadline, Cancellation cancel) {
        CostModel cm = new CostModel(graph.problem());
        List<List<PathLabel>> fronts = new ArrayList<>();
        for (int s = 0; s < graph.stateCount(); s++) {
            fronts.add(new ArrayList<>());
        }
        fronts.get(graph.source()).add(new PathLabel(0, 0, null, null, null));
        for (int v = 0; v < graph.stateCount(); v++) {
            if (cancel.isCancelled() || (deadline != Long.MAX_VALUE && System.nanoTime() - deadline > 0)) {
                return null;
            }
            List<PathLabel> front = fronts.get(v);
            if (v != graph.source()) {
                front = paretoPathLabels(front);
                fronts.set(v, front);
            }
            if (front.isEmpty()) {
                continue;
            }
            for (PartitionGraph.Edge e : graph.outgoing(v)) {
                List<Option> options = ParetoLabels.pareto(ReplicationChooser.options(cm, e.units(), cancel));
                if (cancel.isCancelled()) {
                    return null; // the options may be cut short: nothing built from them is kept
                }
                proven[0] &= options.stream().allMatch(Option::proven);
                for (Option o : options) {
                    for (PathLabel l : front) {
                        fronts.get(e.to()).add(new PathLabel(l.seconds() + o.cost().seconds(),
                                l.joules() + o.cost().joules(), l, e, o));
                    }
                }
            }
        }
        PathLabel best = fronts.get(graph.sink()).stream()
                .min(Comparator.comparingDouble((PathLabel l) -> l.seconds() * l.joules())).orElseThrow();
        List<Partition> parts = new ArrayList<>();
        for (PathLabel l = best; l.previous() != null; l = l.previous()) {
            parts.add(0, Partition.of(l.edge().units(), l.option().replication()));
        }
        return new Plan(parts);
    }

    private record PathLabel(double seconds, double joules, PathLabel previous, PartitionGraph.Edge edge,
                             Option option) {
    }

    private static List<PathLabel> paretoPathLabels(List<PathLabel> labels) {
        List<PathLabel> sorted = new ArrayList<>(labels);
        sorted.sort(Comparator.comparingDouble(PathLabel::seconds).thenComparingDouble(PathLabel::joules));
        List<PathLabel> out = new ArrayList<>();
        double bestJ = Double.POSITIVE_INFINITY;
        for (PathLabel l : sorted) {
            if (l.joules() < bestJ) {
                out.add(l);
                bestJ = l.joules();
            }
        }
        return out;
    }
}
