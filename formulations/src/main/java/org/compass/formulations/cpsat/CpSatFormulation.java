package org.compass.formulations.cpsat;

import com.google.ortools.sat.BoolVar;
import com.google.ortools.sat.CpModel;
import com.google.ortools.sat.CpSolver;
import com.google.ortools.sat.CpSolverSolutionCallback;
import com.google.ortools.sat.CpSolverStatus;
import com.google.ortools.sat.LinearExpr;
import com.google.ortools.sat.LinearExprBuilder;
import java.util.ArrayList;
import java.util.List;
import org.compass.formulations.path.AbstractPathFormulation;
import org.compass.formulations.path.ParetoSweep;
import org.compass.formulations.graph.PartitionGraph;
import org.compass.formulations.graph.PartitionGraph.Edge;
import org.compass.formulations.graph.ResidentArcs;
import org.compass.formulations.ortools.OrTools;
import org.compass.model.InputException;
import org.compass.model.problem.Limits;
import org.compass.model.problem.Objective;
import org.compass.model.problem.Problem;
import org.compass.model.problem.SearchSpace;
import org.compass.solver.Cancellation;
import org.compass.solver.ProgressListener;
import org.compass.solver.SolveRequest;
import org.compass.solver.Status;

/**
 * OR-Tools CP-SAT over the partition graph ({@link PartitionGraph}): a path-flow model.
 *
 * <p>Variables: one boolean x_e per edge e = (D, D'), "partition D' \ D is in the plan" (E booleans).
 * Constraints: flow conservation at every state (one linear equality per state: out - in = 1 at the empty
 * state, -1 at the full one, 0 elsewhere), so the chosen edges form one path. Objective: minimize
 * sum c_e x_e with c_e the edge's cost (seconds, or joules for energy) as an integer multiple of a
 * power-of-ten unit small enough that rounding moves no path sum by more than (path length) / 2 units,
 * far below 1e-9 of the objective. Warm-started with the DP's plan as a hint. Limits: time, workers
 * (threads), seed. OPTIMAL only when CP-SAT proves it; on a time limit FEASIBLE with CP-SAT's bound.
 *
 * <p>EDP (and the Pareto front) uses the bi-objective model of {@link ParetoSweep}: one variable per (edge,
 * Pareto replication option) arc, integer time and energy sums, and the exact epsilon-constraint sweep.
 */
public final class CpSatFormulation extends AbstractPathFormulation {

    /** Largest sum of all integer edge costs: keeps every objective value exact in a double. */
    static final double MAX_TOTAL = 1e15;

    @Override
    public String name() {
        return "cpsat";
    }

    @Override
    public boolean searchesResident() {
        return true;
    }

    @Override
    public boolean honoursLifetimeLimit() {
        return true;
    }

    @Override
    public String description() {
        return "OR-Tools CP-SAT path-flow model over the partition graph (hinted with the DP plan)";
    }

    @Override
    protected PathSolution solvePath(PartitionGraph graph, List<Edge> hint, SolveRequest request) {
        OrTools.ensureLoaded();
        // building the model answers the time limit and Ctrl-C between its steps (the warm start answers then)
        long deadline = deadlineOf(request);
        Cancellation cancel = request.cancellation();
        IntegerCosts costs = IntegerCosts.of(graph, MAX_TOTAL);
        CpModel model = new CpModel();
        checkBuilding(deadline, cancel, "the CP-SAT model's costs");
        BoolVar[] x = build(model, graph, costs, deadline, cancel);
        if (hint != null) {
            addHint(model, x, hint);
        }
        checkBuilding(deadline, cancel, "the CP-SAT model's objective and hint");
        CpSolver solver = new CpSolver();
        solver.getParameters()
                .setMaxTimeInSeconds(request.limits().seconds())
                .setNumWorkers(request.limits().threads())
                .setRandomSeed((int) request.limits().seed())
                .setLogSearchProgress(false);
        CpSolverStatus st = OrTools.solve(solver, model, new Progress(request.progress(), costs.unit()),
                request.cancellation());
        String message = "cp-sat " + st + ", unit " + costs.unit();
        double bound = (solver.bestObjectiveBound() - 0.5 * graph.longestPathEdges()) * costs.unit();
        bound = Double.isFinite(bound) ? Math.max(0, bound) : Double.NaN;
        if (st == CpSolverStatus.UNKNOWN && hint != null) {
            // stopped before CP-SAT even completed the hint: the hint is still a valid plan
            return new PathSolution(Status.FEASIBLE, hint, bound, message + ", returned the warm start");
        }
        if (st != CpSolverStatus.OPTIMAL && st != CpSolverStatus.FEASIBLE) {
            Status s = st == CpSolverStatus.INFEASIBLE ? Status.INFEASIBLE : Status.UNKNOWN;
            return new PathSolution(s, null, Double.NaN, message);
        }
        List<Edge> path = extractPath(graph, solver, x);
        if (st == CpSolverStatus.OPTIMAL) {
            return new PathSolution(Status.OPTIMAL, path, Double.NaN, message);
        }
        // every edge cost was rounded by at most half a unit, hence the slack in the bound above
        return new PathSolution(Status.FEASIBLE, path, bound, message);
    }

