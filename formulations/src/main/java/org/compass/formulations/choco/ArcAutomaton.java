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
import org.compass.formulations.path.ParetoSweep;

/**
 * The (partition, replication) arcs of a {@link ParetoSweep.Model} as a weighted automaton for Choco's
 * {@code costRegular}: automaton states are graph states, the symbol read is an arc's id (so each replication option
 * of a partition is a transition of its own), and the full state is final and loops on the symbol {@link #loop()} so
 * that shorter paths fill the fixed-length word. In resource r each arc costs {@code costs[r][id]}, the loop
 * {@code loopCosts[r]} (one resource for {@code costRegular}, several for {@code multiCostRegular}).
 */
final class ArcAutomaton implements ICostAutomaton {

    private final ParetoSweep.Model model;
    private final long[][] costs;
    private final long[] loopCosts;
    private final int[] maxCosts;
    private final List<Map<Integer, Integer>> next;
    private final List<ICounter> counters;

    ArcAutomaton(ParetoSweep.Model model, long[][] costs, long[] loopCosts, int[] maxCosts) {
        this.model = model;
        this.costs = costs;
        this.loopCosts = loopCosts;
        this.maxCosts = maxCosts;
        this.next = new ArrayList<>();
        for (int s = 0; s < model.graph().stateCount(); s++) {
            Map<Integer, Integer> m = new HashMap<>();
            for (ParetoSweep.Arc a : model.leaving(s)) {
                m.put(a.id(), a.edge().to());
            }
            next.add(m);
        }
        List<ICounter> c = new ArrayList<>();
        for (int r = 0; r < costs.length; r++) {
            int resource = r;
            Bounds bounds = Bounds.makeBounds(0, 0, maxCosts[r], maxCosts[r]);
            c.add(new ICounter() {
                @Override
                public Bounds bounds() {
                    return bounds;
                }

                @Override
                public double cost(int layer, int value) {
                    throw new UnsupportedOperationException("arc costs depend on the state");
                }

                @Override
                public double cost(int layer, int value, int state) {
                    return getCostByResourceAndState(layer, value, resource, state);
                }
            });
        }
        this.counters = List.copyOf(c);
    }

    /** The symbol the full state loops on. */
    int loop() {
        return model.arcs().size();
    }

    private int sink() {
        return model.graph().sink();
    }

    @Override
    public IAutomaton clone() {
        return new ArcAutomaton(model, costs, loopCosts, maxCosts);
    }

    @Override
    public List<int[]> getTransitions() {
        List<int[]> t = new ArrayList<>();
        for (int s = 0; s < next.size(); s++) {
            t.addAll(getTransitions(s));
        }
        return t;
    }

    @Override
    public List<int[]> getTransitions(int state) {
        List<int[]> t = new ArrayList<>();
        for (Map.Entry<Integer, Integer> e : next.get(state).entrySet()) {
            t.add(new int[] {state, e.getValue(), e.getKey()});
        }
        if (state == sink()) {
            t.add(new int[] {state, state, loop()});
        }
        return t;
    }

    @Override
    public int getInitialState() {
        return model.graph().source();
    }

    @Override
    public int delta(int state, int symbol) {
        if (state == sink()) {
            return symbol == loop() ? state : -1;
        }
        Integer to = next.get(state).get(symbol);
        return to == null ? -1 : to;
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
        return state == sink();
    }

    @Override
    public boolean isNotFinal(int state) {
        return state != sink();
    }

    @Override
    public int getNbStates() {
        return next.size();
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
        throw new UnsupportedOperationException("arc costs depend on the state");
    }

    @Override
    public double getCostByState(int layer, int value, int state) {
        return getCostByResourceAndState(layer, value, 0, state);
    }

    @Override
    public double getCostByResource(int layer, int value, int resource) {
        throw new UnsupportedOperationException("arc costs depend on the state");
    }

    @Override
    public int getNbResources() {
        return costs.length;
    }

    @Override
    public double getCostByResourceAndState(int layer, int value, int resource, int state) {
        if (state == sink()) {
            return value == loop() ? loopCosts[resource] : 0;
        }
        return value >= 0 && value < costs[resource].length ? costs[resource][value] : 0;
    }

    @Override
    public List<ICounter> getCounters() {
        return counters;
    }
}
