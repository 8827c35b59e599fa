package org.compass.formulations.path;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntPredicate;
import java.util.function.ToLongFunction;
import org.compass.formulations.dp.ParetoLabels;
import org.compass.formulations.graph.LifetimeFloor;
import org.compass.formulations.graph.PartitionGraph;
import org.compass.formulations.graph.PartitionGraph.Edge;
import org.compass.solver.control.Cancellation;
import org.compass.solver.cost.CostModel;
import org.compass.solver.cost.Evaluation;
import org.compass.solver.plan.Partition;
import org.compass.solver.plan.Plan;
import org.compass.solver.control.ProgressListener;
import org.compass.solver.cost.ReplicationChooser;
import org.compass.solver.cost.ReplicationChooser.Option;
import org.compass.solver.Status;

/**
 * The exact epsilon-constraint sweep over the bi-objective (latency, energy) path model of a
 * {@link PartitionGraph}, with the single-objective solves delegated to a {@link StageSolver}.
 *
 * <p>Arcs are (edge, Pareto replication option) pairs with integer-scaled time and energy. Each front point
 * is found lexicographically: z = min T s.t. E &lt;= cap, then min E s.t. T &lt;= z, E &lt;= cap; the next
 * cap is the point's energy minus one unit, until the model is infeasible. This enumerates the whole
 * integer-scaled front, and EDP, increasing in both, has its optimum on it.
 */
public final class ParetoSweep {

    /** Which sum a stage minimizes. */
    public enum Goal {
        /** Latency. */
        TIME,
        /** Energy. */
        ENERGY
    }

    /**
     * One partition with one replication option; t and e are its time and energy in integer units, slack its
     * T - k x rows under a lifetime floor in the model's slack units, rounded up (0 without a floor).
     */
    public record Arc(int id, Edge edge, Option option, long t, long e, long slack) {
    }