    /**
     * The resident-weights model (docs/formulations.md, "Resident weights"). Variables: a boolean x_a per
     * (partition, resident option) arc and the integer reserve R in [0, C]. Constraints: flow conservation per
     * state; R = sum rho_a x_a (the crossbars every resident unit holds for the run); R + s_a x_a &lt;= C for every
     * arc (a chosen partition streams within what the resident units leave; for x_a = 0 it says R &lt;= C).
     * Objective: minimize sum c_a x_a, c_a the arc's seconds (joules for energy) in the power-of-ten unit that keeps
     * the sum of all arc costs &lt;= 1e15.
     */
    @Override
    protected ResidentSolution solveResidentModel(ResidentArcs m, List<ResidentArcs.Arc> hint, SolveRequest request) {
        OrTools.ensureLoaded();
        int n = m.arcs().size();
        double total = 0;
        for (ResidentArcs.Arc a : m.arcs()) {
            total += a.key();
        }
        double unit = total > 0 ? Math.pow(10, Math.ceil(Math.log10(total / MAX_TOTAL))) : 1;
        CpModel model = new CpModel();
        BoolVar[] x = new BoolVar[n];
        long[] cost = new long[n];
        long[] rho = new long[n];
        List<List<ResidentArcs.Arc>> in = new ArrayList<>();
        for (int v = 0; v < m.graph().stateCount(); v++) {
            in.add(new ArrayList<>());
        }
        for (ResidentArcs.Arc a : m.arcs()) {
            x[a.id()] = model.newBoolVar("x_" + a.id());
            cost[a.id()] = Math.round(a.key() / unit);
            rho[a.id()] = a.rho();
            in.get(a.edge().to()).add(a);
        }
        // The chosen partitions form one path from the empty state to the full one.
        for (int v = 0; v < m.graph().stateCount(); v++) {
            if (m.out().get(v).isEmpty() && in.get(v).isEmpty()) {
                continue;
            }
            LinearExprBuilder flow = LinearExpr.newBuilder();
            for (ResidentArcs.Arc a : m.out().get(v)) {
                flow.addTerm(x[a.id()], 1);
            }
            for (ResidentArcs.Arc a : in.get(v)) {
                flow.addTerm(x[a.id()], -1);
            }
            model.addEquality(flow, v == m.graph().source() ? 1 : v == m.graph().sink() ? -1 : 0);
        }
        // The reserve holds every resident unit of the plan.
        com.google.ortools.sat.IntVar reserve = model.newIntVar(0, m.chip(), "reserve");
        model.addEquality(LinearExpr.weightedSum(x, rho), reserve);
        // Each chosen partition streams through the crossbars the reserve leaves.
        for (ResidentArcs.Arc a : m.arcs()) {
            if (a.streamed() > 0) {
                model.addLessOrEqual(LinearExpr.newBuilder().add(reserve).addTerm(x[a.id()], a.streamed()), m.chip());
            }
        }
        model.minimize(LinearExpr.weightedSum(x, cost));
        if (hint != null) {
            boolean[] on = new boolean[n];
            for (ResidentArcs.Arc a : hint) {
                on[a.id()] = true;
            }
            for (int i = 0; i < n; i++) {
                model.addHint(x[i], on[i] ? 1 : 0);
            }
        }
        CpSolver solver = new CpSolver();
        solver.getParameters()
                .setMaxTimeInSeconds(request.limits().seconds())
                .setNumWorkers(request.limits().threads())
                .setRandomSeed((int) request.limits().seed())
                .setLogSearchProgress(false);
        CpSolverStatus st = OrTools.solve(solver, model, null, request.cancellation());
        String message = "cp-sat " + st + ", unit " + unit;
        if (st != CpSolverStatus.OPTIMAL && st != CpSolverStatus.FEASIBLE) {
            return new ResidentSolution(st == CpSolverStatus.INFEASIBLE ? Status.INFEASIBLE : Status.UNKNOWN, null,
                    message);
        }
        List<ResidentArcs.Arc> path = new ArrayList<>();
        int at = m.graph().source();
        while (at != m.graph().sink()) {
            ResidentArcs.Arc next = null;
            for (ResidentArcs.Arc a : m.out().get(at)) {
                if (solver.booleanValue(x[a.id()])) {
                    next = a;
                }
            }
            if (next == null) {
                throw new IllegalStateException("cp-sat solution breaks flow conservation at state " + at);
            }
            path.add(next);
            at = next.edge().to();
        }
        return new ResidentSolution(st == CpSolverStatus.OPTIMAL ? Status.OPTIMAL : Status.FEASIBLE, path, message);
    }

