package org.compass.formulations.dp;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;
import org.compass.formulations.graph.LifetimeFloor;
import org.compass.model.problem.Objective;
import org.compass.model.problem.Problem;
import org.compass.solver.cost.LifetimeFront;
import org.compass.solver.cost.ReplicationChooser.Option;
import org.compass.solver.plan.Partition;
import org.compass.solver.plan.Plan;

/**
 * The Lagrangian relaxation of a lifetime floor over the options of a {@link LifetimeSearch} (docs/cost-model.md,
 * "Lifetime floors under v2"): pricing slack at mu per second turns the floor sum (T - k rows) &gt;= 0 into an
 * additive objective key - mu x slack, solved by one shortest path. It gives the label search three things, none of
 * which changes its answer: an incumbent (the best path that meets the floor, {@link #incumbent}), per state a lower
 * bound on any completion that must bring a given slack ({@link #bounds}, {@link #bound}), and at a time limit the
 * incumbent's plan with the dual bound ({@link #incumbentPlan}, {@link #dualBound}). Also the longest lifetime under
 * cost model v2 by Dinkelbach's method over the fronts ({@link #longestLifetimeV2}).
 *
 * <p>Running time: one pass over the options per multiplier (about 50 for the bisection, 81 for the bounds).
 */
final class FloorLagrangian {

    private final Problem problem;
    private final LifetimeFloor floor;
    private final int states;
    private final int source;
    private final int sink;
    private final IntFunction<List<LifetimeSearch.Step>> steps;
    private final double muScale;          // key units (s, or J for energy) per second of slack: mu = 1 weighs both
    private double[] mus = {0};            // the multipliers of the bounds, set with the incumbent
    private Plan incumbentPlan;            // the plan of the incumbent, null until one meets the floor
    private double dualBound = Double.NaN; // max over mus of the least key - mu x slack from the source

    /**
     * @param steps   the steps leaving each state (states numbered in a topological order)
     * @param muScale key units per second of slack, the scale of the multipliers
     */
    FloorLagrangian(Problem problem, LifetimeFloor floor, int states, int source, int sink,
                    IntFunction<List<LifetimeSearch.Step>> steps, double muScale) {
        this.problem = problem;
        this.floor = floor;
        this.states = states;
        this.source = source;
        this.sink = sink;
        this.steps = steps;
        this.muScale = muScale;
    }

    /** The incumbent's plan, null when no path found meets the floor. */
    Plan incumbentPlan() {
        return incumbentPlan;
    }

    /** The Lagrangian dual bound on the objective key (NaN until {@link #bounds} ran to its end). */
    double dualBound() {
        return dualBound;
    }

    /**
     * Per multiplier mu &gt;= 0 ({@link #mus}) and state, the least of
     * key - mu x slack over the completions from the state (options and floor points): a backward shortest path.
     * A completion that must bring slack at least n has key >= that + mu x n for every mu (Lagrangian relaxation of
     * the floor), so a label whose key plus the best of those exceeds a known plan cannot lead to a better one.
     */
    double[][] bounds(BooleanSupplier stop) {
        double[][] lb = new double[mus.length][states];
        for (int m = 0; m < mus.length; m++) {
            if (stop.getAsBoolean()) {
                return new double[0][];
            }
            double mu = mus[m];
            double[] row = lb[m];
            java.util.Arrays.fill(row, Double.POSITIVE_INFINITY);
            row[sink] = 0;
            for (int v = states - 1; v >= 0; v--) {
                if (v == sink) {
                    continue;
                }
                for (LifetimeSearch.Step st : steps.apply(v)) {
                    double after = row[st.to()];
                    if (after == Double.POSITIVE_INFINITY) {
                        continue;
                    }
                    for (Option o : st.options()) {
                        row[v] = Math.min(row[v], keyOf(o.cost().seconds(), o.cost().joules())
                                - mu * floor.slack(o.cost().seconds(), o.cost().load().rowsWritten()) + after);
                    }
                    for (LifetimeFront.Bound b : st.floors()) {
                        row[v] = Math.min(row[v], keyOf(b.seconds(), b.joules()) - mu * b.slack() + after);
                    }
                }
            }
        }
        for (double[] row : lb) {
            // need = 0 at the source: every plan meeting the floor has key >= the least of key - mu x slack
            dualBound = Double.isNaN(dualBound) ? row[source] : Math.max(dualBound, row[source]);
        }
        return lb;
    }

    /** The additive key of objective throughput, latency (s) or energy (J). */
    private double keyOf(double seconds, double joules) {
        return problem.objective() == Objective.ENERGY ? joules : seconds;
    }

    /**
     * The least key a label at state v with these totals and slack can reach by the Lagrangian bounds (minus infinity
     * without them): the completion needs slack at least -slack (less a rounding tolerance).
     */
    double bound(double[][] lb, int v, double seconds, double joules, double slack) {
        double best = Double.NEGATIVE_INFINITY;
        double need = -slack - 1e-12 * Math.abs(seconds) - 1e-9 * Math.abs(slack);
        double key = keyOf(seconds, joules);
        for (int m = 0; m < lb.length; m++) {
            best = Math.max(best, key + lb[m][v] + mus[m] * need);
        }
        return best;
    }


