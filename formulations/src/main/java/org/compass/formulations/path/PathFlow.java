package org.compass.formulations.path;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;
import org.compass.formulations.graph.PartitionGraph;
import org.compass.formulations.graph.PartitionGraph.Edge;

/**
 * A path-flow model before any solver sees it, as Choco's constraints are objects until posted: a 0/1 variable
 * per arc of a DAG whose states are numbered in a topological order, flow conservation at every state an arc
 * touches (out - in = {@link #supply}: 1 at the source, -1 at the sink, 0 elsewhere, so the chosen arcs form one
 * source-sink path), side rows over the arcs and one cost vector to minimize. CP-SAT and the MIP back-ends post
 * it with one small method each and read the chosen path back with {@link #path}.
 *
 * <p>Two models are built this way: the partition graph's (an arc per edge, its cost in seconds or joules,
 * {@link #of(PartitionGraph)}) and the bi-objective model's (an arc per (edge, replication option), integer
 * costs, {@link ParetoSweep.Model#stage}). A model is immutable; {@link #minimizing} and {@link #with} return
 * copies that share the arcs.
 */
public final class PathFlow {

    /**
     * A side row {@code lower <= sum_a c_a x_a <= upper} over integers ({@link Long#MIN_VALUE} and
     * {@link Long#MAX_VALUE} for no bound): over every arc with the coefficients c when {@code arcs} is null, else
     * over the listed arcs with coefficient 1 each.
     */
    public record Row(String name, long[] coefficients, int[] arcs, long lower, long upper) {

        /** sum_a c_a x_a &lt;= upper. */
        public static Row atMost(String name, long[] coefficients, long upper) {
            return new Row(name, coefficients, null, Long.MIN_VALUE, upper);
        }

        /** sum_a c_a x_a &gt;= lower. */
        public static Row atLeast(String name, long[] coefficients, long lower) {
            return new Row(name, coefficients, null, lower, Long.MAX_VALUE);
        }

        /** Not every one of these arcs at once (a no-good): their sum at most their number less one. */
        public static Row notAll(String name, int[] arcs) {
            return new Row(name, null, arcs, Long.MIN_VALUE, arcs.length - 1L);
        }

        /** Whether the row has a coefficient for every arc (else 1 on each of {@link #arcs}). */
        public boolean dense() {
            return arcs == null;
        }

        /** Whether the row has a lower bound. */
        public boolean hasLower() {
            return lower != Long.MIN_VALUE;
        }

        /** Whether the row has an upper bound. */
        public boolean hasUpper() {
            return upper != Long.MAX_VALUE;
        }
    }

    /** The arcs and states, shared by the copies. */
    private record Network(int states, int source, int sink, int[] from, int[] to, int[][] out, int[][] in,
                           IntFunction<String> names) {
    }

    private final Network network;
    private final List<Row> rows;
    private final long[] cost;
    private final double[] realCost;

    private PathFlow(Network network, List<Row> rows, long[] cost, double[] realCost) {
        this.network = network;
        this.rows = List.copyOf(rows);
        this.cost = cost;
        this.realCost = realCost;
    }

    /**
     * Arcs between states 0 .. states - 1 (arc a from {@code from[a]} to {@code to[a]}, states in a topological
     * order, so every arc runs forward), the variable of arc a named {@code names.apply(a)}; no rows, no cost.
     */
    public static PathFlow over(int states, int source, int sink, int[] from, int[] to, IntFunction<String> names) {
        int[] outDegree = new int[states];
        int[] inDegree = new int[states];
        for (int a = 0; a < from.length; a++) {
            outDegree[from[a]]++;
            inDegree[to[a]]++;
        }
        int[][] out = new int[states][];
        int[][] in = new int[states][];
        for (int v = 0; v < states; v++) {
            out[v] = new int[outDegree[v]];
            in[v] = new int[inDegree[v]];
        }
        // arcs in id order at every state, as they were given
        int[] o = new int[states];
        int[] i = new int[states];
        for (int a = 0; a < from.length; a++) {
            out[from[a]][o[from[a]]++] = a;
            in[to[a]][i[to[a]]++] = a;
        }
        return new PathFlow(new Network(states, source, sink, from.clone(), to.clone(), out, in, names), List.of(),
                null, null);
    }

