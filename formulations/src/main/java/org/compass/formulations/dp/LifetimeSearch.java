package org.compass.formulations.dp;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.compass.formulations.graph.LifetimeFloor;
import org.compass.model.problem.Objective;
import org.compass.model.problem.Problem;
import org.compass.solver.control.Cancellation;
import org.compass.solver.cost.LifetimeFront;
import org.compass.solver.plan.Partition;
import org.compass.solver.plan.Plan;
import org.compass.solver.cost.ReplicationChooser;
import org.compass.solver.cost.ReplicationChooser.Option;
import org.compass.solver.Status;

/**
 * The dp under a lifetime floor L: the best plan whose lifetime endurance x chipRows x T / rows reaches L.
 *
 * <p>The floor is a constraint on the whole plan: with k = L / (endurance x chipRows) it reads
 * slack = T - k x rows &gt;= 0, where T and rows are sums over the partitions. So the search keeps, per state
 * (a prefix of the topological order, or a downset), every label (time, energy, rows) that no other beats in the
 * objective and in slack (for EDP: in time, energy and slack), extends it by every replication option of every
 * partition that starts there, and drops a label whose slack plus the most slack any completion can add (a
 * backward pass) is below zero. At the end it takes the best label that meets the floor.
 *
 * <p><b>Exact</b> (OPTIMAL, and INFEASIBLE a proof) in cost model v1 when no option can gain slack by more
 * replication ({@link LifetimeFloor#exactOver}). For a fixed period, v1's T and E depend on the replication only
 * through the rows written, and grow with them; replicating beyond the least for the period adds at most
 * {@link org.compass.solver.cost.CostModel#slackGainBound} to a partition's slack, which is 0 for k &gt;= t_row and, with
 * rows added a replica at a time, for most k above t_row / ports. With every gain 0 the least replication for each
 * period (the options of {@link ReplicationChooser}) contains an optimum. Otherwise the plan found meets the floor
 * but is not proven best: FEASIBLE; and a failure to find one is INFEASIBLE only when the longest path of slack + gain
 * is below 0 ({@link LifetimeFloor#failure}), else UNKNOWN (undecided).
 *
 * <p><b>Cost model v2</b>: the options of a partition are every replication vector not beaten in time, energy and
 * slack ({@link LifetimeFront}), so the search is exact when those searches end; one stopped at its node budget or
 * the deadline leaves floor points, which enter as relaxed labels: the best label over options and floor points that
 * meets the floor bounds every plan (OPTIMAL when the best plan meets it, FEASIBLE with that bound otherwise,
 * INFEASIBLE when no label meets the floor).
 *
 * <p>For one objective, a label is also dropped when its key plus a Lagrangian lower bound of any completion exceeds
 * a plan known to meet the floor ({@link FloorLagrangian}); at a time limit that plan is returned, FEASIBLE, with the
 * Lagrangian dual as its bound. When no plan meets the floor, the message names the longest lifetime any plan
 * reaches, found by Dinkelbach's method on the ratio T / rows (each step an additive longest path over the options).
 *
 * <p>Running time: the dp's edges and options times the labels kept per state; the labels are the distinct
 * (objective, slack) pairs that survive, a few thousand per state under v1, up to millions under v2's fronts where
 * the floor binds hard (docs/endurance.md).
 */
final class LifetimeSearch {

    /**
     * One partition that can follow a state: the state it leads to, its units, its replication options, and under
     * cost model v2 the floor points of what its front search left unexplored and whether that search ended.
     */
    record Step(int to, int[] units, List<Option> options, List<LifetimeFront.Bound> floors, boolean complete) {

        /** A step whose options are complete (v1's least replication for each period). */
        Step(int to, int[] units, List<Option> options) {
            this(to, units, options, List.of(), true);
        }

        /** A step with the options the floor's searches take ({@link LifetimeFloor#options}). */
        static Step of(int to, int[] units, LifetimeFloor.Options o) {
            return new Step(to, units, o.options(), o.floors(), o.complete());
        }
    }

