package org.compass.formulations.cpsat;

import com.google.ortools.sat.BoolVar;
import com.google.ortools.sat.CpModel;
import com.google.ortools.sat.CpSolver;
import com.google.ortools.sat.CpSolverSolutionCallback;
import com.google.ortools.sat.CpSolverStatus;
import com.google.ortools.sat.LinearArgument;
import com.google.ortools.sat.LinearExpr;
import com.google.ortools.sat.LinearExprBuilder;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.compass.formulations.path.AbstractPathFormulation;
import org.compass.formulations.path.ParetoSweep;
import org.compass.formulations.path.PathFlow;
import org.compass.formulations.graph.PartitionGraph;
import org.compass.formulations.graph.PartitionGraph.Edge;
import org.compass.formulations.graph.ResidentArcs;
import org.compass.formulations.ortools.OrTools;
import org.compass.model.InputException;
import org.compass.model.problem.Limits;
import org.compass.model.problem.Objective;
import org.compass.model.problem.Problem;
import org.compass.model.problem.SearchSpace;
import org.compass.solver.control.Cancellation;
import org.compass.solver.Figures;
import org.compass.solver.control.ProgressListener;
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
 *
 * <p>Both models are solver-neutral {@link PathFlow}s, built once; {@link #post} puts one into a {@link CpModel}
 * and {@link PathFlow#path} reads the chosen path back.
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
        IntegerCosts costs = IntegerCosts.of(PathFlow.of(graph), MAX_TOTAL);
        CpModel model = new CpModel();
        checkBuilding(deadline, cancel, "the CP-SAT model's costs");
        BoolVar[] x = post(costs.flow(), model, deadline, cancel);
        if (hint != null) {
            addHint(model, x, hint.stream().mapToInt(Edge::id).toArray());
        }
        checkBuilding(deadline, cancel, "the CP-SAT model's objective and hint");
        CpSolver solver = solver(request.limits().seconds(), request.limits());
        String keyUnit = graph.problem().objective().minimizedUnit();
        CpSolverStatus st = OrTools.solve(solver, model, new Progress(request.progress(), costs.unit(), keyUnit),
                request.cancellation());
        String message = "cp-sat " + st + ", unit " + Figures.of(costs.unit(), keyUnit);
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
        List<Edge> path = Arrays.stream(costs.flow().path(a -> solver.booleanValue(x[a])))
                .mapToObj(graph.edges()::get).toList();
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
     * One stage of the epsilon-constraint sweep (or a single objective under a lifetime floor): the stage's
     * path-flow model ({@link ParetoSweep.Model#stage}: a boolean per (edge, replication option) arc, the caps,
     * under a floor the slack sum at least 0 and one no-good per forbidden path, the goal's integer sum minimized)
     * posted whole, hinted with the given path.
     */
    private static ParetoSweep.Stage solveStage(ParetoSweep.Model m, ParetoSweep.Goal goal, long tCap, long eCap,
                                                List<ParetoSweep.Arc> hint, List<List<ParetoSweep.Arc>> forbidden,
                                                double seconds, Limits limits, Cancellation cancel) {
        CpModel model = new CpModel();
        BoolVar[] x = post(m.stage(goal, tCap, eCap, forbidden), model, Long.MAX_VALUE, Cancellation.NEVER);
        if (hint != null) {
            addHint(model, x, ParetoSweep.Model.ids(hint));
        }
        CpSolver solver = solver(Math.max(1e-3, seconds), limits);
        CpSolverStatus st = OrTools.solve(solver, model, null, cancel);
        if (st == CpSolverStatus.INFEASIBLE) {
            return new ParetoSweep.Stage(Status.INFEASIBLE, null);
        }
        if (st != CpSolverStatus.OPTIMAL && st != CpSolverStatus.FEASIBLE) {
            return new ParetoSweep.Stage(Status.UNKNOWN, null);
        }
        return new ParetoSweep.Stage(st == CpSolverStatus.OPTIMAL ? Status.OPTIMAL : Status.FEASIBLE,
                m.path(a -> solver.booleanValue(x[a])));
    }

    /** A solver with the request's limits and the given seconds, CP-SAT's own log off. */
    private static CpSolver solver(double seconds, Limits limits) {
        CpSolver solver = new CpSolver();
        solver.getParameters()
                .setMaxTimeInSeconds(seconds)
                .setNumWorkers(limits.threads())
                .setRandomSeed((int) limits.seed())
                .setLogSearchProgress(false);
        return solver;
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
        PathFlow flow = IntegerCosts.of(PathFlow.of(PartitionGraph.build(problem, space)), MAX_TOTAL).flow();
        CpModel model = new CpModel();
        post(flow, model, Long.MAX_VALUE, Cancellation.NEVER);
        return model.model().toString();
    }

    /**
     * Integer costs, as CP-SAT needs them: the power-of-ten unit that keeps the sum of all arc costs at most
     * maxTotal (so no path sum can overflow), and the model minimizing each cost rounded to that unit.
     */
    record IntegerCosts(double unit, PathFlow flow) {

        /** The model with its real costs (seconds or joules) in integer units. */
        static IntegerCosts of(PathFlow real, double maxTotal) {
            double[] cost = real.realCost();
            double total = 0;
            for (double c : cost) {
                total += c;
            }
            double unit = total > 0 ? Math.pow(10, Math.ceil(Math.log10(total / maxTotal))) : 1;
            long[] c = new long[cost.length];
            for (int a = 0; a < cost.length; a++) {
                c[a] = Math.round(cost[a] / unit);
            }
            return new IntegerCosts(unit, real.minimizing(c));
        }
    }

    /**
     * Posts a path-flow model with integer costs: a boolean per arc, flow conservation, the side rows, the costs
     * minimized. Building stops at {@code deadline} (System.nanoTime(); Long.MAX_VALUE for none) or on {@code
     * cancel}, checked between the steps ({@link PartitionGraph.StoppedException}).
     */
    private static BoolVar[] post(PathFlow flow, CpModel model, long deadline, Cancellation cancel) {
        BoolVar[] x = createVariables(model, flow);
        checkBuilding(deadline, cancel, "the CP-SAT model's variables");
        addFlowConservation(model, flow, x, deadline, cancel);
        addRows(model, flow, x);
        model.minimize(LinearExpr.weightedSum(x, flow.cost()));
        return x;
    }

    /** One boolean per arc, named by the model. */
    private static BoolVar[] createVariables(CpModel model, PathFlow flow) {
        BoolVar[] x = new BoolVar[flow.arcCount()];
        for (int a = 0; a < x.length; a++) {
            x[a] = model.newBoolVar(flow.name(a));
        }
        return x;
    }

    /** The chosen arcs form one path from the source to the sink. */
    private static void addFlowConservation(CpModel model, PathFlow flow, BoolVar[] x, long deadline,
                                            Cancellation cancel) {
        for (int v = 0; v < flow.stateCount(); v++) {
            if ((v & 1023) == 1023) {
                checkBuilding(deadline, cancel, "the CP-SAT model's flow conservation (state " + v + " of "
                        + flow.stateCount() + ")");
            }
            if (!flow.touches(v)) {
                continue;
            }
            LinearExprBuilder out = LinearExpr.newBuilder();
            for (int a : flow.out(v)) {
                out.addTerm(x[a], 1);
            }
            for (int a : flow.in(v)) {
                out.addTerm(x[a], -1);
            }
            model.addEquality(out, flow.supply(v));
        }
    }

    /** The side rows: caps, the lifetime floor's rows-written budget, no-goods. */
    private static void addRows(CpModel model, PathFlow flow, BoolVar[] x) {
        for (PathFlow.Row r : flow.rows()) {
            LinearArgument sum;
            if (r.dense()) {
                sum = LinearExpr.weightedSum(x, r.coefficients());
            } else {
                LinearExprBuilder b = LinearExpr.newBuilder();
                for (int a : r.arcs()) {
                    b.addTerm(x[a], 1);
                }
                sum = b;
            }
            if (!r.hasLower()) {
                model.addLessOrEqual(sum, r.upper());
            } else if (!r.hasUpper()) {
                model.addGreaterOrEqual(sum, r.lower());
            } else {
                model.addLinearConstraint(sum, r.lower(), r.upper());
            }
        }
    }

    private static void addHint(CpModel model, BoolVar[] x, int[] arcs) {
        boolean[] on = new boolean[x.length];
        for (int a : arcs) {
            on[a] = true;
        }
        for (int i = 0; i < x.length; i++) {
            model.addHint(x[i], on[i] ? 1 : 0);
        }
    }

    /** Reports incumbents; uses the callback's own objective value (the solver's would crash here). */
    private static final class Progress extends CpSolverSolutionCallback {
        private final ProgressListener listener;
        private final double unit;
        private final String keyUnit;

        Progress(ProgressListener listener, double unit, String keyUnit) {
            this.listener = listener;
            this.unit = unit;
            this.keyUnit = keyUnit;
        }

        @Override
        public void onSolutionCallback() {
            listener.report("cpsat: incumbent " + Figures.of(objectiveValue() * unit, keyUnit)
                    + String.format(Locale.ROOT, " after %.2f s", wallTime()));
        }
    }
}
