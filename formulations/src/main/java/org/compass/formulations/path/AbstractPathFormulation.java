package org.compass.formulations.path;

import java.util.List;
import java.util.Set;
import org.compass.formulations.dp.DpFormulation;
import org.compass.formulations.graph.LifetimeFloor;
import org.compass.formulations.graph.PartitionGraph;
import org.compass.formulations.graph.PartitionGraph.Edge;
import org.compass.formulations.graph.ResidentArcs;
import org.compass.model.InputException;
import org.compass.model.problem.Objective;
import org.compass.model.problem.Problem;
import org.compass.model.problem.SearchSpace;
import org.compass.solver.control.Cancellation;
import org.compass.solver.Formulation;
import org.compass.solver.plan.Plan;
import org.compass.solver.SolveRequest;
import org.compass.solver.SolveResult;
import org.compass.solver.Status;

/**
 * A solver model over a {@link PartitionGraph}: one decision per edge (partition), chosen so that they form
 * a path from the empty state to the full one. Subclasses state the model; this class builds the graph,
 * solves EDP (not a sum over partitions) by the epsilon-constraint sweep of {@link ParetoSweep} when the
 * subclass offers a bi-objective stage solver (else rejects it), finds the warm-start path (the request's
 * plan, else the DP's contiguous optimum, which is a path in both spaces) and turns the chosen path into a
 * validated result.
 */
public abstract class AbstractPathFormulation implements Formulation {

    /**
     * What a model returned.
     *
     * @param status   OPTIMAL only with a proof
     * @param path     the edges of the best path found, in order, or null
     * @param boundKey a proven lower bound on the sum of edge costs (seconds or joules), or NaN
     * @param message  facts worth reporting (model size, backend)
     */
    public record PathSolution(Status status, List<Edge> path, double boundKey, String message) {
    }

    @Override
    public Set<SearchSpace> spaces() {
        return Set.of(SearchSpace.CONTIGUOUS, SearchSpace.DAG);
    }

    @Override
    public boolean exact() {
        return true;
    }

    @Override
    public final SolveResult solve(SolveRequest request) {
        Problem problem = request.problem();
        if (!honoursLifetimeLimit()) {
            SolveResult refused = Formulation.lifetimeRefusal(this, request);
            if (refused != null) {
                return refused;
            }
        }
        long start = System.nanoTime();
        if (problem.residentAllowed()) {
            return solveResident(request, start);
        }
        if (problem.objective() == Objective.EDP) {
            return solveEdp(request, start);
        }
        if (floorBinds(problem)) {
            return solveWithFloor(request, start);
        }
        PartitionGraph graph;
        try {
            // the graph gets half the time limit: the warm start needs the rest if it stops
            graph = PartitionGraph.build(problem, request.space(), halfway(start, request),
                    request.cancellation());
        } catch (PartitionGraph.TooLargeException e) {
            return SolveResult.withoutPlan(name(), request.space(), Status.UNKNOWN, Double.NaN, seconds(start),
                    "enumeration of the " + request.space().label() + " space stopped: " + e.getMessage());
        } catch (PartitionGraph.StoppedException e) {
            return warmStartOnly(request, start, "enumeration of the " + request.space().label()
                    + " space stopped (" + e.getMessage() + "); the back-end was not started");
        }
        request.progress().report(name() + ": " + request.space().label() + " graph " + graph.size());
        if (graph.outgoing(graph.source()).isEmpty() && graph.sink() != graph.source()) {
            return SolveResult.withoutPlan(name(), request.space(), Status.INFEASIBLE, Double.NaN, seconds(start),
                    "no partition fits on the chip");
        }
        Plan warm = warmPlan(graph, request);
        List<Edge> hint = warm == null ? null : graph.path(warm);
        // the time limit covers the whole solve: building the graph and the hint count against it
        double left = Math.max(1e-3, request.limits().seconds() - seconds(start));
        // interrupted while the graph or the hint was built: the back-end is not started, the hint is the answer
        PathSolution raw;
        try {
            raw = request.cancelled() ? new PathSolution(Status.UNKNOWN, null, Double.NaN, "")
                    : solvePath(graph, hint, request.withLimits(request.limits().withSeconds(left)));
        } catch (PartitionGraph.StoppedException e) {
            // the limit passed (or a Ctrl-C came) while the back-end's model was built: the hint answers
            raw = new PathSolution(Status.UNKNOWN, null, Double.NaN, "model building stopped (" + e.getMessage()
                    + "); the back-end was not started");
        }
        PathSolution s = honest(raw, hint);
        String message = graph.size() + (s.message().isEmpty() ? "" : "; " + s.message())
                + (request.cancelled() && s.status() != Status.OPTIMAL ? "; " + request.cancellation().reason() : "");
        if (s.path() == null) {
            return SolveResult.withoutPlan(name(), request.space(), s.status(),
                    PartitionGraph.objectiveOfKey(problem, s.boundKey()), seconds(start), message);
        }
        Plan plan = graph.plan(s.path());
        double bound = s.status() == Status.OPTIMAL ? Double.NaN : PartitionGraph.objectiveOfKey(problem, s.boundKey());
        double floor = graph.floorKey();
        SolveResult r = SolveResult.withPlan(name(), request.space(), problem, s.status(), plan, bound, seconds(start),
                message).withReplicationFloor(Double.isNaN(floor), PartitionGraph.objectiveOfKey(problem, floor), problem);
        return r.status() == Status.OPTIMAL || warm == null ? r : deeperWarmStart(problem, r, warm);
    }