    /**
     * The partition graph's model: an arc per edge (its id the edge's), named {@code x_<from>_<to>} (unique: an
     * edge is fixed by its two states), minimizing the edges' costs in seconds, or joules for energy.
     */
    public static PathFlow of(PartitionGraph graph) {
        List<Edge> edges = graph.edges();
        int[] from = new int[edges.size()];
        int[] to = new int[edges.size()];
        double[] cost = new double[edges.size()];
        for (Edge e : edges) {
            from[e.id()] = e.from();
            to[e.id()] = e.to();
            cost[e.id()] = e.cost();
        }
        return over(graph.stateCount(), graph.source(), graph.sink(), from, to, a -> "x_" + from[a] + "_" + to[a])
                .minimizing(cost);
    }

    /** This model minimizing an integer cost per arc instead. */
    public PathFlow minimizing(long[] costs) {
        return new PathFlow(network, rows, costs.clone(), null);
    }

    /** This model minimizing a real cost per arc (seconds or joules) instead. */
    public PathFlow minimizing(double[] costs) {
        return new PathFlow(network, rows, null, costs.clone());
    }

    /** This model with one more side row. */
    public PathFlow with(Row row) {
        List<Row> more = new ArrayList<>(rows);
        more.add(row);
        return new PathFlow(network, more, cost, realCost);
    }

    /** Number of arcs (variables). */
    public int arcCount() {
        return network.from().length;
    }

    /** Number of states. */
    public int stateCount() {
        return network.states();
    }

    /** The name of an arc's variable. */
    public String name(int arc) {
        return network.names().apply(arc);
    }

    /** The arcs leaving a state, by id. */
    public int[] out(int state) {
        return network.out()[state].clone();
    }

    /** The arcs entering a state, by id. */
    public int[] in(int state) {
        return network.in()[state].clone();
    }

    /** Whether any arc touches a state (else it has no flow row). */
    public boolean touches(int state) {
        return network.out()[state].length > 0 || network.in()[state].length > 0;
    }

    /** Out - in at a state: 1 at the source, -1 at the sink, 0 elsewhere. */
    public long supply(int state) {
        return state == network.source() ? 1 : state == network.sink() ? -1 : 0;
    }

    /** The side rows, in the order added. */
    public List<Row> rows() {
        return rows;
    }

    /** Whether the cost vector is in integers ({@link #cost}), else real ({@link #realCost}). */
    public boolean integral() {
        return cost != null;
    }

    /**
     * The integer cost vector.
     *
     * @throws IllegalStateException when the costs are real: a solver that needs integers scales them first
     */
    public long[] cost() {
        if (cost == null) {
            throw new IllegalStateException("the costs are real: scale them to integers first");
        }
        return cost.clone();
    }

    /** The cost vector as reals (integer costs converted). */
    public double[] realCost() {
        if (realCost != null) {
            return realCost.clone();
        }
        double[] r = new double[cost.length];
        for (int a = 0; a < r.length; a++) {
            r[a] = cost[a];
        }
        return r;
    }

    /**
     * The chosen arcs in path order, from the source to the sink: at each state the chosen arc leaving it (the
     * last by id if a solver chose more than one).
     *
     * @throws IllegalStateException when no chosen arc leaves a state on the way (flow conservation broken)
     */
    public int[] path(IntPredicate chosen) {
        List<Integer> path = new ArrayList<>();
        int at = network.source();
        while (at != network.sink()) {
            int next = -1;
            for (int a : network.out()[at]) {
                if (chosen.test(a)) {
                    next = a;
                }
            }
            if (next < 0) {
                throw new IllegalStateException("the solution breaks flow conservation at state " + at);
            }
            path.add(next);
            at = network.to()[next];
        }
        return path.stream().mapToInt(Integer::intValue).toArray();
    }
}
