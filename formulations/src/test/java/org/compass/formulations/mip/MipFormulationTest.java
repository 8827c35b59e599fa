package org.compass.formulations.mip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.compass.formulations.FormulationContractTest;
import org.compass.formulations.RandomNetworks;
import org.compass.formulations.dp.DpFormulation;
import org.compass.model.problem.InputException;
import org.compass.model.problem.Objective;
import org.compass.model.problem.Problem;
import org.compass.model.problem.SearchSpace;
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
}