    @Override
    protected ParetoSweep.StageSolver stageSolver(SolveRequest request) {
        OrTools.ensureLoaded();
        return (model, goal, tCap, eCap, hint, forbidden, seconds) -> solveStage(model, goal, tCap, eCap, hint,
                forbidden, seconds, request.limits(), request.cancellation());
    }

    /**
     * One stage of the epsilon-constraint sweep (or a single objective under a lifetime floor): a boolean per
     * (edge, replication option) arc, flow conservation per state, the caps as linear constraints, under a floor
     * the slack sum at least 0 and one no-good per forbidden path, and the goal's integer sum as objective.
     */
    private static ParetoSweep.Stage solveStage(ParetoSweep.Model m, ParetoSweep.Goal goal, long tCap, long eCap,
                                                List<ParetoSweep.Arc> hint, List<List<ParetoSweep.Arc>> forbidden,
                                                double seconds, Limits limits, Cancellation cancel) {
        CpModel model = new CpModel();
        int n = m.arcs().size();
        BoolVar[] x = new BoolVar[n];
        long[] t = new long[n];
        long[] e = new long[n];
        for (ParetoSweep.Arc a : m.arcs()) {
            x[a.id()] = model.newBoolVar("x_" + a.id());
            t[a.id()] = a.t();
            e[a.id()] = a.e();
        }
        for (int v = 0; v < m.graph().stateCount(); v++) {
            if (m.out().get(v).isEmpty() && m.in().get(v).isEmpty()) {
                continue;
            }
            LinearExprBuilder flow = LinearExpr.newBuilder();
            for (ParetoSweep.Arc a : m.out().get(v)) {
                flow.addTerm(x[a.id()], 1);
            }
            for (ParetoSweep.Arc a : m.in().get(v)) {
                flow.addTerm(x[a.id()], -1);
            }
            model.addEquality(flow, v == m.graph().source() ? 1 : v == m.graph().sink() ? -1 : 0);
        }
        if (tCap != Long.MAX_VALUE) {
            model.addLessOrEqual(LinearExpr.weightedSum(x, t), tCap);
        }
        if (eCap != Long.MAX_VALUE) {
            model.addLessOrEqual(LinearExpr.weightedSum(x, e), eCap);
        }
        if (m.floor() != null) {
            // The plan writes no more rows than its time allows: sum (T - k x rows) >= 0.
            long[] slack = new long[n];
            for (ParetoSweep.Arc a : m.arcs()) {
                slack[a.id()] = a.slack();
            }
            model.addGreaterOrEqual(LinearExpr.weightedSum(x, slack), 0);
        }
        // A path found to miss the floor (within rounding of it) is not chosen again.
        for (List<ParetoSweep.Arc> path : forbidden) {
            LinearExprBuilder cut = LinearExpr.newBuilder();
            for (ParetoSweep.Arc a : path) {
                cut.addTerm(x[a.id()], 1);
            }
            model.addLessOrEqual(cut, path.size() - 1);
        }
        model.minimize(LinearExpr.weightedSum(x, goal == ParetoSweep.Goal.TIME ? t : e));
        if (hint != null) {
            boolean[] on = new boolean[n];
            for (ParetoSweep.Arc a : hint) {
                on[a.id()] = true;
            }
            for (int i = 0; i < n; i++) {
                model.addHint(x[i], on[i] ? 1 : 0);
            }
        }
        CpSolver solver = new CpSolver();
        solver.getParameters()
                .setMaxTimeInSeconds(Math.max(1e-3, seconds))
                .setNumWorkers(limits.threads())
                .setRandomSeed((int) limits.seed())
                .setLogSearchProgress(false);
        CpSolverStatus st = OrTools.solve(solver, model, null, cancel);
        if (st == CpSolverStatus.INFEASIBLE) {
            return new ParetoSweep.Stage(Status.INFEASIBLE, null);
        }
        if (st != CpSolverStatus.OPTIMAL && st != CpSolverStatus.FEASIBLE) {
            return new ParetoSweep.Stage(Status.UNKNOWN, null);
        }
        boolean[] chosen = new boolean[n];
        for (int i = 0; i < n; i++) {
            chosen[i] = solver.booleanValue(x[i]);
        }
        return new ParetoSweep.Stage(st == CpSolverStatus.OPTIMAL ? Status.OPTIMAL : Status.FEASIBLE, m.path(chosen));
    }