    /**
     * Cost model v2: the graph prices each edge with its first replication search, which may stop at its node
     * budget, while the DP that gave the warm start searches the ranges of its plan deeper. Mapped onto the graph's
     * edges the warm start loses those replications; where the DP's own plan evaluates better than the result, it is
     * returned, FEASIBLE with the result's bound (a trial's `compare` showed cpsat, mip and choco below the dp's
     * proven optimum: squeezenet1_1 8315 against 8333 inferences/s).
     */
    private SolveResult deeperWarmStart(Problem problem, SolveResult r, Plan warm) {
        SolveResult w = SolveResult.withPlan(name(), r.space(), problem, Status.FEASIBLE, warm, r.bound(), r.seconds(),
                r.message() + "; the warm start (the dp's plan, its replication searched deeper) is better than the"
                        + " graph's, returned it");
        return w.beats(r, problem.objective()) ? w : r;
    }

    /**
     * What a back-end returned for the resident-weights model.
     *
     * @param status  OPTIMAL only with a proof
     * @param path    the arcs of the best path found, in order, or null
     * @param message facts worth reporting (back-end status, unit)
     */
    public record ResidentSolution(Status status, List<ResidentArcs.Arc> path, String message) {
    }

    /**
     * Solves the resident-weights model over the arcs (docs/formulations.md, "Resident weights"); the hint is a
     * valid path or null. Null when this formulation has no such model (the default).
     */
    protected ResidentSolution solveResidentModel(ResidentArcs arcs, List<ResidentArcs.Arc> hint,
                                                  SolveRequest request) {
        return null;
    }

