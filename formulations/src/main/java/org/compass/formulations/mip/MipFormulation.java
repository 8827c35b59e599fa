package org.compass.formulations.mip;

import com.google.ortools.linearsolver.MPConstraint;
import com.google.ortools.linearsolver.MPObjective;
import com.google.ortools.linearsolver.MPSolver;
import com.google.ortools.linearsolver.MPSolverParameters;
import com.google.ortools.linearsolver.MPVariable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.compass.formulations.graph.LifetimeFloor;
import org.compass.formulations.path.AbstractPathFormulation;
import org.compass.formulations.path.ParetoSweep;
import org.compass.formulations.graph.PartitionGraph;
import org.compass.formulations.graph.PartitionGraph.Edge;
import org.compass.formulations.graph.ResidentArcs;
import org.compass.formulations.ortools.OrTools;
import org.compass.model.InputException;
import org.compass.model.problem.Objective;
import org.compass.model.problem.Problem;
import org.compass.model.problem.SearchSpace;
import org.compass.solver.Cancellation;
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
        Model m = build(graph, backend, deadlineOf(request), request.cancellation());
        MPSolver solver = m.solver();
        try {
            solver.setTimeLimit(Math.max(1, Math.round(request.limits().seconds() * 1000)));
            // CBC answers a thread count with "No match for threads" on the process's standard output (native,
            // past System.out), which corrupts --json - and compare --csv; HiGHS is run single-threaded here
            if (backend.equals("SCIP")) {
                solver.setNumThreads(request.limits().threads());
            }
            // setHint aborts the JVM inside HiGHS (OR-Tools 9.15)
            if (hint != null && !backend.equals("HIGHS")) {
                double[] values = new double[m.x().length];
                for (Edge e : hint) {
                    values[e.id()] = 1;
                }
                solver.setHint(m.x(), values);
            }
            MPSolverParameters params = new MPSolverParameters();
            params.setDoubleParam(MPSolverParameters.DoubleParam.RELATIVE_MIP_GAP, 0.0);
            MPSolver.ResultStatus rs = solve(solver, params, request.cancellation());
            if (rs == null) {
                // the plan is in the native solver but its status is not, so nothing it holds is trusted
                return new PathSolution(Status.UNKNOWN, null, Double.NaN, backend.toLowerCase(Locale.ROOT)
                        + " ended with a status OR-Tools 9.15 cannot map (HiGHS at its time limit), unit " + m.unit());
            }
            String message = backend.toLowerCase(Locale.ROOT) + " " + rs + ", unit " + m.unit();
            if (rs != MPSolver.ResultStatus.OPTIMAL && rs != MPSolver.ResultStatus.FEASIBLE) {
                Status s = rs == MPSolver.ResultStatus.INFEASIBLE ? Status.INFEASIBLE : Status.UNKNOWN;
                return new PathSolution(s, null, Double.NaN, message);
            }
            List<Edge> path = extractPath(graph, m.x());
            if (rs == MPSolver.ResultStatus.OPTIMAL) {
                return new PathSolution(Status.OPTIMAL, path, Double.NaN, message);
            }
            double bound = solver.objective().bestBound() * m.unit();
            return new PathSolution(Status.FEASIBLE, path, bound, message);
        } finally {
            solver.delete();
        }
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
     * One stage of the epsilon-constraint sweep: a binary per (edge, replication option) arc, flow
     * conservation per state, the caps (integer units, relaxed by half a unit against tolerances) and the
     * goal's integer sum as objective.
     */
    private static ParetoSweep.Stage solveStage(ParetoSweep.Model m, ParetoSweep.Goal goal, long tCap, long eCap,
                                                List<ParetoSweep.Arc> hint, List<List<ParetoSweep.Arc>> forbidden,
                                                double seconds, String backend, int threads, Cancellation cancel) {
        MPSolver solver = MPSolver.createSolver(backend);
        if (solver == null) {
            throw new InputException("mip: backend '" + backend.toLowerCase(Locale.ROOT)
                    + "' is not available in the bundled OR-Tools natives; try one of " + backendList());
        }
        try {
            solver.suppressOutput();
            if (backend.equals("SCIP")) {
                solver.setSolverSpecificParametersAsString("presolving/maxrounds = 0\nnumerics/feastol = 1e-9\n"
                        + SCIP_NO_SIGINT);
            } else if (backend.equals("HIGHS")) {
                // HiGHS's tolerances are absolute (1e-7), far below the half unit that the caps leave
                solver.setSolverSpecificParametersAsString("output_flag=false\nlog_to_console=false\n");
            }
            int n = m.arcs().size();
            MPVariable[] x = new MPVariable[n];
            for (ParetoSweep.Arc a : m.arcs()) {
                x[a.id()] = solver.makeBoolVar("x_" + a.id());
            }
            for (int v = 0; v < m.graph().stateCount(); v++) {
                if (m.out().get(v).isEmpty() && m.in().get(v).isEmpty()) {
                    continue;
                }
                double supply = v == m.graph().source() ? 1 : v == m.graph().sink() ? -1 : 0;
                MPConstraint c = solver.makeConstraint(supply, supply, "flow_" + v);
                for (ParetoSweep.Arc a : m.out().get(v)) {
                    c.setCoefficient(x[a.id()], 1);
                }
                for (ParetoSweep.Arc a : m.in().get(v)) {
                    c.setCoefficient(x[a.id()], -1);
                }
            }
            if (tCap != Long.MAX_VALUE) {
                MPConstraint c = solver.makeConstraint(Double.NEGATIVE_INFINITY, tCap + 0.5, "time_cap");
                for (ParetoSweep.Arc a : m.arcs()) {
                    c.setCoefficient(x[a.id()], a.t());
                }
            }
            if (eCap != Long.MAX_VALUE) {
                MPConstraint c = solver.makeConstraint(Double.NEGATIVE_INFINITY, eCap + 0.5, "energy_cap");
                for (ParetoSweep.Arc a : m.arcs()) {
                    c.setCoefficient(x[a.id()], a.e());
                }
            }
            if (m.floor() != null) {
                // The plan writes no more rows than its time allows: sum (T - k x rows) >= 0 (integers, so -1/2
                // tells 0 from -1 under the solver's tolerance).
                MPConstraint c = solver.makeConstraint(-0.5, Double.POSITIVE_INFINITY, "lifetime_floor");
                for (ParetoSweep.Arc a : m.arcs()) {
                    c.setCoefficient(x[a.id()], a.slack());
                }
            }
            // A path found to miss the floor (within rounding of it) is not chosen again.
            for (int i = 0; i < forbidden.size(); i++) {
                MPConstraint c = solver.makeConstraint(Double.NEGATIVE_INFINITY, forbidden.get(i).size() - 0.5,
                        "nogood_" + i);
                for (ParetoSweep.Arc a : forbidden.get(i)) {
                    c.setCoefficient(x[a.id()], 1);
                }
            }
            MPObjective objective = solver.objective();
            for (ParetoSweep.Arc a : m.arcs()) {
                objective.setCoefficient(x[a.id()], goal == ParetoSweep.Goal.TIME ? a.t() : a.e());
            }
            objective.setMinimization();
            solver.setTimeLimit(Math.max(1, Math.round(seconds * 1000)));
            // CBC answers a thread count with noise on standard output, which would corrupt --csv and --json -
            if (backend.equals("SCIP")) {
                solver.setNumThreads(threads);
            }
            if (hint != null && !backend.equals("HIGHS")) {
                double[] values = new double[n];
                for (ParetoSweep.Arc a : hint) {
                    values[a.id()] = 1;
                }
                solver.setHint(x, values);
            }
            MPSolverParameters params = new MPSolverParameters();
            params.setDoubleParam(MPSolverParameters.DoubleParam.RELATIVE_MIP_GAP, 0.0);
            MPSolver.ResultStatus rs = solve(solver, params, cancel);
            if (rs == null) {
                return new ParetoSweep.Stage(Status.UNKNOWN, null);
            }
            if (rs == MPSolver.ResultStatus.INFEASIBLE) {
                return new ParetoSweep.Stage(Status.INFEASIBLE, null);
            }
            if (rs != MPSolver.ResultStatus.OPTIMAL && rs != MPSolver.ResultStatus.FEASIBLE) {
                return new ParetoSweep.Stage(Status.UNKNOWN, null);
            }
            boolean[] chosen = new boolean[n];
            for (int i = 0; i < n; i++) {
                chosen[i] = x[i].solutionValue() > 0.5;
            }
            return new ParetoSweep.Stage(rs == MPSolver.ResultStatus.OPTIMAL ? Status.OPTIMAL : Status.FEASIBLE,
                    m.path(chosen));
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
        Model m = build(PartitionGraph.build(problem, space), backend(backend));
        try {
            return format == ExportFormat.LP ? m.solver().exportModelAsLpFormat()
                    : m.solver().exportModelAsMpsFormat(false, false);
        } finally {
            m.solver().delete();
        }
    }

    private record Model(MPSolver solver, MPVariable[] x, double unit) {
    }

    private static Model build(PartitionGraph graph, String backend) {
        return build(graph, backend, Long.MAX_VALUE, Cancellation.NEVER);
    }

    /**
     * The model, built by {@code deadline} (System.nanoTime()) unless {@code cancel} is cancelled first, checked
     * between the steps: past it the native model is freed and {@link PartitionGraph.StoppedException} thrown.
     */
    private static Model build(PartitionGraph graph, String backend, long deadline, Cancellation cancel) {
        OrTools.ensureLoaded();
        MPSolver solver = MPSolver.createSolver(backend);
        if (solver == null) {
            throw new InputException("mip: backend '" + backend.toLowerCase(Locale.ROOT)
                    + "' is not available in the bundled OR-Tools natives; try one of " + backendList());
        }
        solver.suppressOutput();
        if (backend.equals("SCIP")) {
            solver.setSolverSpecificParametersAsString("presolving/maxrounds = 0\n" + SCIP_NO_SIGINT);
        } else if (backend.equals("HIGHS")) {
            // HiGHS prints its banner on standard output unless told not to, which would corrupt --json -
            solver.setSolverSpecificParametersAsString("output_flag=false\nlog_to_console=false\n");
        }
        try {
            checkBuilding(deadline, cancel, "the MIP model");
            MPVariable[] x = createVariables(solver, graph);
            checkBuilding(deadline, cancel, "the MIP model's variables");
            addFlowConservation(solver, graph, x, deadline, cancel);
            double unit = setObjective(solver, graph, x);
            checkBuilding(deadline, cancel, "the MIP model's objective");
            return new Model(solver, x, unit);
        } catch (PartitionGraph.StoppedException e) {
            solver.delete();
            throw e;
        }
    }

    /** One binary per edge, named after its states (unique: an edge is fixed by its two states). */
    private static MPVariable[] createVariables(MPSolver solver, PartitionGraph graph) {
        MPVariable[] x = new MPVariable[graph.edges().size()];
        for (Edge e : graph.edges()) {
            x[e.id()] = solver.makeBoolVar("x_" + e.from() + "_" + e.to());
        }
        return x;
    }

    /** The chosen partitions form one path from the empty state to the full one. */
    private static void addFlowConservation(MPSolver solver, PartitionGraph graph, MPVariable[] x, long deadline,
                                            Cancellation cancel) {
        for (int v = 0; v < graph.stateCount(); v++) {
            if ((v & 1023) == 1023) {
                checkBuilding(deadline, cancel, "the MIP model's flow conservation (state " + v + " of "
                        + graph.stateCount() + ")");
            }
            if (graph.outgoing(v).isEmpty() && graph.incoming(v).isEmpty()) {
                continue;
            }
            double supply = v == graph.source() ? 1 : v == graph.sink() ? -1 : 0;
            MPConstraint c = solver.makeConstraint(supply, supply, "flow_" + v);
            for (Edge e : graph.outgoing(v)) {
                c.setCoefficient(x[e.id()], 1);
            }
            for (Edge e : graph.incoming(v)) {
                c.setCoefficient(x[e.id()], -1);
            }
        }
    }

    /** Minimize the sum of the chosen edges' costs; returns the unit of the coefficients. */
    private static double setObjective(MPSolver solver, PartitionGraph graph, MPVariable[] x) {
        double max = 0;
        for (Edge e : graph.edges()) {
            max = Math.max(max, e.cost());
        }
        double unit = max > 0 ? Math.pow(10, Math.floor(Math.log10(max)) - 3) : 1;
        MPObjective objective = solver.objective();
        for (Edge e : graph.edges()) {
            objective.setCoefficient(x[e.id()], e.cost() / unit);
        }
        objective.setMinimization();
        return unit;
    }

    private static List<Edge> extractPath(PartitionGraph graph, MPVariable[] x) {
        List<Edge> path = new ArrayList<>();
        int at = graph.source();
        while (at != graph.sink()) {
            Edge next = null;
            for (Edge e : graph.outgoing(at)) {
                if (x[e.id()].solutionValue() > 0.5) {
                    next = e;
                }
            }
            if (next == null) {
                throw new IllegalStateException("mip solution breaks flow conservation at state " + at);
            }
            path.add(next);
            at = next.to();
        }
        return path;
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
