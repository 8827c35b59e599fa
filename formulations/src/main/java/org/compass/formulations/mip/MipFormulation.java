package org.compass.formulations.mip;

import com.google.ortools.linearsolver.MPConstraint;
import com.google.ortools.linearsolver.MPObjective;
import com.google.ortools.linearsolver.MPSolver;
import com.google.ortools.linearsolver.MPSolverParameters;
import com.google.ortools.linearsolver.MPVariable;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.compass.formulations.graph.LifetimeFloor;
import org.compass.formulations.path.AbstractPathFormulation;
import org.compass.formulations.path.ParetoSweep;
import org.compass.formulations.path.PathFlow;
import org.compass.formulations.graph.PartitionGraph;
import org.compass.formulations.graph.PartitionGraph.Edge;
import org.compass.formulations.graph.ResidentArcs;
import org.compass.formulations.ortools.OrTools;
import org.compass.model.InputException;
import org.compass.model.problem.Objective;
import org.compass.model.problem.Problem;
import org.compass.model.problem.SearchSpace;
import org.compass.solver.control.Cancellation;
import org.compass.solver.Figures;
import org.compass.solver.SolveRequest;
import org.compass.solver.Status;

/**
 * An integer program over the partition graph ({@link PartitionGraph}), solved through OR-Tools' MPSolver
 * with a choice of backend: SCIP (default), CBC or HiGHS, the MIP solvers in the bundled natives.
 *
 * <p>Variables: one binary x_e per edge e = (D, D') ("partition D' \ D is in the plan"), named
 * {@code x_<from>_<to>}. Constraints: flow conservation at every state ({@code flow_<state>}: out - in = 1
 * at the empty state, -1 at the full one, 0 elsewhere). Objective: minimize sum c_e x_e with c_e the edge's
 * cost (seconds, or joules for energy) in a power-of-ten unit that puts the largest coefficient in
 * [1e3, 1e4). The constraint matrix is a network matrix (totally unimodular), so the LP relaxation is
 * already integral and the solvers prove the optimum at the root. Relative MIP gap 0; SCIP presolve is off
 * (it ran minutes on big segment models). E binaries and as many constraints as states.
 *
 * <p>EDP (and the Pareto front) uses the bi-objective model of {@link ParetoSweep}: one variable per (edge,
 * Pareto replication option) arc, integer time and energy sums, and the exact epsilon-constraint sweep.
 *
 * <p>Both models are solver-neutral {@link PathFlow}s, built once; {@link #post} puts one into an
 * {@link MPSolver} and {@link PathFlow#path} reads the chosen path back.
 */
public final class MipFormulation extends AbstractPathFormulation {

    /** The backends offered, as MPSolver names. */
    public static final List<String> BACKENDS = List.of("SCIP", "CBC", "HIGHS");

    /**
     * SCIP installs its own SIGINT handler during a solve, which would swallow Ctrl-C (the solve would stop
     * and the command carry on as if nothing happened); signals are left to the JVM, which cancels the request.
     */
    static final String SCIP_NO_SIGINT = "misc/catchctrlc = FALSE\n";

    /** A model file format that MPSolver writes. */
    public enum ExportFormat {
        /** CPLEX LP text format. */
        LP,
        /** Free MPS. */
        MPS
    }

    @Override
    public String name() {
        return "mip";
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
        return "OR-Tools MPSolver path-flow integer program (backend scip, cbc or highs)";
    }

    @Override
    protected PathSolution solvePath(PartitionGraph graph, List<Edge> hint, SolveRequest request) {
        String backend = backend(request.backend());
        // building the model answers the time limit and Ctrl-C between its steps (the warm start answers then)
        Scaled scaled = Scaled.of(PathFlow.of(graph));
        MPSolver solver = solver(backend, "");
        MPVariable[] x = post(scaled.flow(), solver, deadlineOf(request), request.cancellation());
        try {
            MPSolver.ResultStatus rs = run(solver, x, hint == null ? null : hint.stream().mapToInt(Edge::id).toArray(),
                    request.limits().seconds(), backend, request.limits().threads(), request.cancellation());
            String unit = "unit " + Figures.of(scaled.unit(), graph.problem().objective().minimizedUnit());
            if (rs == null) {
                // the plan is in the native solver but its status is not, so nothing it holds is trusted
                return new PathSolution(Status.UNKNOWN, null, Double.NaN, backend.toLowerCase(Locale.ROOT)
                        + " ended with a status OR-Tools 9.15 cannot map (HiGHS at its time limit), " + unit);
            }
            String message = backend.toLowerCase(Locale.ROOT) + " " + rs + ", " + unit;
            if (rs != MPSolver.ResultStatus.OPTIMAL && rs != MPSolver.ResultStatus.FEASIBLE) {
                Status s = rs == MPSolver.ResultStatus.INFEASIBLE ? Status.INFEASIBLE : Status.UNKNOWN;
                return new PathSolution(s, null, Double.NaN, message);
            }
            List<Edge> path = Arrays.stream(scaled.flow().path(a -> x[a].solutionValue() > 0.5))
                    .mapToObj(graph.edges()::get).toList();
            if (rs == MPSolver.ResultStatus.OPTIMAL) {
                return new PathSolution(Status.OPTIMAL, path, Double.NaN, message);
            }
            double bound = solver.objective().bestBound() * scaled.unit();
            return new PathSolution(Status.FEASIBLE, path, bound, message);
        } finally {
            solver.delete();
        }
    }

