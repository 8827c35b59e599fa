package org.compass.formulations.mip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.compass.formulations.FormulationContractTest;
import org.compass.formulations.RandomNetworks;
import org.compass.formulations.dp.DpFormulation;
import org.compass.model.hardware.HardwarePresets;
import org.compass.model.InputException;
import org.compass.model.problem.Limits;
import org.compass.model.problem.Objective;
import org.compass.model.problem.PipelineMode;
import org.compass.model.problem.Problem;
import org.compass.model.problem.ReplicationSet;
import org.compass.model.problem.SearchSpace;
import org.compass.model.zoo.Zoo;
import org.compass.solver.Formulation;
import org.compass.solver.SolveRequest;
import org.compass.solver.SolveResult;
import org.compass.solver.Status;
import org.junit.jupiter.api.Test;

class MipFormulationTest extends FormulationContractTest {

    @Override
    protected Formulation formulation() {
        return new MipFormulation();
    }

    @Override
    protected boolean supportsEdp() {
        return true;
    }

    @Test
    void everyBackendFindsTheDpOptimum() {
        Problem p = RandomNetworks.problem(5, 16, Objective.THROUGHPUT);
        for (SearchSpace space : SearchSpace.values()) {
            double dp = new DpFormulation().solve(SolveRequest.of(p).withSpace(space)).objective();
            for (String backend : MipFormulation.BACKENDS) {
                SolveResult r = formulation().solve(SolveRequest.of(p).withSpace(space).withBackend(backend));
                assertEquals(Status.OPTIMAL, r.status(), backend + ": " + r.message());
                assertClose(dp, r.objective(), backend + " " + space.label());
            }
        }
    }

    /**
     * Issue 16, item 2: at a limit too short to solve, CBC ended UNKNOWN with no plan, HiGHS with a status the
     * Java binding cannot map (an internal error) and SCIP with a bound of -1.6e-14; every back-end now
     * returns a plan (the warm start at least) and a bound that is positive or none.
     */
    @Test
    void everyBackendAtATinyLimitReturnsAPlanAndARealBoundOrNone() {
        Problem p = Problem.of(Zoo.build("resnet152").orElseThrow(),
                HardwarePresets.byName("compass-m").orElseThrow(), 16,
                Objective.THROUGHPUT, PipelineMode.ROW,
                ReplicationSet.DEFAULT);
        for (String backend : MipFormulation.BACKENDS) {
            SolveResult r = formulation().solve(SolveRequest.of(p).withBackend(backend)
                    .withLimits(new Limits(0.01, 2, 1)));
            assertTrue(r.hasPlan(), backend + ": " + r.status() + " " + r.message());
            assertTrue(r.status() == Status.FEASIBLE || r.status() == Status.OPTIMAL, backend + ": " + r.message());
            assertTrue(Double.isNaN(r.bound()) || r.bound() >= r.objective() * (1 - 1e-9), backend + " bound "
                    + r.bound() + " vs " + r.objective());
        }
    }

    @Test
    void rejectsAnUnknownBackendByName() {
        Problem p = RandomNetworks.problem(5, 6, Objective.THROUGHPUT);
        InputException e = assertThrows(InputException.class,
                () -> formulation().solve(SolveRequest.of(p).withBackend("gurobi")));
        assertTrue(e.getMessage().contains("gurobi") && e.getMessage().contains("scip"), e.getMessage());
    }

    @Test
    void exportsTheModelAsLpAndMps() {
        Problem p = RandomNetworks.problem(5, 6, Objective.THROUGHPUT);
        String lp = MipFormulation.export(p, SearchSpace.DAG, null, MipFormulation.ExportFormat.LP);
        String mps = MipFormulation.export(p, SearchSpace.DAG, "cbc", MipFormulation.ExportFormat.MPS);
        assertTrue(lp.contains("flow_0") && lp.contains("x_0_"), lp);
        assertTrue(mps.contains("ROWS") && mps.contains("flow_0"), mps);
    }

    /**
     * Issue 16, leftovers: building the model answers the deadline and the cancellation between its steps; past
     * them the back-end is not started ({@code solve} returns the warm start, FEASIBLE).
     */
    @Test
    void modelBuildingAnswersTheDeadlineAndTheCancellation() {
        Problem p = RandomNetworks.problem(3, 12, Objective.THROUGHPUT);
        org.compass.formulations.graph.PartitionGraph graph = org.compass.formulations.graph.PartitionGraph.build(p,
                SearchSpace.CONTIGUOUS);
        org.compass.solver.control.Cancellation cancel = new org.compass.solver.control.Cancellation();
        cancel.cancel("interrupted (test)");
        var e = assertThrows(org.compass.formulations.graph.PartitionGraph.StoppedException.class,
                () -> new MipFormulation().solvePath(graph, null, SolveRequest.of(p).withCancellation(cancel)));
        assertTrue(e.getMessage().contains("interrupted (test) while building the MIP model"), e.getMessage());
        var late = assertThrows(org.compass.formulations.graph.PartitionGraph.StoppedException.class,
                () -> new MipFormulation().solvePath(graph, null, SolveRequest.of(p).withLimits(new Limits(1e-9, 1, 1))));
        assertTrue(late.getMessage().contains("time limit reached while building the MIP model"), late.getMessage());
    }
}
