package org.compass.formulations.choco;

import org.compass.formulations.FormulationContractTest;
import org.compass.solver.Formulation;

class ChocoFormulationTest extends FormulationContractTest {

    @Override
    protected Formulation formulation() {
        return new ChocoFormulation();
    }
}
