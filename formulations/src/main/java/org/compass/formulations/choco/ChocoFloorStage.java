package org.compass.formulations.choco;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.chocosolver.solver.Model;
import org.chocosolver.solver.Solver;
import org.chocosolver.solver.constraints.Constraint;
import org.chocosolver.solver.search.strategy.Search;
import org.chocosolver.solver.variables.IntVar;
import org.compass.formulations.path.ParetoSweep;
import org.compass.formulations.path.ParetoSweep.Arc;
import org.compass.solver.Status;

/**
 * One objective under a lifetime floor with Choco: the (partition, replication) arcs of a {@link ParetoSweep.Model}
 * as an automaton over fixed-length words ({@link ArcAutomaton}), with two {@code costRegular} constraints on the
 * same word.
 *
 * <p>Variables: s_1..s_L, the arc taken k-th (L = the most partitions of any plan; shorter plans loop on the full
 * state), the objective Z and the budget W. Constraints: costRegular(s, Z) over the arcs' times (or energies) rounded
 * to a unit of 1e-7 of the warm start's; <b>the floor</b> costRegular(s, W) with W &lt;= L x S, where each arc costs
 * S - s'_a, s'_a its slack T - k x rows rounded up in a unit that keeps L x 2S below Choco's integer bound
 * (21,474,836), S the largest s'_a (and 0), and the loop costs S: so W &lt;= L x S is exactly sum s'_a &gt;= 0, and
 * rounding up admits every plan that meets the floor. Each costRegular propagates a shortest path over the layered
 * automaton, so the floor alone is refuted at the root when no path has slack 0; multiCostRegular(s, [Z, W]) couples
 * the two (a resource-constrained shortest path, filtered by Lagrangian relaxation). A forbidden path (one that
 * {@link ParetoSweep#withFloorChecks} found within rounding of the floor but missing it) is a no-good over its word.
 * Objective: minimize Z.
 *
 * <p>Exactness: pass 1 finds the least rounded cost Z1 of an admitted path q. When q misses the floor (as the cost
 * model decides it) it is returned for the caller to forbid. Otherwise pass 2 enumerates every admitted path with
 * Z &lt;= Z1 + L and keeps the one of least true cost among those that meet the floor: the true optimum p* costs at
 * most q's, and each of at most L arcs is rounded by at most half a unit, so Z(p*) &lt;= Z(q) + L. OPTIMAL when both
 * passes finish (and pass 2 re-priced at most {@link ChocoFormulation#MAX_NEAR_TIES} paths); FEASIBLE when stopped
 * with a path; INFEASIBLE when pass 1 proves no admitted path exists; UNKNOWN when stopped without one.
 */
final class ChocoFloorStage {

    private ChocoFloorStage() {
    }

    /** The largest value a Choco integer variable takes here, with room for the words' padding. */
    private static final long BOUND = org.chocosolver.solver.variables.IntVar.MAX_INT_BOUND;

