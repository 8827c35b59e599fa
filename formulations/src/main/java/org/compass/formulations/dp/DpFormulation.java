package org.compass.formulations.dp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.compass.formulations.graph.LifetimeFloor;
import org.compass.formulations.graph.PartitionGraph;
import org.compass.formulations.graph.ResidentArcs;
import org.compass.model.problem.ResidentMode;
import org.compass.model.mapping.MappedGraph;
import org.compass.model.problem.CostModelVersion;
import org.compass.model.problem.Objective;
import org.compass.model.problem.Problem;
import org.compass.model.problem.SearchSpace;
import org.compass.solver.control.Cancellation;
import org.compass.solver.cost.CostModel;
import org.compass.solver.Formulation;
import org.compass.solver.plan.Partition;
import org.compass.solver.plan.Plan;
import org.compass.solver.cost.RangeScan;
import org.compass.solver.cost.ReplicationChooser;
import org.compass.solver.cost.ReplicationChooser.Option;
import org.compass.solver.SolveRequest;
import org.compass.solver.SolveResult;
import org.compass.solver.Status;

/**
 * Exact dynamic program over contiguous ranges of the units' topological order, or over downsets.
 *
 * <p>best[j] = min over i &lt; j of best[i] + cost([i, j)), where a range's cost is that of its best
 * replication ({@link ReplicationChooser}); ranges stop growing when their unreplicated crossbars exceed
 * the chip. Latency, throughput and energy are sums over partitions and are solved directly. EDP is not a
 * sum: for it the DP keeps, per prefix, the Pareto set of (latency, energy) pairs and every range's
 * Pareto options, which is exact because E x T is increasing in both.
 *
 * <p>In the dag space the same recurrence runs over the downset graph of {@link PartitionGraph}: a
 * shortest path for additive objectives, Pareto labels for EDP; exact, with the graph's size reported. The
 * enumeration (and the EDP labels) get half the time limit; when it passes, or the request is cancelled, first,
 * the contiguous DP's plan (a plan of the dag space too) is returned with the other half, FEASIBLE and without a
 * bound.
 *
 * <p>For additive objectives, ties in the objective are broken by the other quantity (energy for
 * throughput/latency, latency for energy), so of equally fast plans the DP returns the least energy one.
 *
 * <p>Running time O(n * w * (w + c)) for n units, ranges of at most w units and c candidate periods per
 * range (times the Pareto set sizes for EDP). OPTIMAL in the contiguous space when it finishes within the
 * time limit; the deadline (and the request's cancellation) is checked before every range, and when it passes, the optimal plan of the
 * prefix solved so far is completed by packing the remaining units greedily (each partition as many units
 * as fit, at its best replication) and returned FEASIBLE without a bound.
 *
 * <p>A problem with a lifetime floor ({@code min_lifetime_years}) is solved by {@link LifetimeSearch} in either
 * space: labels with the plan's rows written, exact under the conditions stated there; INFEASIBLE (with the longest
 * lifetime any plan reaches) when no plan meets the floor.
 */
public final class DpFormulation implements Formulation {

    @Override
    public String name() {
        return "dp";
    }