    /**
     * Solves a posted model within the seconds given (at least a millisecond), hinted with the arcs given (null:
     * no hint), with a relative MIP gap of 0; null when the back-end ends with a status the Java binding cannot map.
     */
    private static MPSolver.ResultStatus run(MPSolver solver, MPVariable[] x, int[] hint, double seconds,
                                             String backend, int threads, Cancellation cancel) {
        solver.setTimeLimit(Math.max(1, Math.round(seconds * 1000)));
        // CBC answers a thread count with "No match for threads" on the process's standard output (native,
        // past System.out), which corrupts --json - and compare --csv; HiGHS is run single-threaded here
        if (backend.equals("SCIP")) {
            solver.setNumThreads(threads);
        }
        // setHint aborts the JVM inside HiGHS (OR-Tools 9.15)
        if (hint != null && !backend.equals("HIGHS")) {
            double[] values = new double[x.length];
            for (int a : hint) {
                values[a] = 1;
            }
            solver.setHint(x, values);
        }
        MPSolverParameters params = new MPSolverParameters();
        params.setDoubleParam(MPSolverParameters.DoubleParam.RELATIVE_MIP_GAP, 0.0);
        return solve(solver, params, cancel);
    }

    /**
     * {@code solver.solve(params)}, or null when the back-end ends with a status the Java binding cannot map:
     * HiGHS at its time limit ends with 99, and OR-Tools 9.15 throws IllegalArgumentException for it. A
     * cancellation interrupts the solve where the back-end supports it (SCIP); the others run to their limit.
     */
    private static MPSolver.ResultStatus solve(MPSolver solver, MPSolverParameters params, Cancellation cancel) {
        try (Cancellation.Registration r = OrTools.stopOnCancel(cancel, solver::interruptSolve)) {
            return solver.solve(params);
        } catch (IllegalArgumentException e) {
            if (String.valueOf(e.getMessage()).contains("ResultStatus")) {
                return null;
            }
            throw e;
        }
    }