    /** The steps leaving a state, computed once per state; {@code stop} turns true at a cancellation or deadline. */
    interface StepSource {
        List<Step> steps(int state, java.util.function.BooleanSupplier stop);
    }

    /**
     * What the search found.
     *
     * @param bound a proven bound on the objective's minimized key (s, J or J s) when the plan is FEASIBLE because
     *              a front search stopped (NaN otherwise)
     */
    record Outcome(Status status, Plan plan, String message, double bound) {

        Outcome(Status status, Plan plan, String message) {
            this(status, plan, message, Double.NaN);
        }
    }

    /**
     * A partial plan: totals, slack T - k x rows, and whether it went through a floor point (relaxed: a bound on the
     * plans of a subtree a front search left, not a plan).
     */
    private record Label(double seconds, double joules, long rows, double slack, boolean relaxed, Label previous,
                         Step step, Option option) {
    }

    private final Problem problem;
    private final int states;
    private final int source;
    private final int sink;
    private final StepSource steps;
    private long deadline = Long.MAX_VALUE; // System.nanoTime; set by the search that runs
    private FloorLagrangian lagrangian;     // the incumbent and the Lagrangian bounds of the last bounded search
    private final List<List<Step>> cache = new ArrayList<>();
    private final LifetimeFloor floor;
    private final double k;
    private final Cancellation cancel;
    private Boolean exact;

    /**
     * @param states number of states, numbered in a topological order of the steps
     * @param steps  the steps leaving a state (computed once per state)
     */
    LifetimeSearch(Problem problem, int states, int source, int sink, StepSource steps) {
        this(problem, states, source, sink, steps, Cancellation.NEVER);
    }

    /**
     * @param states number of states, numbered in a topological order of the steps
     * @param steps  the steps leaving a state (computed once per state)
     * @param cancel stops the search where it checks its deadline (and the replication searches of its steps)
     */
    LifetimeSearch(Problem problem, int states, int source, int sink, StepSource steps, Cancellation cancel) {
        this.cancel = cancel;
        this.problem = problem;
        this.states = states;
        this.source = source;
        this.sink = sink;
        this.steps = steps;
        for (int s = 0; s < states; s++) {
            cache.add(null);
        }
        this.floor = LifetimeFloor.of(problem);
        this.k = floor.k();
    }

    /** The steps of the contiguous space: ranges [i, j) of the units' order that fit on the chip unreplicated. */
    static LifetimeSearch contiguous(Problem problem) {
        return contiguous(problem, Cancellation.NEVER);
    }

    /** {@link #contiguous(Problem)}, stopped by {@code cancel} as by the deadline. */
    static LifetimeSearch contiguous(Problem problem, Cancellation cancel) {
        LifetimeFloor floor = LifetimeFloor.of(problem);
        int n = problem.graph().size();
        long chip = problem.hardware().crossbars();
        return new LifetimeSearch(problem, n + 1, 0, n, (i, stop) -> {
            List<Step> out = new ArrayList<>();
            long crossbars = 0;
            for (int j = i + 1; j <= n; j++) {
                crossbars += problem.graph().unit(j - 1).crossbars();
                if (crossbars > chip) {
                    break;
                }
                int[] units = DpFormulation.range(i, j);
                LifetimeFloor.Options options = floor.options(units, cancel, stop);
                if (options.options().isEmpty()) {
                    break;
                }
                out.add(Step.of(j, units, options));
            }
            return out;
        }, cancel);
    }

    /** Whether every plan meets the problem's floor ({@link LifetimeFloor#alwaysMet}). */
    static boolean alwaysMet(Problem problem) {
        return LifetimeFloor.alwaysMet(problem);
    }

    /**
     * Whether a result of this search is a proof: no option of any step can gain slack by more replication
     * ({@link LifetimeFloor#exactOver}; computed once, over every state's steps).
     */
    boolean exact() {
        if (exact == null) {
            exact = floor.exactOver(states, this::choices);
        }
        return exact;
    }