    /**
     * With resident weights ({@code resident: auto}): the subclass's model over the (partition, resident option)
     * arcs of the space's graph ({@link #solveResidentModel}), hinted with the dp's resident optimum. OPTIMAL only
     * with the back-end's proof; otherwise the better of its path and the hint, FEASIBLE.
     */
    private SolveResult solveResident(SolveRequest request, long start) {
        Problem problem = request.problem();
        ResidentArcs.requireSupported(problem, name());
        ResidentArcs arcs;
        try {
            PartitionGraph graph = PartitionGraph.build(problem, request.space(), halfway(start, request),
                    request.cancellation());
            arcs = ResidentArcs.of(graph, halfway(start, request), request.cancellation());
        } catch (PartitionGraph.TooLargeException e) {
            return SolveResult.withoutPlan(name(), request.space(), Status.UNKNOWN, Double.NaN, seconds(start),
                    "enumeration of the " + request.space().label() + " space stopped: " + e.getMessage());
        } catch (PartitionGraph.StoppedException e) {
            return warmStartOnly(request, start, "the resident arcs of the " + request.space().label()
                    + " space stopped (" + e.getMessage() + "); the back-end was not started");
        }
        request.progress().report(name() + ": resident model over " + arcs.size());
        List<ResidentArcs.Arc> hint = null;
        SolveResult dp = new DpFormulation().solve(SolveRequest.of(problem).withSpace(request.space())
                .withLimits(request.limits().withSeconds(request.limits().seconds() / 2))
                .withCancellation(request.cancellation()));
        if (dp.hasPlan()) {
            hint = arcs.path(dp.plan());
        }
        double left = Math.max(1e-3, request.limits().seconds() - seconds(start));
        ResidentSolution s = request.cancelled() ? new ResidentSolution(Status.UNKNOWN, null, "")
                : solveResidentModel(arcs, hint, request.withLimits(request.limits().withSeconds(left)));
        if (s == null) {
            return SolveResult.withoutPlan(name(), request.space(), Status.UNKNOWN, Double.NaN, seconds(start),
                    name() + " does not search resident weights; dp, cpsat and mip do");
        }
        String message = arcs.size() + (s.message().isEmpty() ? "" : "; " + s.message());
        if (s.status() == Status.OPTIMAL && s.path() != null) {
            SolveResult r = SolveResult.withPlan(name(), request.space(), problem, Status.OPTIMAL,
                    ResidentArcs.plan(s.path()), Double.NaN, seconds(start), message);
            // optimal over the options found; over every plan only when the dp's relaxation bound meets it
            return arcs.proven() ? r : unprovenOptions(r, dp, problem);
        }
        List<ResidentArcs.Arc> path = s.path();
        if (hint != null && (path == null || residentCost(hint) < residentCost(path))) {
            message += path == null ? "; no plan from the back-end, returned the warm start"
                    : "; the warm start is better than the back-end's plan, returned it";
            path = hint;
        }
        if (path == null) {
            return SolveResult.withoutPlan(name(), request.space(), s.status() == Status.INFEASIBLE
                    ? Status.INFEASIBLE : Status.UNKNOWN, Double.NaN, seconds(start), message);
        }
        return SolveResult.withPlan(name(), request.space(), problem, Status.FEASIBLE, ResidentArcs.plan(path),
                Double.NaN, seconds(start), message + "; no bound");
    }

    /**
     * A back-end's optimum over arcs some of whose option searches stopped (cost model v2): OPTIMAL only when the
     * dp's bound (the relaxation with the floor arcs, the same arcs) meets it, else FEASIBLE with that bound.
     */
    private SolveResult unprovenOptions(SolveResult r, SolveResult dp, Problem problem) {
        double bound = dp.hasPlan() ? dp.bound() : Double.NaN;
        boolean met = !Double.isNaN(bound) && (problem.objective().maximize() ? bound <= r.objective() * (1 + 1e-12)
                : bound >= r.objective() * (1 - 1e-12));
        if (met) {
            return r;
        }
        return SolveResult.withPlan(name(), r.space(), problem, Status.FEASIBLE, r.plan(), bound, r.seconds(),
                r.message() + "; cost model v2: a resident option search stopped at its node budget; "
                        + (Double.isNaN(bound) ? "no bound" : "the bound is the dp's relaxation with its floor arcs"));
    }

    private static double residentCost(List<ResidentArcs.Arc> path) {
        double c = 0;
        for (ResidentArcs.Arc a : path) {
            c += a.key();
        }
        return c;
    }

    /** Whether a problem's lifetime floor can exclude a plan (it has one that not every plan meets). */
    private static boolean floorBinds(Problem problem) {
        return problem.hasLifetimeLimit() && !LifetimeFloor.alwaysMet(problem);
    }

