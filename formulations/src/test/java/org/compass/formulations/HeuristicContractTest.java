package org.compass.formulations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.compass.model.hardware.HardwarePresets;
import org.compass.model.problem.CostModelVersion;
import org.compass.model.problem.Limits;
import org.compass.model.problem.Objective;
import org.compass.model.problem.PipelineMode;
import org.compass.model.problem.Problem;
import org.compass.model.problem.ReplicationSet;
import org.compass.model.problem.SearchSpace;
import org.compass.model.zoo.Zoo;
import org.compass.solver.cost.CostModel;
import org.compass.solver.Formulation;
import org.compass.solver.plan.PlanValidator;
import org.compass.solver.SolveRequest;
import org.compass.solver.SolveResult;
import org.compass.solver.Status;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every heuristic (the paper's baselines and the GA) must do on every problem it is given: return a valid
 * plan of its space, FEASIBLE (a heuristic proves nothing), with the cost model's evaluation of that plan as its
 * objective, and the same plan again for the same seed. Problems: seeded random DAGs for each objective and cost
 * model version, and SqueezeNet on the small chip.
 */
public abstract class HeuristicContractTest {

    /** The heuristic under test. */
    protected abstract Formulation formulation();

    static Stream<Arguments> problems() {
        List<Arguments> out = new ArrayList<>();
        long seed = 3;
        for (Objective o : Objective.values()) {
            for (CostModelVersion v : CostModelVersion.values()) {
                Problem p = RandomNetworks.problem(seed, 10 + (int) (seed % 7), o).withCostModel(v);
                out.add(Arguments.of("random " + seed + ", " + o.label() + ", " + v, p));
                seed += 5;
            }
        }
        out.add(Arguments.of("squeezenet1_0 on compass-s", Problem.of(Zoo.build("squeezenet1_0").orElseThrow(),
                HardwarePresets.byName("compass-s").orElseThrow(), 16, Objective.THROUGHPUT, PipelineMode.ROW,
                ReplicationSet.DEFAULT)));
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("problems")
    void validFeasiblePlanScoredByTheCostModel(String name, Problem problem) {
        for (SearchSpace space : formulation().spaces()) {
            SolveResult r = formulation().solve(SolveRequest.of(problem).withSpace(space));
            assertEquals(Status.FEASIBLE, r.status(), name + ": " + r.message());
            assertTrue(r.hasPlan(), name);
            assertEquals(List.of(), PlanValidator.violations(problem, r.plan()), name);
            assertEquals(space, r.space(), name);
            if (space == SearchSpace.CONTIGUOUS) {
                assertTrue(r.plan().contiguous(), name + ": a contiguous-space plan is contiguous");
            }
            CostModel cm = new CostModel(problem);
            assertEquals(cm.objectiveValue(cm.evaluate(r.plan())), r.objective(), name + ": the cost model's objective");
            assertEquals(cm.evaluate(r.plan()), r.evaluation(), name + ": the cost model's evaluation");
            assertFalse(Double.isFinite(r.bound()), name + ": a heuristic proves no bound");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("problems")
    void sameSeedSameResult(String name, Problem problem) {
        SolveRequest request = SolveRequest.of(problem).withLimits(new Limits(60, 1, 11));
        SolveResult a = formulation().solve(request);
        SolveResult b = formulation().solve(request);
        assertEquals(a.plan(), b.plan(), name);
        assertEquals(a.objective(), b.objective(), name);
    }
}