    /** The options leaving a state as the floor's choices. */
    private List<LifetimeFloor.Choice> choices(int v) {
        List<LifetimeFloor.Choice> out = new ArrayList<>();
        for (Step st : steps(v)) {
            for (Option o : st.options()) {
                out.add(new LifetimeFloor.Choice(st.to(), st.units(), o.cost(), st.complete()));
            }
        }
        return out;
    }

    private List<Step> steps(int s) {
        if (cache.get(s) == null) {
            cache.set(s, steps.steps(s, () -> cancel.isCancelled() || System.nanoTime() - deadline > 0));
        }
        return cache.get(s);
    }

    private double slack(double seconds, long rows) {
        return seconds - k * rows;
    }

    /** Whether a plan with these totals meets the floor, computed as the cost model computes the lifetime. */
    private boolean meets(double seconds, long rows) {
        return floor.meets(seconds, rows);
    }

    /** Why the search stopped: the cancellation's reason, or the time limit. */
    private String stopReason() {
        return cancel.isCancelled() ? cancel.reason() : "time limit";
    }

    /**
     * The labels reaching the sink (not yet checked against the floor), or null when stopped. With {@code bounded}
     * (one objective, not the front), a label is also dropped when even the cheapest completion (in time, energy)
     * would take it past a plan known to meet the floor ({@link FloorLagrangian}); that plan's own labels stay.
     */
    private List<Label> sinkLabels(long deadline, String[] stopped, boolean bounded) {
        this.deadline = deadline;
        // the most slack a completion from each state can add, and the least time and energy
        double[] most = new double[states];
        double[] leastSeconds = new double[states];
        double[] leastJoules = new double[states];
        java.util.Arrays.fill(most, Double.NEGATIVE_INFINITY);
        java.util.Arrays.fill(leastSeconds, Double.POSITIVE_INFINITY);
        java.util.Arrays.fill(leastJoules, Double.POSITIVE_INFINITY);
        most[sink] = 0;
        leastSeconds[sink] = 0;
        leastJoules[sink] = 0;
        for (int v = states - 1; v >= 0; v--) {
            if (v == sink) {
                continue;
            }
            for (Step st : steps(v)) {
                if (most[st.to()] == Double.NEGATIVE_INFINITY) {
                    continue;
                }
                for (Option o : st.options()) {
                    most[v] = Math.max(most[v], slack(o.cost().seconds(), o.cost().load().rowsWritten()) + most[st.to()]);
                    leastSeconds[v] = Math.min(leastSeconds[v], o.cost().seconds() + leastSeconds[st.to()]);
                    leastJoules[v] = Math.min(leastJoules[v], o.cost().joules() + leastJoules[st.to()]);
                }
                for (LifetimeFront.Bound b : st.floors()) {
                    most[v] = Math.max(most[v], b.slack() + most[st.to()]);
                    leastSeconds[v] = Math.min(leastSeconds[v], b.seconds() + leastSeconds[st.to()]);
                    leastJoules[v] = Math.min(leastJoules[v], b.joules() + leastJoules[st.to()]);
                }
            }
            if (System.nanoTime() - deadline > 0 || cancel.isCancelled()) {
                stopped[0] = stopReason() + " during the lifetime search's backward pass";
                return null;
            }
        }
        double muScale = problem.objective() == Objective.ENERGY && leastSeconds[source] > 0
                && leastSeconds[source] < Double.POSITIVE_INFINITY ? leastJoules[source] / leastSeconds[source] : 1;
        lagrangian = new FloorLagrangian(problem, floor, states, source, sink, this::steps, muScale);
        double cap = bounded ? lagrangian.incumbent() * (1 + 1e-9) : Double.POSITIVE_INFINITY;
        double[][] lagrange = bounded && cap < Double.POSITIVE_INFINITY && problem.objective() != Objective.EDP
                ? lagrangian.bounds(() -> System.nanoTime() - deadline > 0 || cancel.isCancelled())
                : new double[0][];
        List<List<Label>> fronts = new ArrayList<>();
        int[] pruneAt = new int[states];
        for (int s = 0; s < states; s++) {
            fronts.add(new ArrayList<>());
            pruneAt[s] = 4096;
        }
        fronts.get(source).add(new Label(0, 0, 0, 0, false, null, null, null));
        for (int v = 0; v < states; v++) {
            if (v == sink || fronts.get(v).isEmpty()) {
                continue;
            }
            if (System.nanoTime() - deadline > 0 || cancel.isCancelled()) {
                stopped[0] = stopReason() + " during the lifetime search";
                return null;
            }
            List<Label> front = prune(fronts.get(v));
            fronts.set(v, null);
            for (Step st : steps(v)) {
                for (Option o : st.options()) {
                    for (Label l : front) {
                        double s = l.seconds() + o.cost().seconds();
                        long r = l.rows() + o.cost().load().rowsWritten();
                        double sl = l.slack() + slack(o.cost().seconds(), o.cost().load().rowsWritten());
                        double j = l.joules() + o.cost().joules();
                        if (sl + most[st.to()] < -tolerance(s)
                                || least(s, j, leastSeconds[st.to()], leastJoules[st.to()]) > cap
                                || lagrangian.bound(lagrange, st.to(), s, j, sl) > cap) {
                            continue;
                        }
                        fronts.get(st.to()).add(new Label(s, j, r, sl, l.relaxed(), l, st, o));
                    }
                }
                // a floor point stands for every vector of a subtree left unsearched: a relaxation, not a plan
                for (LifetimeFront.Bound b : st.floors()) {
                    for (Label l : front) {
                        double s = l.seconds() + b.seconds();
                        double sl = l.slack() + b.slack();
                        double j = l.joules() + b.joules();
                        if (sl + most[st.to()] < -tolerance(s)
                                || least(s, j, leastSeconds[st.to()], leastJoules[st.to()]) > cap
                                || lagrangian.bound(lagrange, st.to(), s, j, sl) > cap) {
                            continue;
                        }
                        fronts.get(st.to()).add(new Label(s, j, l.rows(), sl, true, l, st, null));
                    }
                }
                if (System.nanoTime() - deadline > 0 || cancel.isCancelled()) {
                    stopped[0] = stopReason() + " during the lifetime search";
                    return null;
                }
                // labels pile up at a state from all its predecessors: prune them on the way when many
                List<Label> in = fronts.get(st.to());
                if (st.to() != sink && in.size() > pruneAt[st.to()]) {
                    List<Label> kept = prune(in);
                    fronts.set(st.to(), new ArrayList<>(kept));
                    pruneAt[st.to()] = Math.max(4096, 2 * kept.size());
                }
            }
        }
        return fronts.get(sink);
    }