    /**
     * A single objective under a lifetime floor: one stage of the bi-objective model over every (edge, option)
     * arc not beaten in time, energy and slack, with the floor as the linear constraint sum slack_a x_a &gt;= 0
     * (slack = T - k x rows, rounded up so that no plan meeting the floor is cut off) and each path checked
     * with the cost model's lifetime ({@link ParetoSweep#withFloorChecks}). Hinted with the dp's plan under the
     * floor. OPTIMAL when the stage is proven and the floor is exact over the arcs ({@link
     * ParetoSweep.Model#floorExact}); when the model is infeasible, INFEASIBLE with a proof or UNKNOWN (undecided)
     * naming the longest lifetime of any plan ({@link ParetoSweep.Model#floorFailure}); UNKNOWN when a limit stopped
     * the back-end first.
     */
    private SolveResult solveWithFloor(SolveRequest request, long start) {
        Problem problem = request.problem();
        PartitionGraph graph;
        try {
            graph = PartitionGraph.build(problem, request.space(), halfway(start, request), request.cancellation());
        } catch (PartitionGraph.TooLargeException e) {
            return SolveResult.withoutPlan(name(), request.space(), Status.UNKNOWN, Double.NaN, seconds(start),
                    "enumeration of the " + request.space().label() + " space stopped: " + e.getMessage());
        } catch (PartitionGraph.StoppedException e) {
            return warmStartOnly(request, start, "enumeration of the " + request.space().label()
                    + " space stopped (" + e.getMessage() + "); the back-end was not started");
        }
        LifetimeFloor floor = LifetimeFloor.of(problem);
        ParetoSweep.Model model = modelFor(graph, floor, Long.MAX_VALUE, Cancellation.NEVER);
        ParetoSweep.StageSolver solver = ParetoSweep.withFloorChecks(model, floorStageSolver(request));
        Plan warm = warmPlan(graph, request);
        List<ParetoSweep.Arc> hint = warm == null ? null : model.path(warm);
        if (hint != null && !model.meetsFloor(hint)) {
            hint = null;
        }
        ParetoSweep.Goal goal = problem.objective() == Objective.ENERGY ? ParetoSweep.Goal.ENERGY
                : ParetoSweep.Goal.TIME;
        double left = Math.max(1e-3, request.limits().seconds() - seconds(start));
        ParetoSweep.Stage st = request.cancelled() ? new ParetoSweep.Stage(Status.UNKNOWN, null)
                : solver.solve(model, goal, Long.MAX_VALUE, Long.MAX_VALUE, hint, List.of(), left);
        String size = graph.size() + ", " + model.arcs().size() + " (partition, replication) arcs, lifetime floor as"
                + " a rows-written budget";
        List<ParetoSweep.Arc> path = st.path();
        if (path == null && hint != null) {
            path = hint;
        }
        if (path == null) {
            if (st.status() == Status.INFEASIBLE) {
                LifetimeFloor.Failure f = model.floorFailure();
                return SolveResult.withoutPlan(name(), request.space(), f.status(), Double.NaN, seconds(start),
                        f.message() + "; " + size);
            }
            return SolveResult.withoutPlan(name(), request.space(), Status.UNKNOWN, Double.NaN, seconds(start),
                    size + "; the " + (request.cancelled() ? request.cancellation().reason() : "time limit")
                            + " stopped the back-end before it found a plan meeting the lifetime floor or proved"
                            + " that none does");
        }
        boolean floorExact = model.floorExact();
        boolean proven = st.path() != null && st.status() == Status.OPTIMAL && floorExact && model.proven();
        String why = proven ? "" : st.path() == null ? "; the back-end found no plan, returned the warm start"
                : !floorExact ? "; " + floor.notProvenBest()
                : st.status() != Status.OPTIMAL ? "; stopped without a proof" : "; a replication search was not proven";
        return SolveResult.withPlan(name(), request.space(), problem, proven ? Status.OPTIMAL : Status.FEASIBLE,
                ParetoSweep.Model.plan(path), Double.NaN, seconds(start), size + why);
    }

    /**
     * The graph could not be built in time (or the solve was cancelled): the contiguous DP's plan, a plan of
     * every space, by the rest of the time limit, FEASIBLE and without a bound (the back-end never ran), or
     * UNKNOWN without a plan when the DP has none.
     */
    private SolveResult warmStartOnly(SolveRequest request, long start, String why) {
        Problem problem = request.problem();
        double left = Math.max(1e-3, request.limits().seconds() - seconds(start));
        SolveResult dp = new DpFormulation().solve(SolveRequest.of(problem)
                .withLimits(request.limits().withSeconds(left)).withCancellation(request.cancellation()));
        if (!dp.hasPlan()) {
            return SolveResult.withoutPlan(name(), request.space(), Status.UNKNOWN, Double.NaN, seconds(start),
                    why + "; no warm start either");
        }
        String how = dp.status() == Status.OPTIMAL ? "the warm start (the DP's contiguous optimum)"
                : "the warm start (the DP's contiguous plan: " + dp.message().replaceFirst("; no bound$", "") + ")";
        return SolveResult.withPlan(name(), request.space(), problem, Status.FEASIBLE, dp.plan(), Double.NaN,
                seconds(start), why + "; returned " + how + "; no bound");
    }

    /** The end of a request's time limit counted from now (System.nanoTime()), without overflow. */
    protected static long deadlineOf(SolveRequest request) {
        return System.nanoTime() + (long) Math.min(request.limits().seconds() * 1e9, Long.MAX_VALUE / 4.0);
    }

