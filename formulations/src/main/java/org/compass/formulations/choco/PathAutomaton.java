package org.compass.formulations.choco;

import gnu.trove.set.hash.TIntHashSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.chocosolver.solver.constraints.nary.automata.FA.ICostAutomaton;
import org.chocosolver.solver.constraints.nary.automata.FA.IAutomaton;
import org.chocosolver.solver.constraints.nary.automata.FA.utils.Bounds;
import org.chocosolver.solver.constraints.nary.automata.FA.utils.ICounter;
import org.compass.formulations.graph.PartitionGraph;
import org.compass.formulations.graph.PartitionGraph.Edge;

/**
 * The partition graph as a weighted automaton for Choco's {@code costRegular}: automaton states are graph
 * states, the symbol read in a state is the next state (so an edge is a transition), the full state is
 * final and loops on its own symbol at cost 0 so that shorter paths fill the fixed-length word.
 *
 * <p>Choco's own {@code CostAutomaton} needs dense cost arrays (layer x symbol x state) and maps symbols to
 * 16-bit characters; this sparse one keeps a transition map and costs per edge, whatever the graph size.
 */
final class PathAutomaton implements ICostAutomaton {

    private final PartitionGraph graph;
    private final long[] costs;
    private final List<Map<Integer, Edge>> next;
    private final List<ICounter> counters;
    private final int maxCost;

    PathAutomaton(PartitionGraph graph, long[] costs, int maxCost) {
        this.graph = graph;
        this.maxCost = maxCost;
        this.costs = costs;
        this.next = new ArrayList<>();
        for (int s = 0; s < graph.stateCount(); s++) {
            Map<Integer, Edge> m = new HashMap<>();
            for (Edge e : graph.outgoing(s)) {
                m.put(e.to(), e);
            }
            next.add(m);
        }
        Bounds bounds = Bounds.makeBounds(0, 0, maxCost, maxCost);
        this.counters = List.of(new ICounter() {
            @Override
            public Bounds bounds() {
                return bounds;
            }

            @Override
            public double cost(int layer, int value) {
                throw new UnsupportedOperationException("path costs depend on the state");
            }

            @Override
            public double cost(int layer, int value, int state) {
                return getCostByState(layer, value, state);
            }
        });
    }

    @Override
    public IAutomaton clone() {
        return new PathAutomaton(graph, costs, maxCost);
    }

    @Override
    public List<int[]> getTransitions() {
        List<int[]> t = new ArrayList<>();
        for (int s = 0; s < graph.stateCount(); s++) {
            t.addAll(getTransitions(s));
        }
        return t;
    }

    @Override
    public List<int[]> getTransitions(int state) {
        List<int[]> t = new ArrayList<>();
        for (int to : next.get(state).keySet()) {
            t.add(new int[] {state, to, to});
        }
        if (state == graph.sink()) {
            t.add(new int[] {state, state, state});
        }
        return t;
    }

    @Override
    public int getInitialState() {
        return graph.source();
    }

    @Override
    public int delta(int state, int symbol) {
        if (state == graph.sink()) {
            return symbol == state ? state : -1;
        }
        return next.get(state).containsKey(symbol) ? symbol : -1;
    }

    @Override
    public void delta(int state, int symbol, TIntHashSet states) {
        int to = delta(state, symbol);
        if (to >= 0) {
            states.add(to);
        }
    }

    @Override
    public boolean isFinal(int state) {
        return state == graph.sink();
    }

    @Override
    public boolean isNotFinal(int state) {
        return state != graph.sink();
    }

    @Override
    public int getNbStates() {
        return graph.stateCount();
    }

    @Override
    public boolean run(int[] word) {
        int at = getInitialState();
        for (int symbol : word) {
            at = delta(at, symbol);
            if (at < 0) {
                return false;
            }
        }
        return isFinal(at);
    }

    @Override
    public double getCost(int layer, int value) {
        throw new UnsupportedOperationException("path costs depend on the state");
    }

    @Override
    public double getCostByState(int layer, int value, int state) {
        if (state == graph.sink()) {
            return 0;
        }
        Edge e = next.get(state).get(value);
        return e == null ? 0 : costs[e.id()];
    }

    @Override
    public double getCostByResource(int layer, int value, int resource) {
        throw new UnsupportedOperationException("path costs depend on the state");
    }

    @Override
    public int getNbResources() {
        return 1;
    }

    @Override
    public double getCostByResourceAndState(int layer, int value, int resource, int state) {
        return getCostByState(layer, value, state);
    }

    @Override
    public List<ICounter> getCounters() {
        return counters;
    }

    /** The edge read by the symbol in the state, or null for the final loop. */
    Edge edge(int state, int symbol) {
        return state == graph.sink() ? null : next.get(state).get(symbol);
    }
}