    @Override
    public String description() {
        return "exact dynamic program over contiguous ranges (contiguous) or chains of downsets (dag)";
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
    public boolean searchesResident() {
        return true;
    }

    @Override
    public boolean honoursLifetimeLimit() {
        return true;
    }

    /** How a stopped v2 DP ({@link RangeOptions}) says what it returns. */
    private static final String STOPPED = ": the searches stopped with a whole plan";

    @Override
    public SolveResult solve(SolveRequest request) {
        long start = System.nanoTime();
        Problem problem = request.problem();
        long deadline = start + (long) (request.limits().seconds() * 1e9);
        if (problem.residentAllowed()) {
            return solveResident(request, start, deadline);
        }
        if (problem.hasLifetimeLimit() && !LifetimeSearch.alwaysMet(problem)) {
            return solveWithLifetime(request, start, deadline);
        }
        if (request.space() == SearchSpace.DAG) {
            return solveDag(request, start);
        }
        Cancellation cancel = request.cancellation();
        Partial partial = problem.objective() == Objective.EDP
                ? ParetoLabels.solveParetoPlan(problem, deadline, cancel, request.limits().threads())
                : solveAdditive(problem, deadline, cancel, request.limits().threads());
        double seconds = (System.nanoTime() - start) / 1e9;
        if (partial.solvedUnits() == problem.graph().size()) {
            // cost model v2 stops its searches at the limit and keeps a whole plan with its bound
            String stop = partial.proven() ? "" : cancel.isCancelled() ? cancel.reason() + STOPPED
                    : System.nanoTime() - deadline > 0 ? "time limit" + STOPPED : "";
            SolveResult r = SolveResult.withPlan(name(), SearchSpace.CONTIGUOUS, problem, Status.OPTIMAL,
                    partial.plan(), Double.NaN, seconds, "").withReplicationFloor(partial.proven(),
                    PartitionGraph.objectiveOfKey(problem, partial.floorKey()), problem);
            // floors that meet the plan prove it even when the searches were stopped
            return r.status() == Status.OPTIMAL || stop.isEmpty() ? r
                    : SolveResult.withPlan(name(), SearchSpace.CONTIGUOUS, problem, Status.OPTIMAL, partial.plan(),
                    Double.NaN, seconds, stop).withReplicationFloor(partial.proven(),
                    PartitionGraph.objectiveOfKey(problem, partial.floorKey()), problem);
        }
        return SolveResult.withPlan(name(), SearchSpace.CONTIGUOUS, problem, Status.FEASIBLE, partial.plan(),
                Double.NaN, seconds, (cancel.isCancelled() ? cancel.reason() : "time limit")
                        + ": optimal over the first " + partial.solvedUnits() + " of "
                        + problem.graph().size() + " units, the rest packed greedily; no bound");
    }

    /**
     * Under a lifetime floor: {@link LifetimeSearch} over ranges (contiguous) or the downset graph (dag). When
     * the downset enumeration stops at half the time limit (or on a cancellation), the contiguous search runs
     * instead, with the rest of the time: its plan is FEASIBLE in the dag space (never OPTIMAL), and its
     * INFEASIBLE, which covers contiguous plans only, becomes UNKNOWN.
     */
    private SolveResult solveWithLifetime(SolveRequest request, long start, long deadline) {
        Problem problem = request.problem();
        // the floor only removes plans: a proven optimum without it that meets it is the optimum with it (the
        // label search, whose pruning is weakest when the floor hardly binds, is then not needed)
        SolveResult free = solve(SolveRequest.of(problem.withMinLifetime(0)).withSpace(request.space())
                .withLimits(request.limits().withSeconds(request.limits().seconds() / 2))
                .withCancellation(request.cancellation()));
        if (free.status() == Status.OPTIMAL && LifetimeFloor.of(problem).meets(free.evaluation().latencySeconds(),
                free.evaluation().rowsWritten())) {
            return SolveResult.withPlan(name(), request.space(), problem, Status.OPTIMAL, free.plan(), Double.NaN,
                    (System.nanoTime() - start) / 1e9, "the optimum without the lifetime floor meets it");
        }
        LifetimeSearch search;
        String stopped = null;
        if (request.space() == SearchSpace.DAG) {
            PartitionGraph built;
            try {
                built = PartitionGraph.build(problem, SearchSpace.DAG, halfway(start, deadline),
                        request.cancellation());
            } catch (PartitionGraph.TooLargeException e) {
                return SolveResult.withoutPlan(name(), SearchSpace.DAG, Status.UNKNOWN, Double.NaN,
                        (System.nanoTime() - start) / 1e9, "downset enumeration stopped: " + e.getMessage());
            } catch (PartitionGraph.StoppedException e) {
                built = null;
                stopped = "downset enumeration stopped (" + e.getMessage() + "); contiguous plans searched instead";
            }
            PartitionGraph graph = built;
            Cancellation cancel = request.cancellation();
            if (graph == null) {
                search = LifetimeSearch.contiguous(problem, cancel);
            } else {
                LifetimeFloor floor = LifetimeFloor.of(problem);
                search = new LifetimeSearch(problem, graph.stateCount(), graph.source(), graph.sink(),
                        (v, stop) -> graph.outgoing(v).stream().map(e -> LifetimeSearch.Step.of(e.to(), e.units(),
                                floor.options(e.units(), cancel, stop))).toList(), cancel);
            }
        } else {
            search = LifetimeSearch.contiguous(problem, request.cancellation());
        }
        LifetimeSearch.Outcome o = search.solve(deadline);
        if (stopped != null) {
            // the contiguous search proves nothing about the dag space
            Status status = o.plan() == null ? Status.UNKNOWN : Status.FEASIBLE;
            o = new LifetimeSearch.Outcome(status, o.plan(), stopped + (o.message().isEmpty() ? "" : "; "
                    + o.message()) + "; no bound");
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        // the optimum without the floor bounds the optimum with it
        double freeBound = free.plan() == null ? Double.NaN : free.bound();
        if (o.plan() == null && o.status() == Status.UNKNOWN && free.plan() != null
                && LifetimeFloor.of(problem).meets(free.evaluation().latencySeconds(), free.evaluation().rowsWritten())) {
            // stopped: the plan without the floor meets it, and its bound still holds
            return SolveResult.withPlan(name(), request.space(), problem, Status.FEASIBLE, free.plan(), freeBound,
                    seconds, o.message() + "; the plan found without the floor meets it");
        }
        if (o.plan() == null) {
            return SolveResult.withoutPlan(name(), request.space(), o.status(), Double.NaN, seconds, o.message());
        }
        double bound = o.status() != Status.FEASIBLE || Double.isNaN(o.bound()) ? Double.NaN
                : tighter(problem, PartitionGraph.objectiveOfKey(problem, o.bound()), freeBound);
        return SolveResult.withPlan(name(), request.space(), problem, o.status(), o.plan(), bound, seconds,
                o.message());
    }

    /** The tighter of two bounds on the objective (either may be NaN). */
    private static double tighter(Problem problem, double a, double b) {
        if (Double.isNaN(a) || Double.isNaN(b)) {
            return Double.isNaN(a) ? b : a;
        }
        return problem.objective().maximize() ? Math.min(a, b) : Math.max(a, b);
    }

    /**
     * With resident weights ({@code resident: auto}): the two-resource label search of {@link ResidentSearch} over
     * the (partition, resident option) arcs of the space's graph, exact (OPTIMAL). When the graph, the arcs or the
     * labels stop at the deadline or on a cancellation, the optimum without resident weights (a valid plan of the
     * problem: it keeps none) is returned with the rest of the time, FEASIBLE and without a bound.
     */
    private SolveResult solveResident(SolveRequest request, long start, long deadline) {
        Problem problem = request.problem();
        ResidentArcs.requireSupported(problem, name());
        String stopped;
        try {
            PartitionGraph graph = PartitionGraph.build(problem, request.space(), halfway(start, deadline),
                    request.cancellation());
            ResidentArcs arcs = ResidentArcs.of(graph, halfway(start, deadline), request.cancellation());
            request.progress().report("dp: resident search over " + arcs.size());
            List<ResidentArcs.Arc> path = ResidentSearch.solve(arcs, halfway(start, deadline),
                    request.cancellation());
            if (path != null) {
                double seconds = (System.nanoTime() - start) / 1e9;
                if (path.isEmpty() && graph.sink() != graph.source()) {
                    return SolveResult.withoutPlan(name(), request.space(), Status.INFEASIBLE, Double.NaN, seconds,
                            "no plan fits on the chip");
                }
                SolveResult r = SolveResult.withPlan(name(), request.space(), problem, Status.OPTIMAL,
                        ResidentArcs.plan(path), Double.NaN, seconds, "resident search over " + arcs.size());
                return arcs.proven() ? r : residentBound(r, arcs, ResidentSearch.solve(arcs.relaxed(), deadline,
                        request.cancellation()), start);
            }
            stopped = "resident search stopped (" + (request.cancelled() ? request.cancellation().reason()
                    : "time limit reached") + ")";
        } catch (PartitionGraph.TooLargeException e) {
            stopped = "resident search: the " + request.space().label() + " space is too large (" + e.getMessage() + ")";
        } catch (PartitionGraph.StoppedException e) {
            stopped = "resident search stopped (" + e.getMessage() + ")";
        }
        SolveResult plain = solve(request.withProblem(problem.withResident(ResidentMode.NONE))
                .withLimits(request.limits().withSeconds(Math.max(1e-3, (deadline - System.nanoTime()) / 1e9))));
        double seconds = (System.nanoTime() - start) / 1e9;
        if (!plain.hasPlan()) {
            return SolveResult.withoutPlan(name(), request.space(), plain.status() == Status.INFEASIBLE
                    ? Status.INFEASIBLE : Status.UNKNOWN, Double.NaN, seconds, stopped + "; " + plain.message());
        }
        return SolveResult.withPlan(name(), request.space(), problem, Status.FEASIBLE, plain.plan(), Double.NaN,
                seconds, stopped + "; returned the plan without resident weights (" + plain.status().name()
                        .toLowerCase(java.util.Locale.ROOT) + " without them); no bound");
    }

    /**
     * The resident optimum over arcs some of whose option searches stopped at their node budget (cost model v2):
     * OPTIMAL over the options found, and over all plans only when the relaxation with the floor arcs
     * ({@link ResidentArcs#relaxed}) costs as much (up to rounding); otherwise FEASIBLE with that bound, or without a
     * bound when the relaxation was stopped ({@code relaxed} null).
     */
    static SolveResult residentBound(SolveResult found, ResidentArcs arcs, List<ResidentArcs.Arc> relaxed, long start) {
        Problem problem = arcs.graph().problem();
        double key = Double.NaN;
        if (relaxed != null) {
            key = 0;
            for (ResidentArcs.Arc a : relaxed) {
                key += a.key();
            }
        }
        double bound = PartitionGraph.objectiveOfKey(problem, key);
        double objective = found.objective();
        boolean met = !Double.isNaN(bound) && (problem.objective().maximize() ? bound <= objective * (1 + 1e-12)
                : bound >= objective * (1 - 1e-12));
        String why = "cost model v2: a resident option search stopped at its node budget ("
                + String.format(java.util.Locale.ROOT, "%,d", arcs.floors().size()) + " floor arcs); "
                + (met ? "the relaxation with them meets the plan" : Double.isNaN(bound) ? "no bound"
                : "the bound is the relaxation's optimum");
        double seconds = (System.nanoTime() - start) / 1e9;
        return SolveResult.withPlan(found.formulation(), found.space(), problem, met ? Status.OPTIMAL : Status.FEASIBLE,
                found.plan(), met ? Double.NaN : bound, seconds, found.message() + "; " + why);
    }

    /** The point halfway between start and deadline (System.nanoTime()), without overflow. */
    private static long halfway(long start, long deadline) {
        return start + (deadline - start) / 2;
    }

    /**
     * A plan and how much of it the DP proved: its partitions up to unit {@code solvedUnits} are an optimal
     * plan of that prefix; the rest was packed greedily after the deadline (all units when the DP finished).
     */
    record Partial(Plan plan, int solvedUnits, boolean proven, double floorKey) {
    }

    /**
     * The dag space: a shortest path over the downset graph ({@link PartitionGraph#downsets}); for EDP a
     * Pareto (latency, energy) label search over the same graph with every edge's Pareto replications.
     */
    private SolveResult solveDag(SolveRequest request, long start) {
        Problem problem = request.problem();
        long deadline = start + (long) (request.limits().seconds() * 1e9);
        // the graph (and for EDP its labels) gets half the time; the contiguous fallback has the rest
        long half = halfway(start, deadline);
        PartitionGraph graph;
        try {
            graph = PartitionGraph.build(problem, SearchSpace.DAG, half, request.cancellation());
        } catch (PartitionGraph.TooLargeException e) {
            return SolveResult.withoutPlan(name(), SearchSpace.DAG, Status.UNKNOWN, Double.NaN,
                    (System.nanoTime() - start) / 1e9, "downset enumeration stopped: " + e.getMessage());
        } catch (PartitionGraph.StoppedException e) {
            return contiguousFallback(request, start, deadline, "downset enumeration stopped (" + e.getMessage() + ")");
        }
        request.progress().report("dp: downset graph " + graph.size());
        Plan plan;
        // the graph's floor is a time or energy key; for EDP the relaxed labels' bound, already in J s
        double floor;
        boolean all;
        if (problem.objective() == Objective.EDP) {
            DagParetoPath.Result edp = DagParetoPath.plan(graph, half, request.cancellation());
            if (edp == null) {
                return contiguousFallback(request, start, deadline, "Pareto labels over the downset graph ("
                        + graph.size() + ") stopped (" + (request.cancelled() ? request.cancellation().reason()
                        : "time limit reached") + ")");
            }
            plan = edp.plan();
            floor = edp.bound();
            all = edp.proven();
        } else {
            plan = graph.plan(graph.shortestPath());
            floor = PartitionGraph.objectiveOfKey(problem, graph.floorKey());
            all = Double.isNaN(floor);
        }
        SolveResult r = SolveResult.withPlan(name(), SearchSpace.DAG, problem, Status.OPTIMAL, plan, Double.NaN,
                (System.nanoTime() - start) / 1e9, graph.size()).withReplicationFloor(all, floor, problem);
        return r.status() == Status.OPTIMAL ? r : withContiguousCandidate(request, r, deadline);
    }

    /**
     * Cost model v2, a dag-space result not proved because the graph's first replication searches stopped: the
     * contiguous DP, which searches the ranges of its plan deeper, may find a better plan, one of the dag space too
     * (a trial's `compare` showed dp's dag plan of squeezenet1_1 at 8315 inferences/s below the contiguous optimum,
     * 8333). Returned, FEASIBLE with the dag result's bound, where it evaluates better; else the dag result.
     */
    private SolveResult withContiguousCandidate(SolveRequest request, SolveResult dag, long deadline) {
        long t0 = System.nanoTime();
        Problem problem = request.problem();
        Partial contiguous = problem.objective() == Objective.EDP
                ? ParetoLabels.solveParetoPlan(problem, deadline, request.cancellation(), request.limits().threads())
                : solveAdditive(problem, deadline, request.cancellation(), request.limits().threads());
        double seconds = dag.seconds() + (System.nanoTime() - t0) / 1e9;
        SolveResult c = SolveResult.withPlan(name(), SearchSpace.DAG, problem, Status.FEASIBLE, contiguous.plan(),
                dag.bound(), seconds, dag.message() + "; the contiguous DP's plan (its replication searched"
                        + " deeper) is better than the graph's, returned it");
        return c.beats(dag, problem.objective()) ? c : new SolveResult(dag.formulation(), dag.space(), dag.status(), dag.plan(), dag.evaluation(),
                dag.objective(), dag.bound(), dag.gap(), seconds, dag.message());
    }

    /**
     * The dag space could not be searched in time: the contiguous DP's plan (a plan of the dag space too) by
     * {@code deadline}, FEASIBLE and without a bound whatever the contiguous DP proved.
     */
    private SolveResult contiguousFallback(SolveRequest request, long start, long deadline, String why) {
        Problem problem = request.problem();
        Cancellation cancel = request.cancellation();
        Partial partial = problem.objective() == Objective.EDP
                ? ParetoLabels.solveParetoPlan(problem, deadline, cancel, request.limits().threads())
                : solveAdditive(problem, deadline, cancel, request.limits().threads());
        String how = partial.solvedUnits() == problem.graph().size() ? "the contiguous DP's optimum"
                : "the contiguous DP's plan (optimal over the first " + partial.solvedUnits() + " of "
                + problem.graph().size() + " units, the rest packed greedily)";
        return SolveResult.withPlan(name(), SearchSpace.DAG, problem, Status.FEASIBLE, partial.plan(), Double.NaN,
                (System.nanoTime() - start) / 1e9, why + "; returned " + how + "; no bound");
    }

    /** The optimal plan for latency, throughput or energy. */
    static Plan solveAdditive(Problem problem) {
        return solveAdditive(problem, Long.MAX_VALUE, Cancellation.NEVER).plan();
    }

    /**
     * The optimal plan for latency, throughput or energy, or after {@code deadline} (System.nanoTime) or a
     * cancellation the optimal plan of the prefix whose ranges were all tried, completed greedily.
     */
    static Partial solveAdditive(Problem problem, long deadline, Cancellation cancel) {
        return solveAdditive(problem, deadline, cancel, 1);
    }

    /** {@link #solveAdditive(Problem, long, Cancellation)} with cost model v2's range searches on {@code threads}. */
    static Partial solveAdditive(Problem problem, long deadline, Cancellation cancel, int threads) {
        return solveAdditive(problem, deadline, cancel, true, threads);
    }

    /**
     * {@link #solveAdditive(Problem, long, Cancellation)}; {@code scanRanges} false prices every range by
     * {@link ReplicationChooser} as before the range scan (the reference the scan is tested against).
     */
    static Partial solveAdditive(Problem problem, long deadline, Cancellation cancel, boolean scanRanges) {
        return solveAdditive(problem, deadline, cancel, scanRanges, 1);
    }

    private static Partial solveAdditive(Problem problem, long deadline, Cancellation cancel, boolean scanRanges,
                                         int threads) {
        CostModel cm = new CostModel(problem);
        MappedGraph g = problem.graph();
        long chip = problem.hardware().crossbars();
        int n = g.size();
        double[] best = new double[n + 1];
        double[] second = new double[n + 1];
        int[] from = new int[n + 1];
        Option[] choice = new Option[n + 1];
        // cost model v1: ranges [i, j) priced as j grows (RangeScan), their replication spelled only for the plan
        RangeScan scan = scanRanges && RangeScan.applies(cm) ? new RangeScan(cm) : null;
        long[] period = scan == null ? null : new long[n + 1];
        if (scan == null && problem.costModel() == CostModelVersion.V2) {
            // cost model v2: only the ranges that can decide the answer are priced and searched (RangeOptions); the
            // loop below runs only when flooring every range (RangeFloorScan) did not finish in time
            RangeOptions.Solution lazy = RangeOptions.solveLazily(problem, cm, deadline, cancel, threads);
            if (lazy != null) {
                return new Partial(new Plan(lazy.partitions()), n, lazy.proven(), lazy.floorKey());
            }
        }
        Arrays.fill(best, Double.POSITIVE_INFINITY);
        best[0] = 0;
        // the same recurrence over the options' floors: a bound on every plan when a replication search stopped
        double[] floor = new double[n + 1];
        Arrays.fill(floor, Double.POSITIVE_INFINITY);
        floor[0] = 0;
        boolean proven = true;
        for (int i = 0; i < n; i++) {
            if (best[i] == Double.POSITIVE_INFINITY) {
                continue;
            }
            if (System.nanoTime() - deadline > 0 || cancel.isCancelled()) {
                // best[i] is final: every range ending at i has been tried
                return new Partial(withGreedyRest(problem, cm, prefix(from, choice, period, scan, i), i), i, proven,
                        Double.NaN);
            }
            long crossbars = 0;
            if (scan != null) {
                scan.start(i);
            }
            for (int j = i + 1; j <= n; j++) {
                crossbars += g.unit(j - 1).crossbars();
                if (crossbars > chip) {
                    break;
                }
                if (scan != null) {
                    scan.extend();
                    RangeScan.Choice c = scan.best(problem.objective());
                    if (c == null) {
                        break;
                    }
                    // v1 options are proven: the floor is the key itself
                    double key = PartitionGraph.key(c.cost(), problem.objective());
                    floor[j] = Math.min(floor[j], floor[i] + key);
                    double v = best[i] + key;
                    double v2 = second[i] + PartitionGraph.tieBreak(c.cost(), problem.objective());
                    if (v < best[j] || (v == best[j] && v2 < second[j])) {
                        best[j] = v;
                        second[j] = v2;
                        from[j] = i;
                        period[j] = c.period();
                    }
                    continue;
                }
                Option o = ReplicationChooser.best(cm, range(i, j), problem.objective(), cancel);
                if (cancel.isCancelled()) {
                    // the search may have stopped short; best[i] is still final (every range ending at i was tried)
                    return new Partial(withGreedyRest(problem, cm, prefix(from, choice, period, scan, i), i), i,
                            proven, Double.NaN);
                }
                if (o == null) {
                    break;
                }
                proven &= o.proven();
                floor[j] = Math.min(floor[j], floor[i] + PartitionGraph.floorKey(o, problem.objective()));
                double v = best[i] + PartitionGraph.key(o.cost(), problem.objective());
                double v2 = second[i] + PartitionGraph.tieBreak(o.cost(), problem.objective());
                // equal totals are common (I/O hidden under compute): prefer less energy (or time)
                if (v < best[j] || (v == best[j] && v2 < second[j])) {
                    best[j] = v;
                    second[j] = v2;
                    from[j] = i;
                    choice[j] = o;
                }
            }
        }
        return new Partial(new Plan(prefix(from, choice, period, scan, n)), n, proven, floor[n]);
    }

    /**
     * The partitions of the optimal plan of units [0, end) that the DP's back-pointers spell; with a scan, each
     * range's replication is spelled from its chosen period.
     */
    private static List<Partition> prefix(int[] from, Option[] choice, long[] period, RangeScan scan, int end) {
        List<Partition> parts = new ArrayList<>();
        for (int j = end; j > 0; j = from[j]) {
            int[] rep = scan != null ? scan.replication(from[j], j, period[j]) : choice[j].replication();
            parts.add(Partition.of(range(from[j], j), rep));
        }
        java.util.Collections.reverse(parts);
        return parts;
    }

    /**
     * The given partitions of units [0, start) followed by the rest packed greedily: each partition takes as
     * many of the next units as fit on the chip unreplicated, at the period rule's best replication
     * ({@link ReplicationChooser#fitting}: the objective's best under v1; under v2 a fitting vector without the
     * replication search or its bound, which for 35,000 partitions after a time limit overran {@code -t} by
     * seconds). Linear
     * in the number of units (every unit fits on the chip alone, the mapping splits larger layers).
     */
    static Plan withGreedyRest(Problem problem, CostModel cm, List<Partition> parts, int start) {
        MappedGraph g = problem.graph();
        long chip = problem.hardware().crossbars();
        List<Partition> all = new ArrayList<>(parts);
        int i = start;
        while (i < g.size()) {
            long crossbars = g.unit(i).crossbars();
            int j = i + 1;
            while (j < g.size() && crossbars + g.unit(j).crossbars() <= chip) {
                crossbars += g.unit(j).crossbars();
                j++;
            }
            Option o = ReplicationChooser.fitting(cm, range(i, j), problem.objective());
            if (o == null) {
                throw new IllegalStateException("units " + i + ".." + (j - 1) + " fit unreplicated but have no option");
            }
            all.add(Partition.of(range(i, j), o.replication()));
            i = j;
        }
        return new Plan(all);
    }

    /**
     * The latency-energy Pareto front of the contiguous plans that meet the problem's lifetime floor, by the
     * lifetime search's labels in time, energy and slack ({@link LifetimeSearch}), by increasing latency; empty
     * when no plan meets the floor, null past the deadline (System.nanoTime()). Exact when the floor search is
     * ({@link org.compass.formulations.graph.LifetimeFloor#exactOver}).
     */
    public static List<Plan> paretoFrontUnderFloor(Problem problem, long deadline) {
        return LifetimeSearch.contiguous(problem.withObjective(Objective.EDP)).front(deadline);
    }

    /**
     * For a heuristic that found no contiguous plan meeting the problem's lifetime floor: INFEASIBLE with the proof's
     * message when no contiguous plan of any replication meets it, UNKNOWN with the reason when undecided, or null
     * when some contiguous plan is known to meet it ({@link LifetimeSearch#failureIfNoneMeets}).
     */
    public static SolveResult floorFailure(String formulation, Problem problem, double seconds) {
        LifetimeSearch.Outcome o = LifetimeSearch.contiguous(problem).failureIfNoneMeets();
        return o == null ? null : SolveResult.withoutPlan(formulation, SearchSpace.CONTIGUOUS, o.status(), Double.NaN,
                seconds, o.message());
    }

    /**
     * Whether the contiguous search under the problem's lifetime floor is exact: no option can gain slack by more
     * replication than its period needs ({@link org.compass.formulations.graph.LifetimeFloor#exactOver}).
     */
    public static boolean floorSearchExact(Problem problem) {
        return LifetimeSearch.contiguous(problem).exact();
    }

    /**
     * The longest lifetime in continuous operation of any contiguous plan of the least replication for its period
     * (the options every floor search uses): endurance x chip rows x the largest T / rows, by Dinkelbach's method
     * ({@link org.compass.formulations.graph.LifetimeFloor#longestRatio}); infinite for cells that do not wear.
     */
    public static double longestLifetimeSeconds(Problem problem) {
        if (Double.isInfinite(problem.hardware().enduranceCycles())) {
            return Double.POSITIVE_INFINITY;
        }
        if (problem.costModel() == CostModelVersion.V2) {
            return FloorLagrangian.longestLifetimeV2(problem);
        }
        double ratio = LifetimeSearch.contiguous(problem.withMinLifetime(1)).longestRatio();
        return problem.hardware().enduranceCycles() * problem.hardware().chipRows() * ratio;
    }

    /** Whether the range [i, j) fits on the chip without replication. */
    static boolean fits(Problem problem, int i, int j) {
        MappedGraph g = problem.graph();
        long crossbars = 0;
        for (int u = i; u < j; u++) {
            crossbars += g.unit(u).crossbars();
        }
        return crossbars <= problem.hardware().crossbars();
    }

    static int[] range(int from, int to) {
        int[] r = new int[to - from];
        for (int i = from; i < to; i++) {
            r[i - from] = i;
        }
        return r;
    }
}
