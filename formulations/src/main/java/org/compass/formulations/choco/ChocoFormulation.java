package org.compass.formulations.choco;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.chocosolver.solver.Model;
import org.chocosolver.solver.Solver;
import org.chocosolver.solver.search.strategy.Search;
import org.chocosolver.solver.variables.IntVar;
import org.compass.formulations.path.AbstractPathFormulation;
import org.compass.formulations.path.ParetoSweep;
import org.compass.formulations.graph.PartitionGraph;
import org.compass.formulations.graph.PartitionGraph.Edge;
import org.compass.solver.Figures;
import org.compass.solver.SolveRequest;
import org.compass.solver.Status;
import org.compass.solver.control.TaskFailure;

/**
 * Choco 4.10 with {@code costRegular}: the partition graph as a weighted automaton ({@link PathAutomaton}).
 *
 * <p>Variables: L next-state variables s_1..s_L (L = the most partitions any plan has), s_k the state after
 * the k-th partition, and an integer cost Z. Constraint: costRegular(s, Z, automaton), whose propagator is
 * a shortest/longest path over the layered automaton, so the root bound is already the optimum.
 * Objective: minimize Z.
 *
 * <p>Choco's integers stop at 21,474,836, too coarse for 1e-9 agreement, so costs are rounded to a unit of
 * 1e-7 of the warm start's cost and the exact optimum is recovered in a second pass: every path whose true
 * cost beats the rounded optimum's lies within L units of it (each of at most L edges is off by at most
 * half a unit, on both sides), so all paths with Z &le; Z* + L are enumerated and re-priced exactly.
 * OPTIMAL only when both passes finish; otherwise FEASIBLE with the rounded bound minus L/2 units.
 *
 * <p>Under a lifetime floor the symbols are (partition, replication) arcs and a second costRegular bounds the
 * rows written by the plan's time ({@link ChocoFloorStage}); objective EDP (and so the Pareto front) is not offered.
 *
 * <p>Posting costRegular reads no deadline and takes seconds on large graphs (3 s for ResNet-152's contiguous
 * graph), so the model is built and solved on a worker thread: the deadline is checked between building steps, and
 * a worker still busy {@link #grace} past the deadline (or a cancellation) is abandoned, told to stop at Choco's
 * next check, and the best path it published (or, through the caller, the warm start) is returned without a bound.
 */
public final class ChocoFormulation extends AbstractPathFormulation {

    /** Resolution of the rounded costs relative to the warm start. */
    static final double STEPS = 1e7;
    /** Most paths re-priced by the exact pass before giving up the proof. */
    static final int MAX_NEAR_TIES = 100_000;

    @Override
    public String name() {
        return "choco";
    }

    @Override
    public String description() {
        return "Choco costRegular automaton over the partition graph (hinted with the DP plan)";
    }

    @Override
    public boolean honoursLifetimeLimit() {
        return true;
    }

    /**
     * Under a lifetime floor: the (partition, replication) arcs as an automaton with two costRegular constraints,
     * the objective and the rows-written budget ({@link ChocoFloorStage}).
     */
    @Override
    protected ParetoSweep.StageSolver floorStageSolver(SolveRequest request) {
        // on a worker thread, as solvePath: posting the constraints reads no deadline (ResNet-152: 5,893 arcs)
        return (model, goal, tCap, eCap, hint, forbidden, seconds) -> {
            long deadline = System.nanoTime() + (long) Math.min(seconds * 1e9, Long.MAX_VALUE / 4.0);
            AtomicBoolean abandoned = new AtomicBoolean();
            AtomicReference<List<ParetoSweep.Arc>> incumbent = new AtomicReference<>();
            Waited<ParetoSweep.Stage> w = awaitOrAbandon(() -> ChocoFloorStage.solve(model, goal, tCap, eCap, hint,
                    forbidden, seconds, () -> request.cancelled() || abandoned.get(), incumbent), deadline, seconds,
                    request, abandoned);
            if (w.result() != null) {
                return w.result();
            }
            List<ParetoSweep.Arc> best = incumbent.get();
            return new ParetoSweep.Stage(best == null ? Status.UNKNOWN : Status.FEASIBLE, best);
        };
    }