    /** The least objective key a label of these totals can reach with a completion of at least these. */
    private double least(double seconds, double joules, double moreSeconds, double moreJoules) {
        return problem.objective().minimized(seconds + moreSeconds, joules + moreJoules);
    }

    /** Runs the search; {@code deadline} in System.nanoTime. */
    Outcome solve(long deadline) {
        String[] stopped = new String[1];
        List<Label> atSink = sinkLabels(deadline, stopped, true);
        if (atSink == null) {
            if (lagrangian != null && lagrangian.incumbentPlan() != null) {
                // stopped: the best Lagrangian path that meets the floor, with the Lagrangian dual as its bound
                double dual = lagrangian.dualBound();
                return new Outcome(Status.FEASIBLE, lagrangian.incumbentPlan(), stopped[0] + "; the plan is the best"
                        + " of the Lagrangian paths that meet the floor" + (Double.isNaN(dual) ? ", no bound"
                        : ", the bound the Lagrangian dual of the floor"), dual);
            }
            return new Outcome(Status.UNKNOWN, null, stopped[0]);
        }
        Label best = null;
        Label relaxed = null;
        for (Label l : atSink) {
            if (l.relaxed()) {
                if (l.slack() >= -tolerance(l.seconds()) && (relaxed == null || better(l, relaxed))) {
                    relaxed = l;
                }
            } else if (meets(l.seconds(), l.rows()) && (best == null || better(l, best))) {
                best = l;
            }
        }
        if (relaxed != null || hasFloors()) {
            return relaxedOutcome(best, relaxed);
        }
        if (best == null) {
            return infeasible();
        }
        return exact() ? new Outcome(Status.OPTIMAL, plan(best), "")
                : new Outcome(Status.FEASIBLE, plan(best), floor.notProvenBest());
    }

