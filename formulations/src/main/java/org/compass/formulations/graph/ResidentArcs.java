package org.compass.formulations.graph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import org.compass.formulations.graph.PartitionGraph.Edge;
import org.compass.model.InputException;
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
 *
 * <p>Under cost model v2 a partition's options come from a search that may stop at its node budget
 * ({@link ResidentChooser#front}); its floor points are kept as {@link #floors}, arcs that no plan takes but that,
 * added to the others ({@link #relaxed}), give a problem whose optimum bounds every plan's cost from below.
 *
 * @param graph    the partition graph (either space)
 * @param arcs     every arc, ids = index
 * @param out      arcs leaving each state
 * @param chip     the chip's crossbars C
 * @param floors   floor arcs of the partitions whose option search stopped (no replication or resident flags);
 *                 empty when every partition's options are proven
 */
public record ResidentArcs(PartitionGraph graph, List<Arc> arcs, List<List<Arc>> out, long chip, List<Arc> floors) {

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
        List<Arc> floors = new ArrayList<>();
        int checked = 0;
        for (Edge e : graph.edges()) {
            checked++;
            if (cancel.isCancelled() || System.nanoTime() - deadline > 0) {
                throw new PartitionGraph.StoppedException((cancel.isCancelled() ? cancel.reason()
                        : "time limit reached") + " while pricing resident options (" + checked + " of "
                        + graph.edges().size() + " partitions)");
            }
            // seeded with the edge's best replication without resident weights: a stopped search keeps its options,
            // so the resident optimum found is never worse than the plain one over the same graph
            ResidentChooser.Front front = ResidentChooser.front(cm, e.units(), problem.objective(), cancel, deadline,
                    List.of(e.option().replication()));
            for (ResidentChooser.Option o : front.options()) {
                if (o.residentCrossbars() + o.streamedCrossbars() > chip) {
                    continue; // its own crossbars exceed the chip: no reserve lets it run
                }
                Arc a = new Arc(arcs.size(), e, o, PartitionGraph.key(o.cost(), problem.objective()),
                        PartitionGraph.tieBreak(o.cost(), problem.objective()));
                arcs.add(a);
                out.get(e.from()).add(a);
            }
            for (ResidentChooser.Option o : front.floors()) {
                if (o.residentCrossbars() + o.streamedCrossbars() <= chip) {
                    floors.add(new Arc(-1, e, o, PartitionGraph.key(o.cost(), problem.objective()),
                            PartitionGraph.tieBreak(o.cost(), problem.objective())));
                }
            }
            if (cancel.isCancelled() || System.nanoTime() - deadline > 0) {
                // a search stopped by the deadline or a cancellation stops as at its budget: nothing priced from it
                // is kept
                throw new PartitionGraph.StoppedException((cancel.isCancelled() ? cancel.reason()
                        : "time limit reached") + " while pricing resident options (" + checked + " of "
                        + graph.edges().size() + " partitions)");
            }
        }
        return new ResidentArcs(graph, List.copyOf(arcs), out, chip, List.copyOf(floors));
    }

    /** Whether every partition's options are proven (no floor arcs): a path optimal over the arcs is optimal. */
    public boolean proven() {
        return floors.isEmpty();
    }

    /**
     * The arcs with the floor arcs added (ids renumbered after the arcs): a relaxation, since every choice a stopped
     * search did not see is no better in cost, rho and s than a floor arc of its partition. The least cost of a
     * valid path over it is a lower bound on every plan; its paths are not plans.
     */
    public ResidentArcs relaxed() {
        if (floors.isEmpty()) {
            return this;
        }
        List<Arc> all = new ArrayList<>(arcs);
        List<List<Arc>> outAll = new ArrayList<>();
        for (List<Arc> o : out) {
            outAll.add(new ArrayList<>(o));
        }
        for (Arc f : floors) {
            Arc a = new Arc(all.size(), f.edge(), f.option(), f.key(), f.tie());
            all.add(a);
            outAll.get(f.edge().from()).add(a);
        }
        return new ResidentArcs(graph, List.copyOf(all), outAll, chip, List.of());
    }

    /**
     * Throws a one-line {@link InputException} when a problem that allows resident weights asks for what the
     * resident search does not support (objective edp, a lifetime floor); {@code who} names the formulation. Both
     * cost model versions are searched.
     */
    public static void requireSupported(Problem problem, String who) {
        if (!problem.residentAllowed()) {
            return;
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
                + " (partition, resident option) arcs" + (floors.isEmpty() ? "" : String.format(java.util.Locale.ROOT,
                ", %,d floor arcs of unfinished option searches", floors.size()));
    }
}
