package org.compass.formulations.graph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import org.compass.formulations.graph.PartitionGraph.Edge;
import org.compass.model.InputException;
import org.compass.model.problem.CostModelVersion;
import org.compass.model.problem.Objective;
import org.compass.model.problem.Problem;
import org.compass.solver.control.Cancellation;
import org.compass.solver.cost.CostModel;
import org.compass.solver.plan.Partition;
import org.compass.solver.plan.Plan;
import org.compass.solver.cost.ResidentChooser;

/**
 * The partition graph with resident weights (docs/formulations.md, "Resident weights"): one arc per edge of a
 * {@link PartitionGraph} and per option of {@link ResidentChooser} for its units, each with its cost (seconds, or
 * joules for energy), the crossbars it reserves for the run (rho) and the crossbars it streams (s). A plan is a
 * source-sink path whose arcs satisfy, with R = sum rho over the path, R + s &lt;= the chip's crossbars for every
 * arc of the path (each partition streams through what the resident units leave).
 *
 * @param graph    the partition graph (either space)
 * @param arcs     every arc, ids = index
 * @param out      arcs leaving each state
 * @param chip     the chip's crossbars C
 */
public record ResidentArcs(PartitionGraph graph, List<Arc> arcs, List<List<Arc>> out, long chip) {

    /**
     * One (partition, resident option) arc.
     *
     * @param id     index in {@link #arcs}
     * @param edge   the partition
     * @param option its replication, resident units and cost
     * @param key    the additive cost the objective minimizes (seconds; joules for energy)
     * @param tie    the secondary cost that breaks ties (joules; seconds for energy)
     */
    public record Arc(int id, Edge edge, ResidentChooser.Option option, double key, double tie) {

        /** Crossbars reserved for the run by this arc's resident units. */
        public long rho() {
            return option.residentCrossbars();
        }

        /** Crossbars this arc's partition streams. */
        public long streamed() {
            return option.streamedCrossbars();
        }
    }

    /**
     * The arcs of every edge of a graph; checks the deadline (System.nanoTime()) and the cancellation between
     * edges ({@link PartitionGraph.StoppedException}).
     */
    public static ResidentArcs of(PartitionGraph graph, long deadline, Cancellation cancel) {
        Problem problem = graph.problem();
        CostModel cm = new CostModel(problem);
        long chip = problem.hardware().crossbars();
        List<Arc> arcs = new ArrayList<>();
        List<List<Arc>> out = new ArrayList<>();
        for (int v = 0; v < graph.stateCount(); v++) {
            out.add(new ArrayList<>());
        }
        int checked = 0;
        for (Edge e : graph.edges()) {
            if ((++checked & 63) == 0 && (cancel.isCancelled() || System.nanoTime() - deadline > 0)) {
                throw new PartitionGraph.StoppedException((cancel.isCancelled() ? cancel.reason()
                        : "time limit reached") + " while pricing resident options (" + checked + " of "
                        + graph.edges().size() + " partitions)");
            }
            for (ResidentChooser.Option o : ResidentChooser.options(cm, e.units(), problem.objective())) {
                if (o.residentCrossbars() + o.streamedCrossbars() > chip) {
                    continue; // its own crossbars exceed the chip: no reserve lets it run
                }
                Arc a = new Arc(arcs.size(), e, o, PartitionGraph.key(o.cost(), problem.objective()),
                        PartitionGraph.tieBreak(o.cost(), problem.objective()));
                arcs.add(a);
                out.get(e.from()).add(a);
            }
        }
        return new ResidentArcs(graph, List.copyOf(arcs), out, chip);
    }

    /**
     * Throws a one-line {@link InputException} when a problem that allows resident weights asks for what the
     * resident search does not support (cost model v2, objective edp, a lifetime floor); {@code who} names the
     * formulation.
     */
    public static void requireSupported(Problem problem, String who) {
        if (!problem.residentAllowed()) {
            return;
        }
        if (problem.costModel() != CostModelVersion.V1) {
            throw new InputException(CostModelVersion.onlyUnderV1(who, "resident weights", "--resident none"));
        }
        if (problem.objective() == Objective.EDP) {
            throw new InputException(who + ": resident weights are searched for throughput, latency or energy, not"
                    + " edp; use another objective or --resident none");
        }
        if (problem.hasLifetimeLimit()) {
            throw new InputException(who + ": resident weights and a lifetime floor (min_lifetime_years) are not"
                    + " searched together yet; drop one of them");
        }
    }

    /** The plan a path of arcs spells: its partitions, their replication and the union of their resident units. */
    public static Plan plan(List<Arc> path) {
        List<Partition> parts = new ArrayList<>();
        TreeSet<Integer> resident = new TreeSet<>();
        for (Arc a : path) {
            int[] units = a.edge().units();
            parts.add(Partition.of(units, a.option().replication()));
            for (int i = 0; i < units.length; i++) {
                if (a.option().resident()[i]) {
                    resident.add(units[i]);
                }
            }
        }
        return new Plan(parts, List.copyOf(resident));
    }

    /** Whether a path of arcs is a valid plan: every arc streams within what all resident crossbars leave. */
    public boolean feasible(List<Arc> path) {
        long reserved = 0;
        long most = 0;
        for (Arc a : path) {
            reserved += a.rho();
            most = Math.max(most, a.streamed());
        }
        return reserved + most <= chip;
    }

    /**
     * The path of arcs of a plan, or null when one of its partitions is not an edge of the graph or its replication
     * and resident units are not among the options (a plan found by another formulation may use options that these
     * dominate).
     */
    public List<Arc> path(Plan plan) {
        List<Edge> edges = graph.path(plan);
        if (edges == null) {
            return null;
        }
        boolean[] resident = plan.residentMask(graph.problem().graph().size());
        List<Arc> path = new ArrayList<>();
        for (int k = 0; k < edges.size(); k++) {
            Edge e = edges.get(k);
            int[] rep = plan.partitions().get(k).replicationArray();
            boolean[] flags = CostModel.residentFlags(e.units(), resident);
            Arc found = null;
            for (Arc a : out.get(e.from())) {
                if (a.edge() == e && Arrays.equals(a.option().replication(), rep)
                        && Arrays.equals(a.option().resident(), flags)) {
                    found = a;
                }
            }
            if (found == null) {
                return null;
            }
            path.add(found);
        }
        return path;
    }

    /** "N arcs" for reports. */
    public String size() {
        return graph.size() + ", " + String.format(java.util.Locale.ROOT, "%,d", arcs.size())
                + " (partition, resident option) arcs";
    }
}
