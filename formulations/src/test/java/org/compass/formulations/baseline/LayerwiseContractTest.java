package org.compass.formulations.baseline;

import org.compass.formulations.HeuristicContractTest;
import org.compass.solver.Formulation;

/** The paper's layerwise baseline meets the heuristic contract. */
class LayerwiseContractTest extends HeuristicContractTest {

    @Override
    protected Formulation formulation() {
        return new LayerwiseFormulation();
    }
}
