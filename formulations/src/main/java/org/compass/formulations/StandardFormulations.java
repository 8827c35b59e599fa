package org.compass.formulations;

import java.util.List;
import org.compass.formulations.baseline.GreedyFormulation;
import org.compass.formulations.choco.ChocoFormulation;
import org.compass.formulations.cpsat.CpSatFormulation;
import org.compass.formulations.mip.MipFormulation;
import org.compass.formulations.baseline.LayerwiseFormulation;
import org.compass.formulations.dp.DpFormulation;
import org.compass.formulations.ga.GeneticFormulation;
import org.compass.solver.FormulationRegistry;

/** The registry of every formulation this project ships. */
public final class StandardFormulations {

    private StandardFormulations() {
    }

    /** A fresh registry of all formulations, exact ones first, then heuristics and baselines. */
    public static FormulationRegistry registry() {
        return new FormulationRegistry(List.of(
                new DpFormulation(),
                new CpSatFormulation(),
                new MipFormulation(),
                new ChocoFormulation(),
                new GeneticFormulation(),
                new GreedyFormulation(),
                new LayerwiseFormulation()));
    }
}