    /**
     * The resident-weights model (docs/formulations.md, "Resident weights"): a binary x_a per (partition, resident
     * option) arc and an integer reserve R in [0, C]; flow conservation per state ({@code flow_<state>}); R = sum
     * rho_a x_a ({@code reserve}); R + s_a x_a &lt;= C per arc ({@code stream_<arc>}); minimize sum c_a x_a with the
     * arcs' seconds (joules for energy) in a power-of-ten unit that puts the largest in [1e3, 1e4). Unlike the plain
     * path model its matrix is not totally unimodular (the reserve couples the arcs), so the back-end branches.
     */
    @Override
    protected ResidentSolution solveResidentModel(ResidentArcs m, List<ResidentArcs.Arc> hint, SolveRequest request) {
        String backend = backend(request.backend());
        OrTools.ensureLoaded();
        MPSolver solver = MPSolver.createSolver(backend);
        if (solver == null) {
            throw new InputException("mip: backend '" + backend.toLowerCase(Locale.ROOT)
                    + "' is not available in the bundled OR-Tools natives; try one of " + backendList());
        }
        try {
            solver.suppressOutput();
            if (backend.equals("SCIP")) {
                solver.setSolverSpecificParametersAsString("presolving/maxrounds = 0\n" + SCIP_NO_SIGINT);
            } else if (backend.equals("HIGHS")) {
                solver.setSolverSpecificParametersAsString("output_flag=false\nlog_to_console=false\n");
            }
            int n = m.arcs().size();
            MPVariable[] x = new MPVariable[n];
            double max = 0;
            List<List<ResidentArcs.Arc>> in = new ArrayList<>();
            for (int v = 0; v < m.graph().stateCount(); v++) {
                in.add(new ArrayList<>());
            }
            for (ResidentArcs.Arc a : m.arcs()) {
                x[a.id()] = solver.makeBoolVar("x_" + a.id());
                max = Math.max(max, a.key());
                in.get(a.edge().to()).add(a);
            }
            // The chosen partitions form one path from the empty state to the full one.
            for (int v = 0; v < m.graph().stateCount(); v++) {
                if (m.out().get(v).isEmpty() && in.get(v).isEmpty()) {
                    continue;
                }
                double supply = v == m.graph().source() ? 1 : v == m.graph().sink() ? -1 : 0;
                MPConstraint c = solver.makeConstraint(supply, supply, "flow_" + v);
                for (ResidentArcs.Arc a : m.out().get(v)) {
                    c.setCoefficient(x[a.id()], 1);
                }
                for (ResidentArcs.Arc a : in.get(v)) {
                    c.setCoefficient(x[a.id()], -1);
                }
            }
            // The reserve holds every resident unit of the plan.
            MPVariable reserve = solver.makeIntVar(0, m.chip(), "reserve_crossbars");
            MPConstraint held = solver.makeConstraint(0, 0, "reserve");
            held.setCoefficient(reserve, -1);
            for (ResidentArcs.Arc a : m.arcs()) {
                if (a.rho() > 0) {
                    held.setCoefficient(x[a.id()], a.rho());
                }
            }
            // Each chosen partition streams through the crossbars the reserve leaves.
            for (ResidentArcs.Arc a : m.arcs()) {
                if (a.streamed() > 0) {
                    MPConstraint c = solver.makeConstraint(Double.NEGATIVE_INFINITY, m.chip(), "stream_" + a.id());
                    c.setCoefficient(reserve, 1);
                    c.setCoefficient(x[a.id()], a.streamed());
                }
            }
            double unit = max > 0 ? Math.pow(10, Math.floor(Math.log10(max)) - 3) : 1;
            MPObjective objective = solver.objective();
            for (ResidentArcs.Arc a : m.arcs()) {
                objective.setCoefficient(x[a.id()], a.key() / unit);
            }
            objective.setMinimization();
            solver.setTimeLimit(Math.max(1, Math.round(request.limits().seconds() * 1000)));
            if (backend.equals("SCIP")) {
                solver.setNumThreads(request.limits().threads());
            }
            if (hint != null && !backend.equals("HIGHS")) {
                double[] values = new double[n];
                for (ResidentArcs.Arc a : hint) {
                    values[a.id()] = 1;
                }
                solver.setHint(x, values);
            }
            MPSolverParameters params = new MPSolverParameters();
            params.setDoubleParam(MPSolverParameters.DoubleParam.RELATIVE_MIP_GAP, 0.0);
            MPSolver.ResultStatus rs = solve(solver, params, request.cancellation());
            String message = backend.toLowerCase(Locale.ROOT) + " " + rs + ", unit " + unit;
            if (rs != MPSolver.ResultStatus.OPTIMAL && rs != MPSolver.ResultStatus.FEASIBLE) {
                return new ResidentSolution(rs == MPSolver.ResultStatus.INFEASIBLE ? Status.INFEASIBLE
                        : Status.UNKNOWN, null, message);
            }
            List<ResidentArcs.Arc> path = new ArrayList<>();
            int at = m.graph().source();
            while (at != m.graph().sink()) {
                ResidentArcs.Arc next = null;
                for (ResidentArcs.Arc a : m.out().get(at)) {
                    if (x[a.id()].solutionValue() > 0.5) {
                        next = a;
                    }
                }
                if (next == null) {
                    throw new IllegalStateException("mip solution breaks flow conservation at state " + at);
                }
                path.add(next);
                at = next.edge().to();
            }
            return new ResidentSolution(rs == MPSolver.ResultStatus.OPTIMAL ? Status.OPTIMAL : Status.FEASIBLE, path,
                    message);
        } finally {
            solver.delete();
        }
    }

    /**
     * Largest integer time or energy of any path in the bi-objective model: with SCIP's feasibility
     * tolerance set to 1e-9 (relative), a cap of c + 1/2 then still tells c from c + 1.
     */
    static final double MAX_PATH = 1e8;