    /**
     * Solves one stage; caps are not supported (the floor's single objective has none).
     *
     * @param hint      a path meeting the floor, or null
     * @param forbidden paths no solution may be
     * @param seconds   the time limit
     * @param stop      stops the search (a cancellation, or the caller abandoning it); checked between building steps
     * @param incumbent receives every path found that meets the floor
     */
    static ParetoSweep.Stage solve(ParetoSweep.Model m, ParetoSweep.Goal goal, long tCap, long eCap, List<Arc> hint,
                                   List<List<Arc>> forbidden, double seconds, BooleanSupplier stop,
                                   AtomicReference<List<Arc>> incumbent) {
        if (tCap != Long.MAX_VALUE || eCap != Long.MAX_VALUE) {
            throw new IllegalArgumentException("choco's lifetime-floor stage takes no time or energy cap");
        }
        long deadline = System.nanoTime() + (long) Math.min(seconds * 1e9, Long.MAX_VALUE / 4.0);
        int n = m.arcs().size();
        int length = Math.max(1, m.graph().longestPathEdges());
        // the objective's costs: a unit of 1e-7 of the warm start's cost (else of every arc's together)
        double reference = 0;
        if (hint != null) {
            for (Arc a : hint) {
                reference += cost(a, goal);
            }
        } else {
            for (Arc a : m.arcs()) {
                reference += cost(a, goal);
            }
        }
        double unit = reference > 0 ? reference / ChocoFormulation.STEPS : 1;
        long[] z = new long[n];
        for (Arc a : m.arcs()) {
            z[a.id()] = Math.round(cost(a, goal) / unit);
        }
        int zMax = (int) Math.min(BOUND, Math.round(reference / unit) + 2L * length + 1);
        // the floor's budget: slack rounded up, shifted to S - s' >= 0
        double largest = 0;
        for (Arc a : m.arcs()) {
            largest = Math.max(largest, Math.abs(slack(m, a)));
        }
        double sUnit = largest > 0 ? largest * 2 * length / (BOUND / 2.0) : 1;
        long[] s = new long[n];
        long top = 0;
        for (Arc a : m.arcs()) {
            s[a.id()] = (long) Math.ceil(slack(m, a) / sUnit);
            top = Math.max(top, s[a.id()]);
        }
        long[] w = new long[n];
        for (Arc a : m.arcs()) {
            w[a.id()] = top - s[a.id()];
        }
        int wMax = (int) (length * top);

        // pass 1: the least rounded cost of a path whose rounded slack is at least 0
        if (late(deadline, stop)) {
            return new ParetoSweep.Stage(Status.UNKNOWN, null);
        }
        Word first = model(m, z, zMax, w, top, wMax, length, forbidden);
        if (late(deadline, stop)) {
            return new ParetoSweep.Stage(Status.UNKNOWN, null);
        }
        Solver solver = first.model().getSolver();
        first.model().setObjective(Model.MINIMIZE, first.z());
        if (hint != null) {
            int[] word = word(m, hint, length);
            for (int k = 0; k < length; k++) {
                solver.addHint(first.s()[k], word[k]);
            }
        }
        solver.limitTime(remainingMillis(deadline));
        solver.addStopCriterion(stop::getAsBoolean);
        List<Arc> best = null;
        int zBest = -1;
        while (solver.solve()) {
            best = decode(m, first);
            zBest = first.z().getValue();
            if (m.meetsFloor(best)) {
                incumbent.set(best);
            }
        }
        if (best == null) {
            return new ParetoSweep.Stage(solver.isStopCriterionMet() ? Status.UNKNOWN : Status.INFEASIBLE, null);
        }
        if (solver.isStopCriterionMet()) {
            return new ParetoSweep.Stage(Status.FEASIBLE, best);
        }
        if (!m.meetsFloor(best)) {
            // within rounding of the floor: the caller forbids it and asks again
            return new ParetoSweep.Stage(Status.OPTIMAL, best);
        }
        // pass 2: every admitted path within the rounding slack, re-priced exactly
        if (late(deadline, stop)) {
            return new ParetoSweep.Stage(Status.FEASIBLE, best);
        }
        Word second = model(m, z, (int) Math.min(BOUND, (long) zBest + length), w, top, wMax, length, forbidden);
        Solver enumerate = second.model().getSolver();
        enumerate.limitTime(remainingMillis(deadline));
        enumerate.addStopCriterion(stop::getAsBoolean);
        double bestCost = cost(best, goal);
        int seen = 0;
        while (seen < ChocoFormulation.MAX_NEAR_TIES && enumerate.solve()) {
            seen++;
            List<Arc> p = decode(m, second);
            double c = cost(p, goal);
            if (c < bestCost && m.meetsFloor(p)) {
                best = p;
                bestCost = c;
                incumbent.set(best);
            }
        }
        boolean proven = !enumerate.isStopCriterionMet() && seen < ChocoFormulation.MAX_NEAR_TIES;
        return new ParetoSweep.Stage(proven ? Status.OPTIMAL : Status.FEASIBLE, best);
    }

