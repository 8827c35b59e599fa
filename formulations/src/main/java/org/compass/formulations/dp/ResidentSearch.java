package org.compass.formulations.dp;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeMap;
import org.compass.formulations.graph.PartitionGraph;
import org.compass.formulations.graph.ResidentArcs;
import org.compass.formulations.graph.ResidentArcs.Arc;
import org.compass.solver.control.Cancellation;

/**
 * The exact dynamic program for plans with resident weights (docs/formulations.md, "Resident weights"): a
 * shortest path over {@link ResidentArcs} with two resources.
 *
 * <p>A label at a state is a partial plan (a path from the source) summarized by its cost, the crossbars its
 * resident units reserve (rho, summed over its arcs) and the most crossbars any of its partitions streams (m). A
 * complete plan is valid iff rho + m &lt;= C. Both only grow along a path, so a label with rho + m &gt; C has no
 * valid completion and is dropped; a label no worse in cost, rho and m than another at the same state is at least
 * as good for every completion (the completion's arcs add the same cost and rho, and max(m, s) is monotone in m),
 * so only labels not dominated in (cost, rho, m) are kept. Every valid plan's path thus keeps, at every state it
 * passes, a label no worse than its prefix, and the best label at the sink is the optimum over all plans of the
 * graph's space. This is the "state (position, resident budget used)" DP with the budget's other side (the streamed
 * crossbars it leaves) carried as the second resource, instead of an outer enumeration of the reserve.
 *
 * <p>Running time: O(A * K) label extensions for A arcs and at most K labels per state; K &lt;= (C + 1) x (distinct
 * streamed sizes) but a handful in practice (a decoder's units are few sizes). Checks the deadline and the
 * cancellation between states and returns null when they stop it.
 */
public final class ResidentSearch {

    /** A partial plan: its cost, tie-break, reserved and largest streamed crossbars, and how it was reached. */
    private record Label(double key, double tie, long rho, long most, Label previous, Arc arc) {

        /** Whether this label costs less than o (the cost, then the secondary cost). */
        boolean better(Label o) {
            return key < o.key || (key == o.key && tie < o.tie);
        }
    }

    private ResidentSearch() {
    }

    /**
     * The cheapest valid path (ties broken by the secondary cost), or an empty list when none exists, or null when
     * the deadline (System.nanoTime()) passed or the request was cancelled first.
     */
    public static List<Arc> solve(ResidentArcs arcs, long deadline, Cancellation cancel) {
        PartitionGraph g = arcs.graph();
        long chip = arcs.chip();
        List<Front> fronts = new ArrayList<>();
        for (int v = 0; v < g.stateCount(); v++) {
            fronts.add(null);
        }
        fronts.set(g.source(), new Front());
        fronts.get(g.source()).insert(new Label(0, 0, 0, 0, null, null));
        for (int v = 0; v < g.stateCount(); v++) {
            if (cancel.isCancelled() || System.nanoTime() - deadline > 0) {
                return null;
            }
            Front here = fronts.get(v);
            if (here == null) {
                continue;
            }
            List<Label> labels = here.labels();
            for (Arc a : arcs.out().get(v)) {
                int to = a.edge().to();
                Front there = fronts.get(to);
                for (Label l : labels) {
                    long rho = l.rho + a.rho();
                    long most = Math.max(l.most, a.streamed());
                    if (rho + most > chip) {
                        continue;
                    }
                    if (there == null) {
                        there = new Front();
                        fronts.set(to, there);
                    }
                    there.insert(new Label(l.key + a.key(), l.tie + a.tie(), rho, most, l, a));
                }
            }
            if (v != g.sink()) {
                fronts.set(v, null); // every arc out of v is extended: its labels are no longer needed
            }
        }
        Label best = null;
        Front sink = fronts.get(g.sink());
        for (Label l : sink == null ? List.<Label>of() : sink.labels()) {
            if (best == null || l.better(best)) {
                best = l;
            }
        }
        if (best == null) {
            return List.of(); // no valid plan (the sink differs from the source: the graph has a unit)
        }
        List<Arc> path = new ArrayList<>();
        for (Label l = best; l.arc != null; l = l.previous) {
            path.add(l.arc);
        }
        Collections.reverse(path);
        return path;
    }

    /**
     * The labels of one state not dominated in (cost, rho, m): per value of m a staircase by rho whose cost falls as
     * rho grows, so that "is some label with rho' &lt;= rho, m' &lt;= m no dearer" is one floor look-up per value of
     * m. A label dominated only by one of another m is kept too (harmless: the search stays exact, with a few more
     * labels).
     */
    private static final class Front {
        private final TreeMap<Long, TreeMap<Long, Label>> byMost = new TreeMap<>();

        void insert(Label l) {
            for (TreeMap<Long, Label> stairs : byMost.headMap(l.most, true).values()) {
                var floor = stairs.floorEntry(l.rho);
                if (floor != null && !l.better(floor.getValue())) {
                    return; // a label with no more rho and m costs no more
                }
            }
            TreeMap<Long, Label> stairs = byMost.computeIfAbsent(l.most, k -> new TreeMap<>());
            // labels of the same m with at least l's rho that cost at least as much are dominated by l
            var tail = stairs.tailMap(l.rho, true).entrySet().iterator();
            while (tail.hasNext()) {
                Label o = tail.next().getValue();
                if (l.better(o) || (!o.better(l))) {
                    tail.remove();
                } else {
                    break; // the staircase's costs fall with rho: the rest are cheaper than l
                }
            }
            stairs.put(l.rho, l);
        }

        List<Label> labels() {
            List<Label> all = new ArrayList<>();
            for (TreeMap<Long, Label> stairs : byMost.values()) {
                all.addAll(stairs.values());
            }
            return all;
        }
    }
}