    /**
     * Cost model v2 where some front search stopped at its node budget: its floor points stand for the vectors it
     * left, so the best label over options and floor points that meets the floor bounds every plan. OPTIMAL when the
     * best plan meets that bound; FEASIBLE with it otherwise; INFEASIBLE when not even a relaxed label meets the floor
     * (a proof); UNKNOWN when only relaxed ones do.
     */
    private Outcome relaxedOutcome(Label best, Label relaxed) {
        Objective o = problem.objective();
        if (best == null) {
            if (relaxed == null) {
                return new Outcome(Status.INFEASIBLE, null, String.format(java.util.Locale.ROOT,
                        "no plan lasts %s in continuous operation at batch %d: every plan lasts less (neither the"
                        + " options searched nor the floor points of the front searches stopped at their node budget"
                        + " meet it; a plan searched reaches %s; a larger batch rewrites less often)",
                        years(problem.minLifetimeSeconds()), problem.batch(), years(longestLifetime())));
            }
            return new Outcome(Status.UNKNOWN, null, "undecided, not stopped by a limit: no plan found meets the"
                    + " lifetime floor, and a front search stopped at its node budget left replications that might"
                    + " (docs/cost-model.md)");
        }
        double plan = key(best, o);
        double bound = relaxed == null ? plan : Math.min(plan, key(relaxed, o));
        if (bound >= plan * (1 - 1e-9)) {
            return new Outcome(Status.OPTIMAL, plan(best), "the floor points of the front searches stopped at their"
                    + " node budget do not beat the plan");
        }
        return new Outcome(Status.FEASIBLE, plan(best), floor.notProvenBest()
                + "; the bound is the label search over the options and the stopped searches' floor points", bound);
    }

