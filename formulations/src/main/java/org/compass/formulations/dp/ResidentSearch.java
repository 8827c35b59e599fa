package org.compass.formulations.dp;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.compass.formulations.graph.PartitionGraph;
import org.compass.formulations.graph.ResidentArcs;
import org.compass.formulations.graph.ResidentArcs.Arc;
import org.compass.solver.Cancellation;

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

        /** Whether this label is at least as good as o for every completion. */
        boolean dominates(Label o) {
            return rho <= o.rho && most <= o.most && (key < o.key || (key == o.key && tie <= o.tie));
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
        List<List<Label>> labels = new ArrayList<>();
        for (int v = 0; v < g.stateCount(); v++) {
            labels.add(new ArrayList<>());
        }
        labels.get(g.source()).add(new Label(0, 0, 0, 0, null, null));
        for (int v = 0; v < g.stateCount(); v++) {
            if (cancel.isCancelled() || System.nanoTime() - deadline > 0) {
                return null;
            }
            for (Label l : labels.get(v)) {
                for (Arc a : arcs.out().get(v)) {
                    long rho = l.rho + a.rho();
                    long most = Math.max(l.most, a.streamed());
                    if (rho + most > chip) {
                        continue;
                    }
                    insert(labels.get(a.edge().to()), new Label(l.key + a.key(), l.tie + a.tie(), rho, most, l, a));
                }
            }
            if (v != g.sink()) {
                labels.set(v, List.of()); // every arc out of v is extended: its labels are no longer needed
            }
        }
        Label best = null;
        for (Label l : labels.get(g.sink())) {
            if (best == null || l.key < best.key || (l.key == best.key && l.tie < best.tie)) {
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

    /** Adds a label unless one already there dominates it; drops those it dominates. */
    private static void insert(List<Label> list, Label l) {
        for (Label o : list) {
            if (o.dominates(l)) {
                return;
            }
        }
        list.removeIf(l::dominates);
        list.add(l);
    }
}
