package org.compass.formulations.baseline;

import org.compass.formulations.HeuristicContractTest;
import org.compass.solver.Formulation;

/** The paper's greedy baseline meets the heuristic contract. */
class GreedyContractTest extends HeuristicContractTest {

    @Override
    protected Formulation formulation() {
        return new GreedyFormulation();
    }
}