    /** Whether some step's front search stopped (its floor points then enter the labels). */
    private boolean hasFloors() {
        for (int v = 0; v < states; v++) {
            if (v == sink) {
                continue;
            }
            for (Step st : steps(v)) {
                if (!st.complete()) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The latency-energy Pareto front of the plans that meet the floor: the labels kept in time, energy and slack
     * (this search must be built for objective EDP, whose labels are those), those that meet the floor, and of
     * them the ones no other beats in both time and energy, by increasing time. Empty when none meets it; null
     * past the deadline.
     */
    List<Plan> front(long deadline) {
        if (problem.objective() != Objective.EDP) {
            throw new IllegalStateException("the front needs the labels of objective edp");
        }
        List<Label> atSink = sinkLabels(deadline, new String[1], false);
        if (atSink == null) {
            return null;
        }
        List<Label> meeting = new ArrayList<>();
        for (Label l : atSink) {
            if (!l.relaxed() && meets(l.seconds(), l.rows())) {
                meeting.add(l);
            }
        }
        meeting.sort(Comparator.comparingDouble(Label::seconds).thenComparingDouble(Label::joules));
        List<Plan> out = new ArrayList<>();
        double least = Double.POSITIVE_INFINITY;
        for (Label l : meeting) {
            if (l.joules() < least) {
                least = l.joules();
                out.add(plan(l));
            }
        }
        return out;
    }

    private static Plan plan(Label best) {
        List<Partition> parts = new ArrayList<>();
        for (Label l = best; l.previous() != null; l = l.previous()) {
            parts.add(Partition.of(l.step().units(), l.option().replication()));
        }
        java.util.Collections.reverse(parts);
        return new Plan(parts);
    }

    /** Slack is compared with a relative tolerance, so a plan exactly at the floor is not lost to rounding. */
    private static double tolerance(double scale) {
        return 1e-12 * Math.abs(scale);
    }

    private boolean better(Label a, Label b) {
        Objective o = problem.objective();
        double ka = key(a, o);
        double kb = key(b, o);
        if (ka != kb) {
            return ka < kb;
        }
        return o == Objective.ENERGY ? a.seconds() < b.seconds() : a.joules() < b.joules();
    }

    private static double key(Label l, Objective o) {
        return o.minimized(l.seconds(), l.joules());
    }

    /**
     * The labels no other beats in the objective's quantities and in slack; a plan's label is dropped only for
     * another plan's (a relaxed label is not a plan), a relaxed one for any.
     */
    private List<Label> prune(List<Label> labels) {
        Objective o = problem.objective();
        if (o == Objective.EDP) {
            List<Label> out = new ArrayList<>();
            List<Label> sorted = new ArrayList<>(labels);
            sorted.sort(Comparator.comparingDouble(Label::seconds).thenComparingDouble(Label::joules)
                    .thenComparingDouble(l -> -l.slack()));
            for (Label l : sorted) {
                boolean dominated = false;
                for (Label m : out) {
                    if ((l.relaxed() || !m.relaxed()) && m.seconds() <= l.seconds() && m.joules() <= l.joules()
                            && m.slack() >= l.slack()) {
                        dominated = true;
                        break;
                    }
                }
                if (!dominated) {
                    out.add(l);
                }
            }
            return out;
        }
        Comparator<Label> primary = o == Objective.ENERGY ? Comparator.comparingDouble(Label::joules)
                : Comparator.comparingDouble(Label::seconds);
        Comparator<Label> secondary = o == Objective.ENERGY ? Comparator.comparingDouble(Label::seconds)
                : Comparator.comparingDouble(Label::joules);
        List<Label> sorted = new ArrayList<>(labels);
        sorted.sort(primary.thenComparingDouble(l -> -l.slack()).thenComparing(secondary));
        List<Label> out = new ArrayList<>();
        double bestSlack = Double.NEGATIVE_INFINITY;     // over every label kept
        double bestPlanSlack = Double.NEGATIVE_INFINITY; // over the plans' labels kept
        for (Label l : sorted) {
            double s = l.slack();
            if (s > (l.relaxed() ? bestSlack : bestPlanSlack)) {
                out.add(l);
                bestSlack = Math.max(bestSlack, s);
                if (!l.relaxed()) {
                    bestPlanSlack = s;
                }
            }
        }
        return out;
    }

    /**
     * No option path meets the floor: INFEASIBLE when that is a proof ({@link LifetimeFloor#failure}), else UNKNOWN
     * saying the search was undecided; the message names the longest lifetime.
     */
    private Outcome infeasible() {
        LifetimeFloor.Failure f = floor.failure(states, source, sink, this::choices);
        return new Outcome(f.status(), null, f.message());
    }

    /**
     * When no plan of the least replication for its period meets the floor (the longest lifetime of those falls
     * short of it), what may be said of that ({@link LifetimeFloor#failure}: INFEASIBLE with a proof, or UNKNOWN);
     * null when some such plan meets it.
     */
    Outcome failureIfNoneMeets() {
        double ratio = longestRatio();
        return floor.meets(ratio, 1) ? null : infeasible();
    }

    static String years(double seconds) {
        return LifetimeFloor.years(seconds);
    }

    /** The longest lifetime of a plan over the options searched (seconds). */
    private double longestLifetime() {
        return problem.hardware().enduranceCycles() * problem.hardware().chipRows() * longestRatio();
    }

    /** The largest T / rows of any plan (seconds per row written): {@link LifetimeFloor#longestRatio}. */
    double longestRatio() {
        return floor.longestRatio(states, source, sink, this::choices);
    }
}