    @Override
    protected ParetoSweep.StageSolver stageSolver(SolveRequest request) {
        String backend = backend(request.backend());
        if (backend.equals("HIGHS")) {
            // measured: HiGHS ends some capped stages with a status the OR-Tools 9.15 Java enum lacks (99)
            throw InputException.field("--backend", "backend", "scip or cbc for the epsilon-constraint sweep"
                    + " (objective edp or the Pareto front) and for a lifetime floor", request.backend());
        }
        OrTools.ensureLoaded();
        return (model, goal, tCap, eCap, hint, forbidden, seconds) -> solveStage(model, goal, tCap, eCap, hint,
                forbidden, seconds, backend, request.limits().threads(), request.cancellation());
    }

    @Override
    protected ParetoSweep.Model modelFor(PartitionGraph graph, LifetimeFloor floor, long deadline, Cancellation cancel) {
        return ParetoSweep.Model.of(graph, MAX_PATH, 1e15, floor, deadline, cancel);
    }

    /**
     * One stage of the epsilon-constraint sweep: the stage's path-flow model ({@link ParetoSweep.Model#stage}: a
     * binary per (edge, replication option) arc, the caps, a lifetime floor, no-goods, the goal's integer sum
     * minimized) posted whole, SCIP's feasibility tolerance 1e-9 (relative) so that the half unit the rows leave
     * tells c from c + 1.
     */
    private static ParetoSweep.Stage solveStage(ParetoSweep.Model m, ParetoSweep.Goal goal, long tCap, long eCap,
                                                List<ParetoSweep.Arc> hint, List<List<ParetoSweep.Arc>> forbidden,
                                                double seconds, String backend, int threads, Cancellation cancel) {
        MPSolver solver = solver(backend, "numerics/feastol = 1e-9\n");
        try {
            MPVariable[] x = post(m.stage(goal, tCap, eCap, forbidden), solver, Long.MAX_VALUE, Cancellation.NEVER);
            MPSolver.ResultStatus rs = run(solver, x, hint == null ? null : ParetoSweep.Model.ids(hint), seconds,
                    backend, threads, cancel);
            if (rs == null) {
                return new ParetoSweep.Stage(Status.UNKNOWN, null);
            }
            if (rs == MPSolver.ResultStatus.INFEASIBLE) {
                return new ParetoSweep.Stage(Status.INFEASIBLE, null);
            }
            if (rs != MPSolver.ResultStatus.OPTIMAL && rs != MPSolver.ResultStatus.FEASIBLE) {
                return new ParetoSweep.Stage(Status.UNKNOWN, null);
            }
            return new ParetoSweep.Stage(rs == MPSolver.ResultStatus.OPTIMAL ? Status.OPTIMAL : Status.FEASIBLE,
                    m.path(a -> x[a].solutionValue() > 0.5));
        } finally {
            solver.delete();
        }
    }

    /**
     * The model of a problem in a space as LP or MPS text, without solving it.
     *
     * @throws InputException for EDP (not a sum) or an unknown backend
     */
    public static String export(Problem problem, SearchSpace space, String backend, ExportFormat format) {
        if (problem.objective() == Objective.EDP) {
            throw new InputException("mip: objective 'edp' is not a sum over partitions; no model to export");
        }
        Scaled scaled = Scaled.of(PathFlow.of(PartitionGraph.build(problem, space)));
        MPSolver solver = solver(backend(backend), "");
        post(scaled.flow(), solver, Long.MAX_VALUE, Cancellation.NEVER);
        try {
            return format == ExportFormat.LP ? solver.exportModelAsLpFormat()
                    : solver.exportModelAsMpsFormat(false, false);
        } finally {
            solver.delete();
        }
    }

    /** A model with real costs in a power-of-ten unit that puts the largest coefficient in [1e3, 1e4). */
    private record Scaled(double unit, PathFlow flow) {

        static Scaled of(PathFlow real) {
            double[] cost = real.realCost();
            double max = 0;
            for (double c : cost) {
                max = Math.max(max, c);
            }
            double unit = max > 0 ? Math.pow(10, Math.floor(Math.log10(max)) - 3) : 1;
            for (int a = 0; a < cost.length; a++) {
                cost[a] /= unit;
            }
            return new Scaled(unit, real.minimizing(cost));
        }
    }

    /**
     * A solver of the backend, quiet, SCIP without presolve (it ran minutes on big segment models) and with
     * {@code scipSettings} more.
     *
     * @throws InputException when the bundled natives lack the backend
     */
    private static MPSolver solver(String backend, String scipSettings) {
        OrTools.ensureLoaded();
        MPSolver solver = MPSolver.createSolver(backend);
        if (solver == null) {
            throw new InputException("mip: backend '" + backend.toLowerCase(Locale.ROOT)
                    + "' is not available in the bundled OR-Tools natives; try one of " + backendList());
        }
        solver.suppressOutput();
        if (backend.equals("SCIP")) {
            solver.setSolverSpecificParametersAsString("presolving/maxrounds = 0\n" + scipSettings + SCIP_NO_SIGINT);
        } else if (backend.equals("HIGHS")) {
            // HiGHS prints its banner on standard output unless told not to, which would corrupt --json -
            solver.setSolverSpecificParametersAsString("output_flag=false\nlog_to_console=false\n");
        }
        return solver;
    }