    private record Word(Model model, IntVar[] s, IntVar z, ArcAutomaton automaton) {
    }

    /** The word, its cost Z, the floor's budget W &lt;= wMax and the no-goods. */
    private static Word model(ParetoSweep.Model m, long[] z, int zMax, long[] w, long top, int wMax, int length,
                              List<List<Arc>> forbidden) {
        Model model = new Model("compass-floor");
        int[] values = new int[m.arcs().size() + 1];
        for (int i = 0; i < values.length; i++) {
            values[i] = i;
        }
        IntVar[] s = new IntVar[length];
        for (int k = 0; k < length; k++) {
            s[k] = model.intVar("s_" + (k + 1), values);
        }
        // The plan's cost.
        IntVar zVar = model.intVar("cost", 0, zMax);
        ArcAutomaton costs = new ArcAutomaton(m, new long[][] {z}, new long[] {0}, new int[] {zMax});
        model.costRegular(s, zVar, costs).post();
        // The plan writes no more rows than its time allows: sum of rounded-up slack >= 0.
        IntVar budget = model.intVar("budget", 0, wMax);
        model.costRegular(s, budget, new ArcAutomaton(m, new long[][] {w}, new long[] {top}, new int[] {wMax})).post();
        // Both together, a resource-constrained shortest path filtered by Lagrangian relaxation: the bound on Z that
        // counts the floor (without it the search proved nothing on ResNet-18 / pcm / batch 256 in 60 s; with it, 7 s).
        model.multiCostRegular(s, new IntVar[] {zVar, budget}, new ArcAutomaton(m, new long[][] {z, w},
                new long[] {0, top}, new int[] {zMax, wMax})).post();
        // A path found to miss the floor (within rounding of it) is not chosen again.
        for (List<Arc> path : forbidden) {
            int[] word = word(m, path, length);
            Constraint[] differs = new Constraint[length];
            for (int k = 0; k < length; k++) {
                differs[k] = model.arithm(s[k], "!=", word[k]);
            }
            model.or(differs).post();
        }
        model.getSolver().setSearch(Search.inputOrderLBSearch(s));
        return new Word(model, s, zVar, costs);
    }

    /** A path as the word of arc ids, padded with the full state's loop. */
    private static int[] word(ParetoSweep.Model m, List<Arc> path, int length) {
        int[] word = new int[length];
        for (int k = 0; k < length; k++) {
            word[k] = k < path.size() ? path.get(k).id() : m.arcs().size();
        }
        return word;
    }

    private static List<Arc> decode(ParetoSweep.Model m, Word c) {
        List<Arc> path = new ArrayList<>();
        for (IntVar v : c.s()) {
            int a = v.getValue();
            if (a >= m.arcs().size()) {
                break;
            }
            path.add(m.arcs().get(a));
        }
        return path;
    }

    private static double slack(ParetoSweep.Model m, Arc a) {
        return m.floor().slack(a.option().cost().seconds(), a.option().cost().load().rowsWritten());
    }

    private static double cost(Arc a, ParetoSweep.Goal goal) {
        return goal == ParetoSweep.Goal.TIME ? a.option().cost().seconds() : a.option().cost().joules();
    }

    private static double cost(List<Arc> path, ParetoSweep.Goal goal) {
        double c = 0;
        for (Arc a : path) {
            c += cost(a, goal);
        }
        return c;
    }

    /** Whether the deadline (System.nanoTime()) has passed or the search is to stop. */
    private static boolean late(long deadline, BooleanSupplier stop) {
        return System.nanoTime() - deadline > 0 || stop.getAsBoolean();
    }

    private static long remainingMillis(long deadline) {
        return Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
    }
}