    /**
     * Between the building steps of a back-end's model: throws {@link PartitionGraph.StoppedException} (which
     * {@link #solve} turns into the warm start, FEASIBLE) when {@code deadline} (System.nanoTime(); Long.MAX_VALUE
     * for none) has passed or the request is cancelled; {@code step} says what was being built.
     */
    protected static void checkBuilding(long deadline, Cancellation cancel, String step) {
        boolean cancelled = cancel.isCancelled();
        if (cancelled || (deadline != Long.MAX_VALUE && System.nanoTime() - deadline > 0)) {
            throw new PartitionGraph.StoppedException((cancelled ? cancel.reason() : "time limit reached")
                    + " while building " + step);
        }
    }

    /** The point halfway through the request's time limit from start (System.nanoTime()). */
    private static long halfway(long start, SolveRequest request) {
        return start + (long) Math.min(request.limits().seconds() * 0.5e9, Long.MAX_VALUE / 4.0);
    }

    /**
     * What a back-end returned, made honest: without a proof the better of its path and the hint is returned
     * (a back-end that stops at its time limit with no plan, as CBC and Choco do, still answers with the hint,
     * FEASIBLE); a negative bound (SCIP's -1.6e-14 at a short limit) is the trivial bound 0, and a bound
     * above the plan's cost is no bound. A back-end's INFEASIBLE against a valid hint is a back-end fault: the hint is returned.
     */
    static PathSolution honest(PathSolution s, List<Edge> hint) {
        double bound = s.boundKey();
        if (Double.isInfinite(bound)) {
            bound = Double.NaN;
        } else if (bound < 0) {
            // every edge cost is positive, so 0 is the trivial bound; below it is solver round-off
            bound = 0;
        }
        if (s.status() == Status.OPTIMAL && s.path() != null) {
            return new PathSolution(s.status(), s.path(), Double.NaN, s.message());
        }
        List<Edge> path = s.path();
        String message = s.message();
        if (hint != null && (path == null || cost(hint) < cost(path))) {
            message += (message.isEmpty() ? "" : "; ") + (path == null ? "no plan from the back-end ("
                    + s.status().name().toLowerCase(java.util.Locale.ROOT) + "), returned the warm start"
                    : "the warm start is better than the back-end's plan, returned it");
            path = hint;
        }
        if (path == null) {
            return new PathSolution(s.status(), null, bound, message);
        }
        if (!Double.isNaN(bound) && bound > cost(path) * (1 + 1e-9)) {
            bound = Double.NaN;
        }
        return new PathSolution(Status.FEASIBLE, path, bound, message);
    }

    /**
     * EDP through the epsilon-constraint sweep: the least E x T point of the (latency, energy) front, each
     * point's plan re-evaluated by the cost model. OPTIMAL only when every stage of the sweep was proven.
     */
    private SolveResult solveEdp(SolveRequest request, long start) {
        Problem problem = request.problem();
        ParetoSweep.Front front;
        try {
            front = paretoFront(request, start);
        } catch (PartitionGraph.TooLargeException e) {
            return SolveResult.withoutPlan(name(), request.space(), Status.UNKNOWN, Double.NaN, seconds(start),
                    "enumeration of the " + request.space().label() + " space stopped: " + e.getMessage());
        }
        String message = "epsilon-constraint sweep: " + front.points().size() + " front points, " + front.solves()
                + " solves" + (front.message().isEmpty() ? "" : "; " + front.message());
        ParetoSweep.Point best = front.leastEdp();
        if (best == null && !front.finished()) {
            // stopped before the first point (the graph was not complete, say): the warm start answers
            return warmStartOnly(request, start, message);
        }
        if (best == null && floorBinds(problem)) {
            // no plan meets the floor: name the longest lifetime (the graph is built again for it)
            LifetimeFloor floor = LifetimeFloor.of(problem);
            ParetoSweep.Model model = modelFor(PartitionGraph.build(problem, request.space()), floor, Long.MAX_VALUE,
                    Cancellation.NEVER);
            LifetimeFloor.Failure f = model.floorFailure();
            return SolveResult.withoutPlan(name(), request.space(), f.status(), Double.NaN, seconds(start),
                    f.message() + "; " + message);
        }
        if (best == null) {
            return SolveResult.withoutPlan(name(), request.space(), Status.INFEASIBLE, Double.NaN, seconds(start),
                    message);
        }
        if (front.exact()) {
            return SolveResult.withPlan(name(), request.space(), problem, Status.OPTIMAL, best.plan(), Double.NaN,
                    seconds(start), message);
        }
        // the part of the front not enumerated is unknown, so no bound on E x T is claimed
        return SolveResult.withPlan(name(), request.space(), problem, Status.FEASIBLE, best.plan(), Double.NaN,
                seconds(start), message + "; no bound on EDP");
    }

