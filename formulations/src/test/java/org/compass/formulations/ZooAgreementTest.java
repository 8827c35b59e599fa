package org.compass.formulations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.compass.formulations.dp.DpFormulation;
import org.compass.model.hardware.HardwarePresets;
import org.compass.model.problem.CostModelVersion;
import org.compass.model.problem.Objective;
import org.compass.model.problem.PipelineMode;
import org.compass.model.problem.Problem;
import org.compass.model.problem.ReplicationSet;
import org.compass.model.problem.SearchSpace;
import org.compass.model.zoo.Zoo;
import org.compass.solver.Formulation;
import org.compass.solver.SolveRequest;
import org.compass.solver.SolveResult;
import org.compass.solver.Status;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every exact formulation on the paper's networks and chips at batch 16, under cost models v1 and v2 (75 s on
 * the loaded 2-core machine).
 */
@Tag("slow")
class ZooAgreementTest {

    @ParameterizedTest(name = "{0} on {1}, {2}")
    @CsvSource({
        "resnet18, compass-s, THROUGHPUT", "resnet18, compass-m, THROUGHPUT", "resnet18, compass-l, THROUGHPUT",
        "vgg16, compass-s, THROUGHPUT", "vgg16, compass-m, THROUGHPUT", "vgg16, compass-l, THROUGHPUT",
        "squeezenet1_0, compass-s, THROUGHPUT", "squeezenet1_0, compass-m, THROUGHPUT",
        "squeezenet1_0, compass-l, THROUGHPUT", "resnet18, compass-s, ENERGY", "squeezenet1_0, compass-m, ENERGY"})
    void exactFormulationsAgreeInBothSpacesUnderCostModelV1(String network, String chip, Objective objective) {
        assertAgreement(Problem.of(Zoo.build(network).orElseThrow(), HardwarePresets.byName(chip).orElseThrow(), 16,
                objective, PipelineMode.ROW, ReplicationSet.DEFAULT).withCostModel(CostModelVersion.V1));
    }

    /**
     * The same under cost model v2 (issue 11: "every formulation still agrees with the DP"), where the
     * formulations read replication fronts from an exact search instead of the period rule.
     */
    @ParameterizedTest(name = "v2: {0} on {1}, {2}")
    @CsvSource({
        "resnet18, compass-s, THROUGHPUT", "resnet18, compass-m, THROUGHPUT", "resnet18, compass-l, THROUGHPUT",
        "vgg16, compass-m, THROUGHPUT", "squeezenet1_0, compass-s, THROUGHPUT", "resnet18, compass-m, ENERGY"})
    void exactFormulationsAgreeInBothSpacesUnderCostModelV2(String network, String chip, Objective objective) {
        assertAgreement(Problem.of(Zoo.build(network).orElseThrow(), HardwarePresets.byName(chip).orElseThrow(), 16,
                objective, PipelineMode.ROW, ReplicationSet.DEFAULT).withCostModel(CostModelVersion.V2));
    }

    private static void assertAgreement(Problem p) {
        Objective objective = p.objective();
        double contiguous = new DpFormulation().solve(SolveRequest.of(p)).objective();
        double dag = new DpFormulation().solve(SolveRequest.of(p).withSpace(SearchSpace.DAG)).objective();
        assertTrue(objective.maximize() ? dag >= contiguous * (1 - 1e-9) : dag <= contiguous * (1 + 1e-9));
        for (Formulation f : StandardFormulations.registry().all()) {
            if (!f.exact()) {
                continue;
            }
            for (SearchSpace space : f.spaces()) {
                SolveResult r = f.solve(SolveRequest.of(p).withSpace(space));
                assertEquals(Status.OPTIMAL, r.status(), f.name() + " " + space + ": " + r.message());
                FormulationContractTest.assertClose(space == SearchSpace.DAG ? dag : contiguous, r.objective(),
                        f.name() + " " + space.label());
            }
        }
    }
}