    /**
     * The model of a problem in a space as a CP-SAT {@code CpModelProto} in protobuf text format (what
     * OR-Tools' {@code solve} / {@code sat_runner --input} reads), without solving it or hinting it.
     *
     * @throws InputException for EDP, which is solved by a sweep of models rather than one
     */
    public static String export(Problem problem, SearchSpace space) {
        if (problem.objective() == Objective.EDP) {
            throw new InputException("cpsat: objective 'edp' is solved by a sweep of models, not one; no model to"
                    + " export");
        }
        OrTools.ensureLoaded();
        PartitionGraph graph = PartitionGraph.build(problem, space);
        CpModel model = new CpModel();
        build(model, graph, IntegerCosts.of(graph, MAX_TOTAL), Long.MAX_VALUE, Cancellation.NEVER);
        return model.model().toString();
    }

    /** The path-flow model: a boolean per edge, flow conservation, the integer edge costs minimized. */
    private static BoolVar[] build(CpModel model, PartitionGraph graph, IntegerCosts costs, long deadline,
                                   Cancellation cancel) {
        BoolVar[] x = createVariables(model, graph);
        checkBuilding(deadline, cancel, "the CP-SAT model's variables");
        addFlowConservation(model, graph, x, deadline, cancel);
        model.minimize(LinearExpr.weightedSum(x, costs.costs()));
        return x;
    }

    /** One boolean per edge, named after its states. */
    private static BoolVar[] createVariables(CpModel model, PartitionGraph graph) {
        BoolVar[] x = new BoolVar[graph.edges().size()];
        for (Edge e : graph.edges()) {
            x[e.id()] = model.newBoolVar("x_" + e.from() + "_" + e.to());
        }
        return x;
    }

    /** The chosen partitions form one path from the empty state to the full one. */
    private static void addFlowConservation(CpModel model, PartitionGraph graph, BoolVar[] x, long deadline,
                                            Cancellation cancel) {
        for (int v = 0; v < graph.stateCount(); v++) {
            if ((v & 1023) == 1023) {
                checkBuilding(deadline, cancel, "the CP-SAT model's flow conservation (state " + v + " of "
                        + graph.stateCount() + ")");
            }
            if (graph.outgoing(v).isEmpty() && graph.incoming(v).isEmpty()) {
                continue;
            }
            LinearExprBuilder flow = LinearExpr.newBuilder();
            for (Edge e : graph.outgoing(v)) {
                flow.addTerm(x[e.id()], 1);
            }
            for (Edge e : graph.incoming(v)) {
                flow.addTerm(x[e.id()], -1);
            }
            long supply = v == graph.source() ? 1 : v == graph.sink() ? -1 : 0;
            model.addEquality(flow, supply);
        }
    }

    private static void addHint(CpModel model, BoolVar[] x, List<Edge> hint) {
        boolean[] on = new boolean[x.length];
        for (Edge e : hint) {
            on[e.id()] = true;
        }
        for (int i = 0; i < x.length; i++) {
            model.addHint(x[i], on[i] ? 1 : 0);
        }
    }

    private static List<Edge> extractPath(PartitionGraph graph, CpSolver solver, BoolVar[] x) {
        List<Edge> path = new ArrayList<>();
        int at = graph.source();
        while (at != graph.sink()) {
            Edge next = null;
            for (Edge e : graph.outgoing(at)) {
                if (solver.booleanValue(x[e.id()])) {
                    next = e;
                }
            }
            if (next == null) {
                throw new IllegalStateException("cp-sat solution breaks flow conservation at state " + at);
            }
            path.add(next);
            at = next.to();
        }
        return path;
    }

    /** Reports incumbents; uses the callback's own objective value (the solver's would crash here). */
    private static final class Progress extends CpSolverSolutionCallback {
        private final ProgressListener listener;
        private final double unit;

        Progress(ProgressListener listener, double unit) {
            this.listener = listener;
            this.unit = unit;
        }

        @Override
        public void onSolutionCallback() {
            listener.report(String.format("cpsat: incumbent %.6g after %.2f s", objectiveValue() * unit, wallTime()));
        }
    }
}