    /**
     * Solves on a worker thread and waits for it until the deadline plus {@link #grace}, or 0.2 s after a
     * cancellation: posting costRegular is one library call that reads no deadline (3 s for ResNet-152's 209 layers x
     * 3,593 edges, whatever the limit), so past that the best path published so far (none while the model is
     * built) is returned without a bound, and the worker, told to stop, ends at Choco's next check.
     */
    @Override
    protected PathSolution solvePath(PartitionGraph graph, List<Edge> hint, SolveRequest request) {
        double limit = request.limits().seconds();
        long deadline = System.nanoTime() + (long) (limit * 1e9);
        AtomicBoolean abandoned = new AtomicBoolean();
        AtomicReference<List<Edge>> incumbent = new AtomicReference<>();
        Waited<PathSolution> w = awaitOrAbandon(() -> solveModel(graph, hint, request, deadline, abandoned, incumbent),
                deadline, limit, request, abandoned);
        if (w.result() != null) {
            return w.result();
        }
        List<Edge> best = incumbent.get();
        String message = "choco did not answer by the " + w.stoppedBy() + " (posting its costRegular model over "
                + Math.max(1, graph.longestPathEdges()) + " layers x " + graph.edges().size()
                + " edges reads no deadline); abandoned";
        return best == null ? new PathSolution(Status.UNKNOWN, null, Double.NaN, message)
                : new PathSolution(Status.FEASIBLE, best, Double.NaN, message);
    }

    /** What a worker gave: its result, or null and what stopped the wait (the worker was then abandoned). */
    private record Waited<T>(T result, String stoppedBy) {
    }

