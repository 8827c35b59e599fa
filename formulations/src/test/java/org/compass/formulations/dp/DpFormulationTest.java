package org.compass.formulations.dp;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.compass.formulations.FormulationContractTest;
import org.compass.formulations.RandomNetworks;
import org.compass.model.problem.Objective;
import org.compass.model.problem.Problem;
import org.compass.model.problem.SearchSpace;
import org.compass.solver.Formulation;
import org.compass.solver.SolveRequest;
import org.junit.jupiter.api.Test;

class DpFormulationTest extends FormulationContractTest {

    @Override
    protected Formulation formulation() {
        return new DpFormulation();
    }

    @Override
    protected boolean supportsEdp() {
        return true;
    }

    @Test
    void edpInTheDagSpaceIsNeverWorseThanContiguous() {
        for (long seed = 1; seed <= 5; seed++) {
            Problem p = RandomNetworks.problem(seed, 12, Objective.EDP);
            double c = formulation().solve(SolveRequest.of(p)).objective();
            double d = formulation().solve(SolveRequest.of(p).withSpace(SearchSpace.DAG)).objective();
            assertTrue(d <= c * (1 + TOLERANCE), "seed " + seed + ": dag " + d + " > contiguous " + c);
        }
    }
}
