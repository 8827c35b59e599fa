package org.compass.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.compass.formulations.baseline.GreedyFormulation;
import org.compass.formulations.dp.DpFormulation;
import org.compass.model.problem.PipelineMode;
import org.compass.model.problem.Problem;
import org.compass.solver.plan.Plan;
import org.compass.solver.SolveRequest;
import org.junit.jupiter.api.Test;

/**
 * A prepared simulator keeps no state between runs: every run of the same tables, also after a run that
 * stopped on a violation, gives the same result as a fresh {@code Simulator.run}.
 */
class PreparedRunTest {

    @Test
    void repeatedRunsAgreeWithAFreshRun() {
        for (String file : new String[] {"resnet.yaml", "squeezenet.yaml"}) {
            Problem problem = CostModelAgreementTest.problem(file);
            Plan plan = new DpFormulation().solve(SolveRequest.of(problem)).plan();
            Program program = Lowering.lower(problem, plan);
            Simulator prepared = Simulator.prepare(program);
            SimulationResult first = prepared.run();
            assertThrows(SimulationException.class,
                    () -> prepared.run(ChipModel.defaults(problem.hardware()).withBuffer(20_000), null));
            assertEquals(first, prepared.run(), file);
            assertEquals(first, Simulator.run(Lowering.lower(problem, plan)), file);
        }
    }

    @Test
    void imagePipelineRunsRepeatAlike() {
        Problem base = CostModelAgreementTest.problem("vgg.yaml");
        Problem problem = base.withPipeline(PipelineMode.IMAGE);
        Plan plan = new GreedyFormulation().solve(SolveRequest.of(problem)).plan();
        Simulator prepared = Simulator.prepare(Lowering.lower(problem, plan));
        assertEquals(prepared.run(), prepared.run());
    }
}