    /**
     * The latency-energy Pareto front of the request's space by the epsilon-constraint sweep over this
     * model, within the request's time limit (the graph gets half of it; when it is not built by then, or the
     * request is cancelled first, the front has no point and is not exact).
     *
     * @throws InputException when this formulation has no bi-objective model
     * @throws PartitionGraph.TooLargeException when the space is too large to enumerate
     */
    public ParetoSweep.Front paretoFront(SolveRequest request) {
        return paretoFront(request, System.nanoTime());
    }

    private ParetoSweep.Front paretoFront(SolveRequest request, long start) {
        ParetoSweep.StageSolver solver = stageSolver(request);
        if (solver == null) {
            throw new InputException(name() + ": no bi-objective (latency, energy) model for objective 'edp' or the"
                    + " Pareto front; use formulation dp, cpsat or mip");
        }
        PartitionGraph graph;
        try {
            graph = PartitionGraph.build(request.problem(), request.space(), halfway(start, request),
                    request.cancellation());
        } catch (PartitionGraph.StoppedException e) {
            return new ParetoSweep.Front(List.of(), false, 0, "enumeration of the " + request.space().label()
                    + " space stopped (" + e.getMessage() + "); no front point");
        }
        request.progress().report(name() + ": " + request.space().label() + " graph " + graph.size());
        long deadline = start + (long) Math.min(request.limits().seconds() * 1e9, Long.MAX_VALUE / 4.0);
        ParetoSweep.Model model;
        try {
            model = modelFor(graph, floorBinds(request.problem()) ? LifetimeFloor.of(request.problem()) : null,
                    deadline, request.cancellation());
        } catch (PartitionGraph.StoppedException e) {
            return new ParetoSweep.Front(List.of(), false, 0, "the bi-objective model stopped (" + e.getMessage()
                    + "); no front point");
        }
        return ParetoSweep.sweep(model, solver, deadline, request.progress(), request.cancellation());
    }

    /**
     * The stage solver of a single objective under a lifetime floor (no caps): the bi-objective model's
     * ({@link #stageSolver}) unless a formulation has one of its own.
     */
    protected ParetoSweep.StageSolver floorStageSolver(SolveRequest request) {
        return stageSolver(request);
    }

    /** The stage solver of the bi-objective model, or null when this formulation has none. */
    protected ParetoSweep.StageSolver stageSolver(SolveRequest request) {
        return null;
    }

    /**
     * The bi-objective model's arcs, scaled for this formulation's solver, floor null for none, by
     * {@code deadline} (System.nanoTime()) unless {@code cancel} is cancelled first
     * ({@link PartitionGraph.StoppedException}).
     */
    protected ParetoSweep.Model modelFor(PartitionGraph graph, LifetimeFloor floor, long deadline, Cancellation cancel) {
        return ParetoSweep.Model.of(graph, 1e15, 4e18, floor, deadline, cancel);
    }

    /** Solves the model over the graph; the hint is a valid path or null. */
    protected abstract PathSolution solvePath(PartitionGraph graph, List<Edge> hint, SolveRequest request);

    /**
     * The warm start: the request's plan if it is a path of the graph, else the contiguous DP's plan (under the
     * problem's lifetime floor when it has one), or null.
     */
    static Plan warmPlan(PartitionGraph graph, SolveRequest request) {
        if (request.warmStart() != null && graph.path(request.warmStart()) != null) {
            return request.warmStart();
        }
        // the hint counts against the request's time limit: half of it at most (the DP stops at its deadline)
        SolveResult dp = new DpFormulation().solve(SolveRequest.of(request.problem())
                .withLimits(request.limits().withSeconds(request.limits().seconds() / 2))
                .withCancellation(request.cancellation()));
        return dp.hasPlan() ? dp.plan() : null;
    }

    /** Sum of the edges' costs. */
    protected static double cost(List<Edge> path) {
        double c = 0;
        for (Edge e : path) {
            c += e.cost();
        }
        return c;
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
