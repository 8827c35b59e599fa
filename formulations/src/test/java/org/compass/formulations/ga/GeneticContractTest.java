package org.compass.formulations.ga;

import org.compass.formulations.HeuristicContractTest;
import org.compass.solver.Formulation;

/** The genetic algorithm meets the heuristic contract. */
class GeneticContractTest extends HeuristicContractTest {

    @Override
    protected Formulation formulation() {
        return new GeneticFormulation();
    }
}
