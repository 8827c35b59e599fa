package org.compass.formulations.graph;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.compass.model.mapping.MappedGraph;
import org.compass.model.mapping.Tensor;
import org.compass.model.mapping.Unit;
import org.compass.model.problem.Objective;
import org.compass.model.problem.Problem;
import org.compass.model.problem.SearchSpace;
import org.compass.solver.control.Cancellation;
import org.compass.solver.cost.CostModel;
import org.compass.solver.plan.Partition;
import org.compass.solver.cost.PartitionCost;
import org.compass.solver.plan.Plan;
import org.compass.solver.cost.RangeScan;
import org.compass.solver.cost.ReplicationChooser;
import org.compass.solver.cost.ReplicationChooser.Option;

/**
 * Every plan of a search space as a path from {@link #source()} to {@link #sink()} in a DAG of states.
 *
 * <p>A state is a set of units already executed that is closed under dependences (a downset, or order
 * ideal); an edge (D, D') with D &sub; D' is the partition D' \ D, priced by its best replication
 * ({@link ReplicationChooser#best}). In the contiguous space the states are the n + 1 prefixes of the unit
 * order and the edges are the ranges that fit unreplicated. In the dag space the states are all downsets
 * reachable from the empty set by partitions that fit; to keep them few, units that are interchangeable
 * (same costs, inputs and consumers, such as the equal column slices of a sliced layer) are ordered by id,
 * which removes only plans that are permutations of kept ones and cost the same. States are numbered by
 * size, so every edge goes from a lower to a higher number.
 *
 * <p>Building the dag space graph costs O(E * (n + |R| * w^2)) for E edges, n units, partitions of up to w
 * units and |R| replication factors; it stops with {@link TooLargeException} past a state or edge limit, and
 * with {@link StoppedException} when a deadline passes or the solve is cancelled (checked between states,
 * within a state's enumeration and between priced edges).
 */
public final class PartitionGraph {

    /** One partition between two states, with its best replication for the graph's objective. */
    public record Edge(int id, int from, int to, int[] units, Option option, double cost) {
    }