    /**
     * The objective key of a plan known to meet the floor, to prune labels with (infinite when none is found), and
     * the multipliers of {@link #bounds} ({@link #mus}). The path that minimizes key - mu x slack over the
     * options gains slack as mu grows; the least mu whose path has slack &gt;= 0 (by bisection) is where the
     * Lagrangian dual of the floor peaks, so the multipliers are taken around it. Every path met on the way that
     * meets the floor is a candidate. A heuristic: it only makes the search faster, never changes its answer.
     */
    double incumbent() {
        double[] best = {Double.POSITIVE_INFINITY};
        double[] at0 = lagrangePath(0, best);
        if (at0 == null || at0[1] >= 0) {
            mus = new double[] {0};
            return best[0];
        }
        double hi = muScale;
        double[] p = lagrangePath(hi, best);
        for (int i = 0; i < 60 && p[1] < 0; i++) {
            hi *= 2;
            p = lagrangePath(hi, best);
        }
        if (p[1] < 0) {
            mus = new double[] {0};
            return best[0];
        }
        double lo = 0;
        for (int i = 0; i < 50 && hi > lo * (1 + 1e-6); i++) {
            double mid = 0.5 * (lo + hi);
            if (lagrangePath(mid, best)[1] >= 0) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        mus = new double[81];
        for (int m = 1; m < mus.length; m++) {
            mus[m] = hi * Math.pow(1.05, m - 41);
        }
        return best[0];
    }

    /**
     * The path over the options (floor points left out) that minimizes key - mu x slack: {that value, its slack};
     * null when the sink cannot be reached. When it meets the floor, {@code best[0]} takes its key if lower.
     */
    private double[] lagrangePath(double mu, double[] best) {
        double[] value = new double[states];
        double[] sec = new double[states];
        double[] joules = new double[states];
        long[] rows = new long[states];
        int[] from = new int[states];
        LifetimeSearch.Step[] via = new LifetimeSearch.Step[states];
        Option[] with = new Option[states];
        java.util.Arrays.fill(value, Double.POSITIVE_INFINITY);
        value[source] = 0;
        for (int v = 0; v < states; v++) {
            if (value[v] == Double.POSITIVE_INFINITY || v == sink) {
                continue;
            }
            for (LifetimeSearch.Step st : steps.apply(v)) {
                for (Option o : st.options()) {
                    double sl = floor.slack(o.cost().seconds(), o.cost().load().rowsWritten());
                    double x = value[v] + keyOf(o.cost().seconds(), o.cost().joules()) - mu * sl;
                    if (x < value[st.to()]) {
                        value[st.to()] = x;
                        sec[st.to()] = sec[v] + o.cost().seconds();
                        joules[st.to()] = joules[v] + o.cost().joules();
                        rows[st.to()] = rows[v] + o.cost().load().rowsWritten();
                        from[st.to()] = v;
                        via[st.to()] = st;
                        with[st.to()] = o;
                    }
                }
            }
        }
        if (value[sink] == Double.POSITIVE_INFINITY) {
            return null;
        }
        double key = problem.objective().minimized(sec[sink], joules[sink]);
        if (floor.meets(sec[sink], rows[sink]) && key < best[0]) {
            best[0] = key;
            List<Partition> parts = new ArrayList<>();
            for (int v = sink; v != source; v = from[v]) {
                parts.add(Partition.of(via[v].units(), with[v].replication()));
            }
            java.util.Collections.reverse(parts);
            incumbentPlan = new Plan(parts);
        }
        return new double[] {value[sink], floor.slack(sec[sink], rows[sink])};
    }


    /**
     * Cost model v2: the longest lifetime of any contiguous plan, by Dinkelbach's method over every replication: at a
     * guess lambda (seconds per row written) the plans that maximize T - lambda x rows lie on the partitions' fronts
     * in slack at k = lambda ({@link org.compass.solver.cost.LifetimeFront}), so the longest path over those fronts
     * gives the next guess, until a guess is its own answer (then no plan has T / rows above it). Starts from the plan
     * without a floor. Exact when the front searches end within their node budgets; otherwise the lifetime of a plan
     * found, a lower bound.
     */
    static double longestLifetimeV2(Problem problem) {
        org.compass.model.hardware.Hardware hw = problem.hardware();
        double scale = hw.enduranceCycles() * hw.chipRows();
        org.compass.solver.SolveResult free = new DpFormulation().solve(org.compass.solver.SolveRequest.of(problem.withMinLifetime(0)));
        if (!free.hasPlan()) {
            return Double.NaN;
        }
        if (free.evaluation().rowsWritten() == 0) {
            return Double.POSITIVE_INFINITY;
        }
        // T >= rows x t_row / ports for every plan; the front search needs k above that
        double lambda = Math.max(free.evaluation().latencySeconds() / free.evaluation().rowsWritten(),
                hw.rowWriteSeconds() / hw.writePorts() * (1 + 1e-9));
        for (int iter = 0; iter < 100; iter++) {
            double next = LifetimeSearch.contiguous(problem.withMinLifetime(lambda * scale)).longestRatio();
            if (next <= lambda * (1 + 1e-12)) {
                break;
            }
            lambda = next;
        }
        return scale * lambda;
    }
}