    /**
     * The bi-objective model's data.
     *
     * @param graph the partition graph
     * @param arcs  every (edge, Pareto option) pair; an arc's id is its index
     * @param flow  the path-flow model over the arcs (variable {@code x_<id>} for arc id), without rows or cost:
     *              each stage adds its own ({@link #stage})
     * @param tUnit seconds per time unit
     * @param eUnit joules per energy unit
     * @param proven whether every edge's replication front is complete (not so when a cost model v2
     *               replication search stopped at its budget): without it no front is exact
     * @param floor  the problem's lifetime floor, or null: then every path must have slack sum &gt;= 0 and be
     *               checked with {@link LifetimeFloor#meets} (the rounded slack only admits every plan that meets it)
     * @param options under a floor, every replication option of each edge (by edge id), before those beaten in
     *                time, energy and slack were dropped: what the floor's exactness and proofs are decided over;
     *                null without a floor
     */
    public record Model(PartitionGraph graph, List<Arc> arcs, PathFlow flow, double tUnit, double eUnit,
                        boolean proven, LifetimeFloor floor, List<List<Option>> options) {

        /**
         * The arcs of a graph, scaled so that no path's integer time or energy exceeds maxPath units and the
         * sum over all arcs stays below maxTotal (both keep solver arithmetic exact).
         */
        public static Model of(PartitionGraph graph, double maxPath, double maxTotal) {
            return of(graph, maxPath, maxTotal, null, Long.MAX_VALUE, Cancellation.NEVER);
        }

        /**
         * As {@link #of(PartitionGraph, double, double)}; with a lifetime floor the options of each edge are
         * every option not beaten in time, energy and slack together (a slower option may be the one that meets
         * the floor), and each arc carries its slack, rounded up in a unit of its own under the same limits. Built
         * by {@code deadline} (System.nanoTime(); Long.MAX_VALUE for none) unless {@code cancel} is cancelled
         * first: checked before every edge's replications (the costly part under cost model v2) and between the
         * building steps.
         *
         * @throws PartitionGraph.StoppedException when the deadline passes or the token is cancelled first
         */
        public static Model of(PartitionGraph graph, double maxPath, double maxTotal, LifetimeFloor floor,
                               long deadline, Cancellation cancel) {
            CostModel cm = new CostModel(graph.problem());
            List<Edge> edges = graph.edges();
            List<List<Option>> options = new ArrayList<>();
            List<List<Option>> every = floor == null ? null : new ArrayList<>();
            double totalT = 0;
            double totalE = 0;
            double totalS = 0;
            boolean proven = true;
            for (Edge e : edges) {
                check(deadline, cancel, "the Pareto replications of partition " + e.id() + " of " + edges.size());
                // under a floor, the options its searches take (v2: the front in time, energy and slack)
                LifetimeFloor.Options under = floor == null ? null : floor.options(e.units(), cancel);
                List<Option> all = under == null ? ReplicationChooser.options(cm, e.units(), cancel) : under.options();
                proven &= under == null || under.complete();
                List<Option> o = floor == null ? ParetoLabels.pareto(all) : withSlack(all, floor);
                if (every != null) {
                    every.add(all);
                }
                for (Option x : o) {
                    totalS += floor == null ? 0 : Math.abs(floor.slack(x.cost().seconds(),
                            x.cost().load().rowsWritten()));
                }
                proven &= o.stream().allMatch(Option::proven);
                options.add(o);
                for (Option x : o) {
                    totalT += x.cost().seconds();
                    totalE += x.cost().joules();
                }
            }
            // the longest path by each quantity, over the state order (edges run forward)
            double[] longT = new double[graph.stateCount()];
            double[] longE = new double[graph.stateCount()];
            for (Edge e : edges) {
                for (Option x : options.get(e.id())) {
                    longT[e.to()] = Math.max(longT[e.to()], longT[e.from()] + x.cost().seconds());
                    longE[e.to()] = Math.max(longE[e.to()], longE[e.from()] + x.cost().joules());
                }
            }
            check(deadline, cancel, "the bi-objective model's scale");
            double tUnit = unit(Math.max(longT[graph.sink()] / maxPath, totalT / maxTotal));
            double eUnit = unit(Math.max(longE[graph.sink()] / maxPath, totalE / maxTotal));
            // a path's |slack| is at most the sum over all arcs, which is kept below maxPath
            double sUnit = unit(totalS / Math.min(maxPath, maxTotal));
            List<Arc> arcs = new ArrayList<>();
            for (Edge e : edges) {
                for (Option x : options.get(e.id())) {
                    long slack = floor == null ? 0
                            : (long) Math.ceil(floor.slack(x.cost().seconds(), x.cost().load().rowsWritten()) / sUnit);
                    arcs.add(new Arc(arcs.size(), e, x, Math.round(x.cost().seconds() / tUnit),
                            Math.round(x.cost().joules() / eUnit), slack));
                }
            }
            int[] from = arcs.stream().mapToInt(a -> a.edge().from()).toArray();
            int[] to = arcs.stream().mapToInt(a -> a.edge().to()).toArray();
            PathFlow flow = PathFlow.over(graph.stateCount(), graph.source(), graph.sink(), from, to, a -> "x_" + a);
            return new Model(graph, List.copyOf(arcs), flow, tUnit, eUnit, proven, floor, every);
        }

        /**
         * One stage of the sweep as a path-flow model: time &lt;= tCap and energy &lt;= eCap (integer units;
         * Long.MAX_VALUE for no cap), under a lifetime floor the slack sum at least 0 (the plan writes no more rows
         * than its time allows), no forbidden path chosen whole, and the goal's integer sum minimized.
         */
        public PathFlow stage(Goal goal, long tCap, long eCap, List<List<Arc>> forbidden) {
            long[] t = vector(Arc::t);
            long[] e = vector(Arc::e);
            PathFlow stage = flow.minimizing(goal == Goal.TIME ? t : e);
            if (tCap != Long.MAX_VALUE) {
                stage = stage.with(PathFlow.Row.atMost("time_cap", t, tCap));
            }
            if (eCap != Long.MAX_VALUE) {
                stage = stage.with(PathFlow.Row.atMost("energy_cap", e, eCap));
            }
            if (floor != null) {
                stage = stage.with(PathFlow.Row.atLeast("lifetime_floor", vector(Arc::slack), 0));
            }
            // a path found to miss the floor (within rounding of it) is not chosen again
            for (int i = 0; i < forbidden.size(); i++) {
                stage = stage.with(PathFlow.Row.notAll("nogood_" + i, ids(forbidden.get(i))));
            }
            return stage;
        }

        /** The ids of arcs, in their order. */
        public static int[] ids(List<Arc> arcs) {
            return arcs.stream().mapToInt(Arc::id).toArray();
        }

        private long[] vector(ToLongFunction<Arc> of) {
            return arcs.stream().mapToLong(of).toArray();
        }

        /** The arcs leaving a state. */
        public List<Arc> leaving(int state) {
            return Arrays.stream(flow.out(state)).mapToObj(arcs::get).toList();
        }

        /** Options that no other beats in time, energy and slack at once. */
        private static List<Option> withSlack(List<Option> options, LifetimeFloor floor) {
            List<Option> out = new ArrayList<>();
            for (int i = 0; i < options.size(); i++) {
                Option a = options.get(i);
                boolean beaten = false;
                for (int j = 0; j < options.size() && !beaten; j++) {
                    Option b = options.get(j);
                    // beaten by a better option, or equal to an earlier one
                    beaten = j != i && beats(b, a, floor) && (!beats(a, b, floor) || j < i);
                }
                if (!beaten) {
                    out.add(a);
                }
            }
            return out;
        }

        /** b is no worse than a in time, energy and slack. */
        private static boolean beats(Option b, Option a, LifetimeFloor floor) {
            return b.cost().seconds() <= a.cost().seconds() && b.cost().joules() <= a.cost().joules()
                    && floor.slack(b.cost().seconds(), b.cost().load().rowsWritten())
                    >= floor.slack(a.cost().seconds(), a.cost().load().rowsWritten());
        }

        /** Whether a path meets the lifetime floor (always, without one), as the cost model decides it. */
        public boolean meetsFloor(List<Arc> path) {
            if (floor == null) {
                return true;
            }
            double seconds = 0;
            long rows = 0;
            for (Arc a : path) {
                seconds += a.option().cost().seconds();
                rows += a.option().cost().load().rowsWritten();
            }
            return floor.meets(seconds, rows);
        }

        /** Every replication option of the edges leaving a state, as the floor's choices. */
        private List<LifetimeFloor.Choice> choices(int v) {
            List<LifetimeFloor.Choice> c = new ArrayList<>();
            for (Edge e : graph.outgoing(v)) {
                for (Option o : options.get(e.id())) {
                    // an option of a v2 front search that stopped proves nothing (proven: every search ended)
                    c.add(new LifetimeFloor.Choice(e.to(), e.units(), o.cost(), proven));
                }
            }
            return c;
        }

        /**
         * Whether a path proven best over these arcs is the best plan under the floor ({@link LifetimeFloor#exactOver}
         * over every option); true without a floor.
         */
        public boolean floorExact() {
            return floor == null || floor.exactOver(graph.stateCount(), this::choices);
        }

        /** What to say when no path meets the floor ({@link LifetimeFloor#failure} over every option). */
        public LifetimeFloor.Failure floorFailure() {
            return floor.failure(graph.stateCount(), graph.source(), graph.sink(), this::choices);
        }

        /** The path of a plan over these arcs (each partition an edge, its replication an arc's), or null. */
        public List<Arc> path(Plan plan) {
            List<Edge> edges = graph.path(plan);
            if (edges == null) {
                return null;
            }
            List<Arc> path = new ArrayList<>();
            for (int i = 0; i < edges.size(); i++) {
                Arc found = null;
                for (Arc a : leaving(edges.get(i).from())) {
                    if (a.edge().id() == edges.get(i).id() && Partition.of(a.edge().units(), a.option().replication())
                            .equals(plan.partitions().get(i))) {
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

        private static void check(long deadline, Cancellation cancel, String step) {
            boolean cancelled = cancel.isCancelled();
            if (cancelled || (deadline != Long.MAX_VALUE && System.nanoTime() - deadline > 0)) {
                throw new PartitionGraph.StoppedException((cancelled ? cancel.reason() : "time limit reached")
                        + " while building " + step);
            }
        }

        private static double unit(double least) {
            return least > 0 ? Math.pow(10, Math.ceil(Math.log10(least))) : 1;
        }

        /** The path's integer time. */
        public static long time(List<Arc> path) {
            long t = 0;
            for (Arc a : path) {
                t += a.t();
            }
            return t;
        }

        /** The path's integer energy. */
        public static long energy(List<Arc> path) {
            long e = 0;
            for (Arc a : path) {
                e += a.e();
            }
            return e;
        }

        /** The path in the order of the states, from the arcs chosen ({@link PathFlow#path}). */
        public List<Arc> path(IntPredicate chosen) {
            return Arrays.stream(flow.path(chosen)).mapToObj(arcs::get).toList();
        }

        /** The plan of a path, with each arc's replication. */
        public static Plan plan(List<Arc> path) {
            List<Partition> parts = new ArrayList<>();
            for (Arc a : path) {
                parts.add(Partition.of(a.edge().units(), a.option().replication()));
            }
            return new Plan(parts);
        }
    }

    /**
     * One single-objective solve of the path model: minimize the goal's sum subject to time &lt;= tCap and
     * energy &lt;= eCap (integer units; Long.MAX_VALUE for no cap).
     *
     * @param status OPTIMAL (proven), FEASIBLE (a path, no proof), INFEASIBLE (proven) or UNKNOWN
     * @param path   the path found, or null
     */
    public record Stage(Status status, List<Arc> path) {
    }

    /** A backend that solves one stage of the sweep. */
    public interface StageSolver {
        /**
         * Solves one stage within the given seconds; the hint is a path meeting both caps, or null. With the
         * model's lifetime floor the path's slack sum is at least 0, and no forbidden path may be chosen whole.
         */
        Stage solve(Model model, Goal goal, long tCap, long eCap, List<Arc> hint, List<List<Arc>> forbidden,
                    double seconds);
    }

    /**
     * A stage solver that returns only paths meeting the model's lifetime floor as the cost model decides it: the
     * rounded-up slack admits every path that meets the floor and possibly a few within rounding of it, so a path
     * that misses is forbidden (a no-good over its arcs) and the stage solved again. The forbidden paths are kept
     * for the later stages of the same sweep. Without a floor the inner solver is returned as it is.
     */
    public static StageSolver withFloorChecks(Model model, StageSolver inner) {
        if (model.floor() == null) {
            return inner;
        }
        List<List<Arc>> cuts = new ArrayList<>();
        return (m, goal, tCap, eCap, hint, forbidden, seconds) -> {
            long end = System.nanoTime() + (long) (seconds * 1e9);
            List<Arc> h = hint != null && m.meetsFloor(hint) ? hint : null;
            while (true) {
                List<List<Arc>> all = new ArrayList<>(forbidden);
                all.addAll(cuts);
                Stage st = inner.solve(m, goal, tCap, eCap, h, all, Math.max(1e-3, (end - System.nanoTime()) / 1e9));
                if (st.path() == null || m.meetsFloor(st.path())) {
                    return st;
                }
                cuts.add(st.path());
                if (System.nanoTime() - end > 0) {
                    return new Stage(Status.UNKNOWN, null);
                }
            }
        };
    }

    /** A front point: its plan and the cost model's evaluation of it. */
    public record Point(Plan plan, Evaluation evaluation) {
    }

    /**
     * The sweep's outcome.
     *
     * @param points  the non-dominated points found, by increasing latency (re-evaluated by the cost model)
     * @param exact   whether every stage was proven (optimal, or infeasible at the end)
     * @param solves  number of single-objective solves
     * @param message what stopped the sweep early, or empty
     * @param finished whether the sweep ran until the model was infeasible (no limit stopped it)
     */
    public record Front(List<Point> points, boolean exact, int solves, String message, boolean finished) {

        /** A sweep that a limit stopped (or that never started). */
        public Front(List<Point> points, boolean exact, int solves, String message) {
            this(points, exact, solves, message, false);
        }

        /** The point of least energy x latency, or null without points. */
        public Point leastEdp() {
            return points.stream().min(Comparator.comparingDouble(p -> p.evaluation().edp())).orElse(null);
        }
    }

    private ParetoSweep() {
    }

    /** Runs the sweep until the model is infeasible or the deadline (System.nanoTime()) passes. */
    public static Front sweep(Model model, StageSolver solver, long deadlineNanos, ProgressListener progress) {
        return sweep(model, solver, deadlineNanos, progress, Cancellation.NEVER);
    }

    /**
     * Runs the sweep until the model is infeasible, the deadline (System.nanoTime()) passes or {@code cancel} is
     * cancelled (the stage solver is expected to stop its running stage on it too).
     */
    public static Front sweep(Model model, StageSolver solver, long deadlineNanos, ProgressListener progress,
                              Cancellation cancel) {
        CostModel cm = new CostModel(model.graph().problem());
        solver = withFloorChecks(model, solver);
        List<Point> points = new ArrayList<>();
        boolean floorExact = model.floorExact();
        boolean exact = model.proven() && floorExact;
        int solves = 0;
        String message = "";
        long eCap = Long.MAX_VALUE;
        while (true) {
            double left = (deadlineNanos - System.nanoTime()) / 1e9;
            if (cancel.isCancelled()) {
                return new Front(nonDominated(points), false, solves, cancel.reason() + " after " + solves
                        + " solves; the front may be incomplete");
            }
            if (left <= 0) {
                return new Front(nonDominated(points), false, solves, "time limit reached after " + solves
                        + " solves; the front may be incomplete");
            }
            Stage first = solver.solve(model, Goal.TIME, Long.MAX_VALUE, eCap, null, List.of(), left);
            solves++;
            if (first.status() == Status.INFEASIBLE) {
                break;
            }
            if (first.path() == null) {
                return new Front(nonDominated(points), false, solves, "a time stage ended " + first.status()
                        + " without a path; the front may be incomplete");
            }
            exact &= first.status() == Status.OPTIMAL;
            long z = Model.time(first.path());
            left = Math.max(1e-3, (deadlineNanos - System.nanoTime()) / 1e9);
            Stage second = solver.solve(model, Goal.ENERGY, z, eCap, first.path(), List.of(), left);
            solves++;
            List<Arc> path = second.path() != null ? second.path() : first.path();
            exact &= second.status() == Status.OPTIMAL;
            Plan plan = Model.plan(path);
            points.add(new Point(plan, cm.evaluate(plan)));
            progress.report(String.format("pareto sweep: point %d, latency %.6g s, energy %.6g J", points.size(),
                    points.get(points.size() - 1).evaluation().latencySeconds(),
                    points.get(points.size() - 1).evaluation().energyJoules()));
            long e = Model.energy(path);
            if (e == 0) {
                break;
            }
            eCap = e - 1;
        }
        if (!model.proven()) {
            message = "a cost model v2 replication search stopped at its node budget; the front may be incomplete";
        } else if (!floorExact) {
            message = "under the lifetime floor the options searched (least replication per period) may miss plans;"
                    + " the front may be incomplete (docs/cost-model.md)";
        } else if (!exact) {
            message = "some stages stopped without a proof; the front may be incomplete";
        }
        return new Front(nonDominated(points), exact, solves, message, true);
    }

    /** Points no other point beats in both latency and energy, by increasing latency. */
    static List<Point> nonDominated(List<Point> points) {
        List<Point> sorted = new ArrayList<>(points);
        sorted.sort(Comparator.comparingDouble((Point p) -> p.evaluation().latencySeconds())
                .thenComparingDouble(p -> p.evaluation().energyJoules()));
        List<Point> out = new ArrayList<>();
        double bestJ = Double.POSITIVE_INFINITY;
        for (Point p : sorted) {
            if (p.evaluation().energyJoules() < bestJ) {
                out.add(p);
                bestJ = p.evaluation().energyJoules();
            }
        }
        return out;
    }
}