    /** The enumeration of a space exceeded its limits. */
    public static final class TooLargeException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooLargeException(String message) {
            super(message);
        }
    }

    /**
     * The enumeration (or pricing) of a space stopped at a deadline or on a cancellation before the graph was
     * complete; no partial graph is returned, since a path over part of the states proves nothing.
     */
    public static final class StoppedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /** A stop, saying why and where. */
        public StoppedException(String message) {
            super(message);
        }
    }

    /** When to stop building: a System.nanoTime() deadline and a cancellation token. */
    private record Stop(long deadline, Cancellation cancel) {
        static final Stop NEVER = new Stop(Long.MAX_VALUE, Cancellation.NEVER);

        /** Throws {@link StoppedException} when the deadline has passed or the token is cancelled. */
        void check(int states, int edges) {
            boolean cancelled = cancel.isCancelled();
            if (cancelled || (deadline != Long.MAX_VALUE && System.nanoTime() - deadline > 0)) {
                throw new StoppedException((cancelled ? cancel.reason() : "time limit reached") + " after "
                        + String.format(java.util.Locale.ROOT, "%,d states and %,d partitions", states, edges));
            }
        }
    }

    /** Default cap on states of the dag space. */
    public static final int MAX_STATES = 200_000;
    /** Default cap on edges of the dag space. */
    public static final int MAX_EDGES = 3_000_000;

    private final Problem problem;
    private final SearchSpace space;
    private final List<BitSet> states;
    private final List<Edge> edges;
    private final List<List<Edge>> out;
    private final List<List<Edge>> in;
    private final Map<BitSet, Integer> index;

    private PartitionGraph(Problem problem, SearchSpace space, List<BitSet> states, List<Edge> edges) {
        this.problem = problem;
        this.space = space;
        this.states = states;
        this.edges = edges;
        this.out = new ArrayList<>();
        this.in = new ArrayList<>();
        this.index = new HashMap<>();
        for (int s = 0; s < states.size(); s++) {
            out.add(new ArrayList<>());
            in.add(new ArrayList<>());
            index.put(states.get(s), s);
        }
        for (Edge e : edges) {
            out.get(e.from()).add(e);
            in.get(e.to()).add(e);
        }
    }

    /** The graph of a space, priced for the problem's objective (EDP edges carry their least-time option). */
    public static PartitionGraph build(Problem problem, SearchSpace space) {
        return build(problem, space, Long.MAX_VALUE, Cancellation.NEVER);
    }

    /**
     * The graph of a space, built by {@code deadline} (System.nanoTime(); Long.MAX_VALUE for none) unless
     * {@code cancel} is cancelled first.
     *
     * @throws StoppedException when the deadline passes or the token is cancelled before the graph is complete
     * @throws TooLargeException past {@link #MAX_STATES} states or {@link #MAX_EDGES} edges of the dag space
     */
    public static PartitionGraph build(Problem problem, SearchSpace space, long deadline, Cancellation cancel) {
        Stop stop = new Stop(deadline, cancel);
        return space == SearchSpace.CONTIGUOUS ? contiguous(problem, stop)
                : downsets(problem, MAX_STATES, MAX_EDGES, stop);
    }

    /** Prefixes of the unit order and the ranges between them that fit on the chip unreplicated. */
    public static PartitionGraph contiguous(Problem problem) {
        return contiguous(problem, Stop.NEVER);
    }

    private static PartitionGraph contiguous(Problem problem, Stop stop) {
        CostModel cm = new CostModel(problem);
        MappedGraph g = problem.graph();
        int n = g.size();
        List<BitSet> states = new ArrayList<>();
        for (int i = 0; i <= n; i++) {
            BitSet b = new BitSet(n);
            b.set(0, i);
            states.add(b);
        }
        List<Edge> edges = new ArrayList<>();
        long chip = problem.hardware().crossbars();
        // cost model v1: ranges priced as they grow (the same options bit for bit, without a pass per range)
        RangeScan scan = RangeScan.applies(cm) ? new RangeScan(cm) : null;
        for (int i = 0; i < n; i++) {
            long crossbars = 0;
            if (scan != null) {
                scan.start(i);
            }
            for (int j = i + 1; j <= n; j++) {
                crossbars += g.unit(j - 1).crossbars();
                if (crossbars > chip) {
                    break;
                }
                stop.check(n + 1, edges.size());
                int[] units = new int[j - i];
                for (int k = 0; k < units.length; k++) {
                    units[k] = i + k;
                }
                Option o;
                if (scan != null) {
                    scan.extend();
                    RangeScan.Choice c = scan.best(keyObjective(problem.objective()));
                    o = c == null ? null : scan.option(i, j, c);
                } else {
                    o = ReplicationChooser.best(cm, units, keyObjective(problem.objective()), stop.cancel());
                    // a cancelled search may have stopped short: nothing priced from it is kept
                    stop.check(n + 1, edges.size());
                }
                if (o == null) {
                    break;
                }
                edges.add(new Edge(edges.size(), i, j, units, o, key(o.cost(), problem.objective())));
            }
        }
        return new PartitionGraph(problem, SearchSpace.CONTIGUOUS, states, edges);
    }

    /**
     * All downsets reachable from the empty set by partitions whose unreplicated crossbars fit, and the
     * partitions between them.
     *
     * @throws TooLargeException past maxStates states or maxEdges edges
     */
    public static PartitionGraph downsets(Problem problem, int maxStates, int maxEdges) {
        return downsets(problem, maxStates, maxEdges, Stop.NEVER);
    }

    /**
     * {@link #downsets(Problem, int, int)} by a deadline (System.nanoTime()) unless {@code cancel} is cancelled
     * first.
     *
     * @throws StoppedException when the deadline passes or the token is cancelled before the graph is complete
     * @throws TooLargeException past maxStates states or maxEdges edges
     */
    public static PartitionGraph downsets(Problem problem, int maxStates, int maxEdges, long deadline,
                                          Cancellation cancel) {
        return downsets(problem, maxStates, maxEdges, new Stop(deadline, cancel));
    }

    private static PartitionGraph downsets(Problem problem, int maxStates, int maxEdges, Stop stop) {
        MappedGraph g = problem.graph();
        int n = g.size();
        int[][] preds = predecessorsWithSymmetry(g);
        long chip = problem.hardware().crossbars();
        Map<BitSet, Integer> found = new HashMap<>();
        List<BitSet> discovered = new ArrayList<>();
        List<int[]> pairs = new ArrayList<>();
        List<BitSet> parts = new ArrayList<>();
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        BitSet empty = new BitSet(n);
        found.put(empty, 0);
        discovered.add(empty);
        queue.add(0);
        while (!queue.isEmpty()) {
            int from = queue.poll();
            BitSet d = discovered.get(from);
            stop.check(discovered.size(), pairs.size());
            Extender x = new Extender(g, preds, chip, d, n, stop, discovered.size(), pairs.size());
            x.run(d.nextClearBit(0), 0);
            for (BitSet part : x.found) {
                BitSet next = (BitSet) d.clone();
                next.or(part);
                Integer to = found.get(next);
                if (to == null) {
                    to = discovered.size();
                    if (to >= maxStates) {
                        throw new TooLargeException("more than " + maxStates + " downsets");
                    }
                    found.put(next, to);
                    discovered.add(next);
                    queue.add(to);
                }
                pairs.add(new int[] {from, to});
                parts.add(part);
                if (pairs.size() > maxEdges) {
                    throw new TooLargeException("more than " + maxEdges + " partitions between downsets");
                }
            }
        }
        // renumber states by size so that edges run forward
        Integer[] order = new Integer[discovered.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> {
            int c = Integer.compare(discovered.get(a).cardinality(), discovered.get(b).cardinality());
            return c != 0 ? c : Integer.compare(a, b);
        });
        int[] rank = new int[order.length];
        List<BitSet> states = new ArrayList<>();
        for (int i = 0; i < order.length; i++) {
            rank[order[i]] = i;
            states.add(discovered.get(order[i]));
        }
        CostModel cm = new CostModel(problem);
        Objective keyObjective = keyObjective(problem.objective());
        List<Edge> edges = new ArrayList<>();
        for (int i = 0; i < pairs.size(); i++) {
            // pricing is the costly part under cost model v2 (a replication search per edge)
            stop.check(discovered.size(), pairs.size());
            int[] units = parts.get(i).stream().toArray();
            Option o = ReplicationChooser.best(cm, units, keyObjective, stop.cancel());
            // a cancelled search may have stopped short: nothing priced from it is kept
            stop.check(discovered.size(), pairs.size());
            if (o != null) {
                edges.add(new Edge(edges.size(), rank[pairs.get(i)[0]], rank[pairs.get(i)[1]], units, o,
                        key(o.cost(), problem.objective())));
            }
        }
        edges.sort((a, b) -> a.from() != b.from() ? Integer.compare(a.from(), b.from()) : Integer.compare(a.to(), b.to()));
        List<Edge> numbered = new ArrayList<>();
        for (Edge e : edges) {
            numbered.add(new Edge(numbered.size(), e.from(), e.to(), e.units(), e.option(), e.cost()));
        }
        return new PartitionGraph(problem, SearchSpace.DAG, states, numbered);
    }

    /**
     * Dependences of every unit plus, for each class of interchangeable units, the previous member of its
     * class: fixing their order removes only plans that are relabelings of kept ones.
     */
    static int[][] predecessorsWithSymmetry(MappedGraph g) {
        int n = g.size();
        List<List<Integer>> preds = new ArrayList<>();
        for (int u = 0; u < n; u++) {
            preds.add(new ArrayList<>());
        }
        for (int u = 0; u < n; u++) {
            for (int s : g.successors(u)) {
                if (!preds.get(s).contains(u)) {
                    preds.get(s).add(u);
                }
            }
        }
        Map<Object, Integer> lastOfClass = new HashMap<>();
        for (int u = 0; u < n; u++) {
            Object key = symmetryKey(g, g.unit(u));
            Integer prev = lastOfClass.put(key, u);
            if (prev != null && !preds.get(u).contains(prev)) {
                preds.get(u).add(prev);
            }
        }
        int[][] out = new int[n][];
        for (int u = 0; u < n; u++) {
            out[u] = preds.get(u).stream().mapToInt(Integer::intValue).toArray();
        }
        return out;
    }

    private static Object symmetryKey(MappedGraph g, Unit u) {
        Tensor t = g.tensor(u.outputTensor());
        List<Integer> inputs = new ArrayList<>(u.inputTensors());
        inputs.sort(null);
        List<Integer> consumers = new ArrayList<>(t.consumers());
        consumers.sort(null);
        return List.of(u.nodeId(), u.kind(), u.crossbars(), u.rowsWritten(), u.mvmSteps(), u.fillSteps(),
                u.weightBytes(), t.bytes(), t.networkOutput(), inputs, consumers);
    }

    /** Depth-first enumeration of the non-empty unit sets S such that D + S is a downset and S fits. */
    private static final class Extender {
        final MappedGraph g;
        final int[][] preds;
        final long chip;
        final BitSet base;
        final BitSet chosen;
        final int n;
        final Stop stop;
        final int states;
        final int edges;
        final List<BitSet> found = new ArrayList<>();
        int calls;

        Extender(MappedGraph g, int[][] preds, long chip, BitSet base, int n, Stop stop, int states, int edges) {
            this.g = g;
            this.preds = preds;
            this.chip = chip;
            this.base = base;
            this.chosen = new BitSet(n);
            this.n = n;
            this.stop = stop;
            this.states = states;
            this.edges = edges;
        }

        void run(int u, long crossbars) {
            if ((++calls & 1023) == 0) {
                // one state's extensions can be many (wide layers on a large chip)
                stop.check(states, edges + found.size());
            }
            while (u < n && (base.get(u) || !ready(u))) {
                u++;
            }
            if (u >= n) {
                if (!chosen.isEmpty()) {
                    found.add((BitSet) chosen.clone());
                }
                return;
            }
            long c = crossbars + g.unit(u).crossbars();
            if (c <= chip) {
                chosen.set(u);
                run(u + 1, c);
                chosen.clear(u);
            }
            run(u + 1, crossbars);
        }

        private boolean ready(int u) {
            for (int p : preds[u]) {
                if (!base.get(p) && !chosen.get(p)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** The objective that edges are priced for: EDP edges keep their least-time option. */
    static Objective keyObjective(Objective o) {
        return o == Objective.EDP ? Objective.LATENCY : o;
    }

    /** The secondary key that breaks ties of equal {@link #key}: seconds for energy, joules otherwise. */
    public static double tieBreak(PartitionCost c, Objective objective) {
        return objective == Objective.ENERGY ? c.seconds() : c.joules();
    }

    /** The floor of {@link #key} for an option ({@link Option#floorSeconds}): what no replication can beat. */
    public static double floorKey(Option o, Objective objective) {
        return objective == Objective.ENERGY ? o.floorJoules() : o.floorSeconds();
    }

    /** The objective's value for a sum of keys: throughput B / seconds, the sum itself otherwise; NaN stays NaN. */
    public static double objectiveOfKey(Problem problem, double key) {
        if (Double.isNaN(key)) {
            return Double.NaN;
        }
        return problem.objective() == Objective.THROUGHPUT ? problem.batch() / key : key;
    }

    /** The additive key an objective minimizes for one partition: energy for ENERGY, else time. */
    public static double key(PartitionCost c, Objective objective) {
        return objective == Objective.ENERGY ? c.joules() : c.seconds();
    }

    /**
     * A proven lower bound on the key (seconds, or joules for ENERGY) of every path with the best replication of
     * each partition: NaN when every edge's replication is proven optimal (the edge costs are then exact);
     * otherwise (cost model v2, a replication search stopped at its budget) the shortest path over the edges'
     * floors ({@link Option#floorSeconds}), which no path can beat whatever the replications it was not shown.
     */
    public double floorKey() {
        boolean proven = true;
        for (Edge e : edges) {
            proven &= e.option().proven();
        }
        if (proven) {
            return Double.NaN;
        }
        double[] dist = new double[states.size()];
        Arrays.fill(dist, Double.POSITIVE_INFINITY);
        dist[source()] = 0;
        for (int v = 0; v < states.size(); v++) {
            for (Edge e : out.get(v)) {
                double floor = floorKey(e.option(), problem.objective());
                dist[e.to()] = Math.min(dist[e.to()], dist[v] + floor);
            }
        }
        return dist[sink()];
    }

    /** The problem. */
    public Problem problem() {
        return problem;
    }

    /** The space enumerated. */
    public SearchSpace space() {
        return space;
    }

    /** Number of states. */
    public int stateCount() {
        return states.size();
    }

    /** The state holding no unit. */
    public int source() {
        return 0;
    }

    /** The state holding every unit. */
    public int sink() {
        return states.size() - 1;
    }

    /** The units of a state. */
    public BitSet state(int s) {
        return (BitSet) states.get(s).clone();
    }

    /** All edges, sorted by (from, to); an edge's id is its index. */
    public List<Edge> edges() {
        return edges;
    }

    /** Edges leaving a state. */
    public List<Edge> outgoing(int s) {
        return out.get(s);
    }

    /** Edges entering a state. */
    public List<Edge> incoming(int s) {
        return in.get(s);
    }

    /** The plan spelled by a path of edges, with each edge's own replication. */
    public Plan plan(List<Edge> path) {
        List<Partition> parts = new ArrayList<>();
        for (Edge e : path) {
            parts.add(Partition.of(e.units(), e.option().replication()));
        }
        return new Plan(parts);
    }

    /**
     * The path of a plan whose partitions are edges of this graph (replication may differ), or null when
     * some partition is not an edge (it does not respect the symmetry order, say).
     */
    public List<Edge> path(Plan plan) {
        BitSet done = new BitSet();
        int at = source();
        List<Edge> path = new ArrayList<>();
        for (Partition p : plan.partitions()) {
            for (int u : p.units()) {
                done.set(u);
            }
            Integer to = index.get(done);
            if (to == null) {
                return null;
            }
            Edge edge = null;
            for (Edge e : out.get(at)) {
                if (e.to() == to) {
                    edge = e;
                }
            }
            if (edge == null) {
                return null;
            }
            path.add(edge);
            at = to;
        }
        return at == sink() ? path : null;
    }

    /**
     * A cheapest source-sink path by the edges' additive cost (Bellman over the state order); among paths of
     * equal cost, the one with the least secondary cost ({@link #tieBreak}: energy for time objectives).
     */
    public List<Edge> shortestPath() {
        int s = states.size();
        double[] dist = new double[s];
        double[] second = new double[s];
        Edge[] via = new Edge[s];
        Arrays.fill(dist, Double.POSITIVE_INFINITY);
        dist[source()] = 0;
        for (int v = 0; v < s; v++) {
            if (dist[v] == Double.POSITIVE_INFINITY) {
                continue;
            }
            for (Edge e : out.get(v)) {
                double d = dist[v] + e.cost();
                double d2 = second[v] + tieBreak(e.option().cost(), problem.objective());
                if (d < dist[e.to()] || (d == dist[e.to()] && d2 < second[e.to()])) {
                    dist[e.to()] = d;
                    second[e.to()] = d2;
                    via[e.to()] = e;
                }
            }
        }
        if (via[sink()] == null && sink() != source()) {
            return null;
        }
        List<Edge> path = new ArrayList<>();
        for (int v = sink(); v != source(); v = via[v].from()) {
            path.add(via[v]);
        }
        java.util.Collections.reverse(path);
        return path;
    }

    /** The largest number of edges on a source-sink path. */
    public int longestPathEdges() {
        int[] len = new int[states.size()];
        Arrays.fill(len, -1);
        len[source()] = 0;
        for (int v = 0; v < states.size(); v++) {
            if (len[v] < 0) {
                continue;
            }
            for (Edge e : out.get(v)) {
                len[e.to()] = Math.max(len[e.to()], len[v] + 1);
            }
        }
        return Math.max(0, len[sink()]);
    }

    /** "N states, M edges" for reports. */
    public String size() {
        return states.size() + " states, " + edges.size() + " edges";
    }

    @Override
    public String toString() {
        return "PartitionGraph[" + space.label() + ", " + size() + "]";
    }
}