    /**
     * Posts a path-flow model: a binary per arc, flow conservation ({@code flow_<state>}), the side rows (integer
     * data, each bound relaxed by half a unit against the solver's tolerances), the costs minimized. Built by
     * {@code deadline} (System.nanoTime(); Long.MAX_VALUE for none) unless {@code cancel} is cancelled first,
     * checked between the steps: past it the solver is freed and {@link PartitionGraph.StoppedException} thrown.
     */
    private static MPVariable[] post(PathFlow flow, MPSolver solver, long deadline, Cancellation cancel) {
        try {
            checkBuilding(deadline, cancel, "the MIP model");
            MPVariable[] x = createVariables(solver, flow);
            checkBuilding(deadline, cancel, "the MIP model's variables");
            addFlowConservation(solver, flow, x, deadline, cancel);
            addRows(solver, flow, x);
            setObjective(solver, flow, x);
            checkBuilding(deadline, cancel, "the MIP model's objective");
            return x;
        } catch (PartitionGraph.StoppedException e) {
            solver.delete();
            throw e;
        }
    }

    /** One binary per arc, named by the model. */
    private static MPVariable[] createVariables(MPSolver solver, PathFlow flow) {
        MPVariable[] x = new MPVariable[flow.arcCount()];
        for (int a = 0; a < x.length; a++) {
            x[a] = solver.makeBoolVar(flow.name(a));
        }
        return x;
    }

    /** The chosen arcs form one path from the source to the sink. */
    private static void addFlowConservation(MPSolver solver, PathFlow flow, MPVariable[] x, long deadline,
                                            Cancellation cancel) {
        for (int v = 0; v < flow.stateCount(); v++) {
            if ((v & 1023) == 1023) {
                checkBuilding(deadline, cancel, "the MIP model's flow conservation (state " + v + " of "
                        + flow.stateCount() + ")");
            }
            if (!flow.touches(v)) {
                continue;
            }
            double supply = flow.supply(v);
            MPConstraint c = solver.makeConstraint(supply, supply, "flow_" + v);
            for (int a : flow.out(v)) {
                c.setCoefficient(x[a], 1);
            }
            for (int a : flow.in(v)) {
                c.setCoefficient(x[a], -1);
            }
        }
    }

    /**
     * The side rows: caps, the lifetime floor's rows-written budget, no-goods. Their data are integers, so a bound
     * relaxed by half a unit still tells c from c + 1 under the solver's tolerance.
     */
    private static void addRows(MPSolver solver, PathFlow flow, MPVariable[] x) {
        for (PathFlow.Row r : flow.rows()) {
            MPConstraint c = solver.makeConstraint(r.hasLower() ? r.lower() - 0.5 : Double.NEGATIVE_INFINITY,
                    r.hasUpper() ? r.upper() + 0.5 : Double.POSITIVE_INFINITY, r.name());
            if (r.dense()) {
                long[] coefficients = r.coefficients();
                for (int a = 0; a < x.length; a++) {
                    c.setCoefficient(x[a], coefficients[a]);
                }
            } else {
                for (int a : r.arcs()) {
                    c.setCoefficient(x[a], 1);
                }
            }
        }
    }

    /** Minimize the sum of the chosen arcs' costs. */
    private static void setObjective(MPSolver solver, PathFlow flow, MPVariable[] x) {
        double[] cost = flow.realCost();
        MPObjective objective = solver.objective();
        for (int a = 0; a < x.length; a++) {
            objective.setCoefficient(x[a], cost[a]);
        }
        objective.setMinimization();
    }

    /** The MPSolver name of a backend given on the command line or in a file (null: SCIP). */
    static String backend(String requested) {
        if (requested == null || requested.isBlank()) {
            return "SCIP";
        }
        String b = requested.trim().toUpperCase(Locale.ROOT);
        if (!BACKENDS.contains(b)) {
            throw InputException.field("--backend", "backend", "one of " + backendList() + " for mip", requested);
        }
        return b;
    }

    private static String backendList() {
        return String.join(", ", BACKENDS.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList());
    }
}
