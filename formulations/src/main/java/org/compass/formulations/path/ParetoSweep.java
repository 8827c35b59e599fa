package org.compass.formulations.path;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.compass.formulations.dp.DpFormulation;
import org.compass.formulations.graph.PartitionGraph;
import org.compass.formulations.graph.PartitionGraph.Edge;
import org.compass.solver.Cancellation;
import org.compass.solver.CostModel;
import org.compass.solver.Evaluation;
import org.compass.solver.Partition;
import org.compass.solver.Plan;
import org.compass.solver.ProgressListener;
import org.compass.solver.ReplicationChooser;
import org.compass.solver.ReplicationChooser.Option;
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

    /** One partition with one replication option; t and e are its time and energy in integer units. */
    public record Arc(int id, Edge edge, Option option, long t, long e) {
    }

    /**
     * The bi-objective model's data.
     *
     * @param graph the partition graph
     * @param arcs  every (edge, Pareto option) pair; an arc's id is its index
     * @param out   arcs leaving each state
     * @param in    arcs entering each state
     * @param tUnit seconds per time unit
     * @param eUnit joules per energy unit
     * @param proven whether every edge's replication front is complete (not so when a cost model v2
     *               replication search stopped at its budget): without it no front is exact
     */
    public record Model(PartitionGraph graph, List<Arc> arcs, List<List<Arc>> out, List<List<Arc>> in,
                        double tUnit, double eUnit, boolean proven) {

        /**
         * The arcs of a graph, scaled so that no path's integer time or energy exceeds maxPath units and the
         * sum over all arcs stays below maxTotal (both keep solver arithmetic exact).
         */
        public static Model of(PartitionGraph graph, double maxPath, double maxTotal) {
            return of(graph, maxPath, maxTotal, Long.MAX_VALUE, Cancellation.NEVER);
        }

        /**
         * {@link #of(PartitionGraph, double, double)} by {@code deadline} (System.nanoTime(); Long.MAX_VALUE for
         * none) unless {@code cancel} is cancelled first: checked before every edge's Pareto replications (the
         * costly part under cost model v2) and between the building steps.
         *
         * @throws PartitionGraph.StoppedException when the deadline passes or the token is cancelled first
         */
        public static Model of(PartitionGraph graph, double maxPath, double maxTotal, long deadline,
                               Cancellation cancel) {
            CostModel cm = new CostModel(graph.problem());
            List<Edge> edges = graph.edges();
            List<List<Option>> options = new ArrayList<>();
            double totalT = 0;
            double totalE = 0;
            boolean proven = true;
            for (Edge e : edges) {
                check(deadline, cancel, "the Pareto replications of partition " + e.id() + " of " + edges.size());
                List<Option> o = DpFormulation.pareto(ReplicationChooser.options(cm, e.units(), cancel));
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
            List<Arc> arcs = new ArrayList<>();
            List<List<Arc>> out = new ArrayList<>();
            List<List<Arc>> in = new ArrayList<>();
            for (int s = 0; s < graph.stateCount(); s++) {
                out.add(new ArrayList<>());
                in.add(new ArrayList<>());
            }
            for (Edge e : edges) {
                for (Option x : options.get(e.id())) {
                    Arc a = new Arc(arcs.size(), e, x, Math.round(x.cost().seconds() / tUnit),
                            Math.round(x.cost().joules() / eUnit));
                    arcs.add(a);
                    out.get(e.from()).add(a);
                    in.get(e.to()).add(a);
                }
            }
            return new Model(graph, arcs, out, in, tUnit, eUnit, proven);
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

        /** The path in the order of the states, from the arcs chosen (exactly one leaving each visited state). */
        public List<Arc> path(boolean[] chosen) {
            List<Arc> path = new ArrayList<>();
            int at = graph.source();
            while (at != graph.sink()) {
                Arc next = null;
                for (Arc a : out.get(at)) {
                    if (chosen[a.id()]) {
                        next = a;
                    }
                }
                if (next == null) {
                    throw new IllegalStateException("solution breaks flow conservation at state " + at);
                }
                path.add(next);
                at = next.edge().to();
            }
            return path;
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
        /** Solves one stage within the given seconds; the hint is a path meeting both caps, or null. */
        Stage solve(Model model, Goal goal, long tCap, long eCap, List<Arc> hint, double seconds);
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
     */
    public record Front(List<Point> points, boolean exact, int solves, String message) {

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
        List<Point> points = new ArrayList<>();
        boolean exact = model.proven();
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
            Stage first = solver.solve(model, Goal.TIME, Long.MAX_VALUE, eCap, null, left);
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
            Stage second = solver.solve(model, Goal.ENERGY, z, eCap, first.path(), left);
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
        } else if (!exact) {
            message = "some stages stopped without a proof; the front may be incomplete";
        }
        return new Front(nonDominated(points), exact, solves, message);
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