    /**
     * Runs {@code work} on a daemon worker thread and waits for it until the deadline plus {@link #grace}, or
     * {@link #CANCEL_GRACE_NANOS} after a cancellation; past that {@code abandoned} is set (the worker's stop
     * criterion) and no result is returned.
     */
    private static <T> Waited<T> awaitOrAbandon(java.util.concurrent.Callable<T> work, long deadline, double limit,
                                                SolveRequest request, AtomicBoolean abandoned) {
        FutureTask<T> task = new FutureTask<>(work);
        Thread worker = new Thread(task, "choco-model");
        worker.setDaemon(true);
        worker.start();
        long graceNanos = (long) (grace(limit) * 1e9);
        long cancelledAt = 0;
        try {
            while (true) {
                long now = System.nanoTime();
                if (cancelledAt == 0 && request.cancelled()) {
                    cancelledAt = now;
                }
                long end = cancelledAt != 0 ? Math.min(deadline + graceNanos, cancelledAt + CANCEL_GRACE_NANOS)
                        : deadline + graceNanos;
                if (now - end > 0) {
                    break;
                }
                try {
                    return new Waited<>(task.get(Math.min(20_000_000L, end - now), TimeUnit.NANOSECONDS), "");
                } catch (TimeoutException e) {
                    // poll again: the cancellation may have come meanwhile
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw TaskFailure.cause(e);
        }
        abandoned.set(true);
        return new Waited<>(null, cancelledAt != 0 ? request.cancellation().reason() : "time limit");
    }

    /** How long after a cancellation Choco may answer before it is abandoned (its search stops far sooner). */
    static final long CANCEL_GRACE_NANOS = 200_000_000L;

    /** How long past its deadline Choco may answer before it is abandoned: 0.1 s plus 5% of the limit. */
    static double grace(double limitSeconds) {
        return 0.1 + 0.05 * limitSeconds;
    }

    /**
     * The two passes, on the worker thread; the deadline is checked between building steps, every path found is
     * published to {@code incumbent}, and {@code abandoned} stops the search as a cancellation does.
     */
    private PathSolution solveModel(PartitionGraph graph, List<Edge> hint, SolveRequest request, long deadline,
                                    AtomicBoolean abandoned, AtomicReference<List<Edge>> incumbent) {
        int length = Math.max(1, graph.longestPathEdges());
        String keyUnit = graph.problem().objective().minimizedUnit();
        double reference = hint != null ? cost(hint) : totalCost(graph);
        double unit = reference > 0 ? reference / STEPS : 1;
        long[] costs = new long[graph.edges().size()];
        for (Edge e : graph.edges()) {
            costs[e.id()] = Math.round(e.cost() / unit);
        }
        int zMax = (int) Math.min(org.chocosolver.solver.variables.IntVar.MAX_INT_BOUND,
                Math.round(reference / unit) + 2L * length + 1);

        String late = "choco, " + length + " layers: the time limit passed before ";
        if (System.nanoTime() - deadline > 0) {
            return new PathSolution(Status.UNKNOWN, null, Double.NaN, late + "its model was built");
        }
        // pass 1: the optimum of the rounded costs
        Choco first = model(graph, costs, length, zMax);
        if (System.nanoTime() - deadline > 0 || abandoned.get()) {
            return new PathSolution(Status.UNKNOWN, null, Double.NaN, late + "its search started");
        }
        Solver solver = first.model().getSolver();
        first.model().setObjective(Model.MINIMIZE, first.z());
        if (hint != null) {
            for (int k = 0; k < length; k++) {
                solver.addHint(first.s()[k], k < hint.size() ? hint.get(k).to() : graph.sink());
            }
        }
        solver.limitTime(remainingMillis(deadline));
        solver.addStopCriterion(() -> request.cancelled() || abandoned.get());
        List<Edge> best = null;
        int zBest = -1;
        while (solver.solve()) {
            best = decode(graph, first);
            zBest = first.z().getValue();
            incumbent.set(best);
            request.progress().report("choco: incumbent " + Figures.of(cost(best), keyUnit));
        }
        String message = "choco, " + length + " layers, unit " + Figures.of(unit, keyUnit);
        if (best == null) {
            Status s = solver.isStopCriterionMet() ? Status.UNKNOWN : Status.INFEASIBLE;
            return new PathSolution(s, null, Double.NaN, message);
        }
        if (solver.isStopCriterionMet()) {
            Number lb = first.model().getSolver().getObjectiveManager().getBestLB();
            return new PathSolution(Status.FEASIBLE, best, Math.max(0, (lb.doubleValue() - 0.5 * length) * unit), message);
        }

        // pass 2: every path within the rounding slack, priced exactly
        double pass1Bound = Math.max(0, (zBest - 0.5 * length) * unit);
        if (System.nanoTime() - deadline > 0 || abandoned.get()) {
            return new PathSolution(Status.FEASIBLE, best, pass1Bound, message + ", no time left for the exact pass");
        }
        int slackMax = (int) Math.min(org.chocosolver.solver.variables.IntVar.MAX_INT_BOUND, (long) zBest + length);
        Choco second = model(graph, costs, length, slackMax);
        Solver enumerate = second.model().getSolver();
        enumerate.limitTime(remainingMillis(deadline));
        enumerate.addStopCriterion(() -> request.cancelled() || abandoned.get());
        int seen = 0;
        double bestCost = cost(best);
        while (seen < MAX_NEAR_TIES && enumerate.solve()) {
            seen++;
            List<Edge> p = decode(graph, second);
            double c = cost(p);
            if (c < bestCost) {
                best = p;
                bestCost = c;
                incumbent.set(best);
            }
        }
        message += ", " + seen + " near-optimal paths re-priced";
        if (enumerate.isStopCriterionMet() || seen >= MAX_NEAR_TIES) {
            return new PathSolution(Status.FEASIBLE, best, pass1Bound, message);
        }
        return new PathSolution(Status.OPTIMAL, best, Double.NaN, message);
    }

    private record Choco(Model model, IntVar[] s, IntVar z, PathAutomaton automaton) {
    }

    /** The next-state variables, the cost and the costRegular constraint between them. */
    private static Choco model(PartitionGraph graph, long[] costs, int length, int zMax) {
        Model model = new Model("compass-path");
        TreeSet<Integer> targets = new TreeSet<>();
        for (Edge e : graph.edges()) {
            targets.add(e.to());
        }
        targets.add(graph.sink());
        int[] values = targets.stream().mapToInt(Integer::intValue).toArray();
        IntVar[] s = new IntVar[length];
        for (int k = 0; k < length; k++) {
            s[k] = model.intVar("s_" + (k + 1), values);
        }
        IntVar z = model.intVar("cost", 0, zMax);
        PathAutomaton automaton = new PathAutomaton(graph, costs, zMax);
        model.costRegular(s, z, automaton).post();
        model.getSolver().setSearch(Search.inputOrderLBSearch(s));
        return new Choco(model, s, z, automaton);
    }

    private static List<Edge> decode(PartitionGraph graph, Choco c) {
        List<Edge> path = new ArrayList<>();
        int at = graph.source();
        for (IntVar v : c.s()) {
            Edge e = c.automaton().edge(at, v.getValue());
            if (e == null) {
                break;
            }
            path.add(e);
            at = e.to();
        }
        return path;
    }

    private static double totalCost(PartitionGraph graph) {
        double t = 0;
        for (Edge e : graph.edges()) {
            t += e.cost();
        }
        return t;
    }

    private static long remainingMillis(long deadline) {
        return Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
    }
}
