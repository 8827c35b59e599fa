package org.compass.formulations.cpsat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.compass.formulations.FormulationContractTest;
import org.compass.formulations.RandomNetworks;
import org.compass.model.problem.Limits;
import org.compass.model.problem.Objective;
import org.compass.model.problem.Problem;
import org.compass.model.problem.SearchSpace;
import org.compass.solver.Cancellation;
import org.compass.solver.Formulation;
import org.compass.solver.SolveRequest;
import org.compass.solver.SolveResult;
import org.compass.solver.Status;
import org.junit.jupiter.api.Test;

class CpSatFormulationTest extends FormulationContractTest {

    @Override
    protected Formulation formulation() {
        return new CpSatFormulation();
    }

    @Override
    protected boolean supportsEdp() {
        return true;
    }

    @Test
    void aTinyTimeLimitGivesAFeasiblePlanWithABoundNotAProof() {
        Problem p = HardInstances.wide();
        SolveResult r = formulation().solve(SolveRequest.of(p).withSpace(SearchSpace.DAG)
                .withLimits(new Limits(1e-3, 1, 1)));
        assertEquals(Status.FEASIBLE, r.status(), r.message());
        // the bound may be the trivial one (infinite throughput) when CP-SAT stopped during presolve
        assertTrue(!Double.isNaN(r.bound()), "no bound: " + r.message());
        assertTrue(r.bound() >= r.objective(), "throughput bound " + r.bound() + " below the plan's " + r.objective());
        assertTrue(r.gap() >= 0);
    }

    /** Cancelled before it starts: the back-end is not run and the warm start is the answer. */
    @Test
    void aCancelledRequestReturnsTheWarmStartAtOnce() {
        Cancellation cancel = new Cancellation();
        cancel.cancel("interrupted (test)");
        SolveResult r = formulation().solve(SolveRequest.of(RandomNetworks.problem(1, 12, Objective.THROUGHPUT))
                .withCancellation(cancel));
        assertEquals(Status.FEASIBLE, r.status(), r.message());
        assertTrue(r.message().contains("returned the warm start"), r.message());
    }

    /** Networks with many downsets, where proving takes the solver far longer than a millisecond. */
    static final class HardInstances {
        private HardInstances() {
        }

        static Problem wide() {
            return RandomNetworks.problem(3, 40, Objective.THROUGHPUT).withHardware(
                    org.compass.model.hardware.HardwarePresets.compass("tiny4", 4));
        }
    }
}
