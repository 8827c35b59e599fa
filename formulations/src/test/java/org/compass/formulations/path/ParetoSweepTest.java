package org.compass.formulations.path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Comparator;
import java.util.List;
import org.compass.model.problem.CostModelVersion;
import org.compass.formulations.FormulationContractTest;
import org.compass.formulations.RandomNetworks;
import org.compass.formulations.cpsat.CpSatFormulation;
import org.compass.formulations.dp.DpFormulation;
import org.compass.formulations.dp.ParetoLabels;
import org.compass.formulations.mip.MipFormulation;
import org.compass.model.hardware.HardwarePresets;
import org.compass.model.InputException;
import org.compass.model.problem.Limits;
import org.compass.model.problem.Objective;
import org.compass.model.problem.PipelineMode;
import org.compass.model.problem.Problem;
import org.compass.model.problem.ReplicationSet;
import org.compass.model.problem.SearchSpace;
import org.compass.model.zoo.Zoo;
import org.compass.solver.cost.CostModel;
import org.compass.solver.cost.Evaluation;
import org.compass.solver.SolveRequest;
import org.compass.solver.SolveResult;
import org.compass.solver.Status;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The epsilon-constraint sweep of cpsat and mip against the DP: the same latency-energy front (contiguous
 * space) and the same EDP optimum (both spaces), every point re-evaluated by the cost model.
 */
class ParetoSweepTest {

    private static final int SEEDS = 6;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"cpsat", "mip"})
    void sweepMatchesTheDpOnRandomNetworks(String name) {
        int points = 0;
        for (long seed = 1; seed <= SEEDS; seed++) {
            Problem p = RandomNetworks.problem(seed, 8 + (int) (seed % 5), Objective.EDP)
                    .withCostModel(CostModelVersion.V1);
            points += checkAgainstDp(formulation(name), p, name + " seed " + seed);
            // tiny channels on 16x16 crossbars: many replication trade-offs, hence longer fronts
            Problem q = RandomNetworks.bruteForceProblem(seed, 6 + (int) (seed % 4), Objective.EDP)
                    .withCostModel(CostModelVersion.V1);
            points += checkAgainstDp(formulation(name), q, name + " small seed " + seed);
        }
        assertTrue(points > 3 * SEEDS, "fronts had " + points + " points in all; the check would be weak");
    }

    @ParameterizedTest(name = "{0} {1} on {2}")
    @CsvSource({"cpsat, squeezenet1_0, compass-m", "mip, squeezenet1_0, compass-m", "cpsat, resnet18, compass-m",
        "mip, resnet18, compass-m"})
    void sweepMatchesTheDpOnZooNetworks(String name, String network, String chip) {
        checkAgainstDp(formulation(name), zoo(network, chip), name + " " + network + " on " + chip);
    }

    @Tag("slow")
    @ParameterizedTest(name = "{0} {1} on {2}")
    @CsvSource({"cpsat, vgg16, compass-m", "mip, vgg16, compass-m", "cpsat, resnet18, compass-s",
        "mip, resnet18, compass-s", "cpsat, squeezenet1_0, compass-s", "mip, squeezenet1_0, compass-s",
        "cpsat, vgg16, compass-s", "mip, vgg16, compass-s", "cpsat, resnet18, compass-l", "mip, resnet18, compass-l"})
    void sweepMatchesTheDpOnMoreZooProblems(String name, String network, String chip) {
        checkAgainstDp(formulation(name), zoo(network, chip), name + " " + network + " on " + chip);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"cpsat", "mip"})
    void aTinyTimeLimitStopsTheSweepWithoutAProof(String name) {
        Problem p = RandomNetworks.problem(3, 40, Objective.EDP)
                .withHardware(HardwarePresets.compass("tiny4", 4)).withCostModel(CostModelVersion.V1);
        SolveResult r = formulation(name).solve(SolveRequest.of(p).withSpace(SearchSpace.DAG)
                .withLimits(new Limits(1e-3, 1, 1)));
        assertNotEquals(Status.OPTIMAL, r.status(), r.message());
        assertTrue(Double.isNaN(r.bound()), "claimed a bound from an incomplete front: " + r.bound());
        assertTrue(r.message().contains("incomplete") || r.message().contains("no bound"), r.message());
    }

    @org.junit.jupiter.api.Test
    void mipWithCbcFindsTheDpFrontAndHighsIsRejected() {
        for (long seed = 1; seed <= 3; seed++) {
            Problem p = RandomNetworks.bruteForceProblem(seed, 8, Objective.EDP).withCostModel(CostModelVersion.V1);
            List<ParetoLabels.Label> dp = ParetoLabels.paretoFront(p).labels();
            dp.sort(Comparator.comparingDouble(ParetoLabels.Label::seconds));
            ParetoSweep.Front front = new MipFormulation().paretoFront(SolveRequest.of(p).withBackend("cbc"));
            assertTrue(front.exact(), front.message());
            assertEquals(dp.size(), front.points().size(), "seed " + seed + ": front sizes");
            for (int i = 0; i < dp.size(); i++) {
                FormulationContractTest.assertClose(dp.get(i).seconds(),
                        front.points().get(i).evaluation().latencySeconds(), "seed " + seed + " point " + i);
                FormulationContractTest.assertClose(dp.get(i).joules(),
                        front.points().get(i).evaluation().energyJoules(), "seed " + seed + " point " + i);
            }
        }
        Problem p = RandomNetworks.bruteForceProblem(1, 6, Objective.EDP).withCostModel(CostModelVersion.V1);
        InputException e = assertThrows(InputException.class,
                () -> new MipFormulation().solve(SolveRequest.of(p).withBackend("highs")));
        assertTrue(e.getMessage().contains("backend"), e.getMessage());
    }

    /** Compares the front and both spaces' EDP optima; returns the front's size. */
    private static int checkAgainstDp(AbstractPathFormulation f, Problem p, String trial) {
        CostModel cm = new CostModel(p);
        List<ParetoLabels.Label> dp = ParetoLabels.paretoFront(p).labels();
        dp.sort(Comparator.comparingDouble(ParetoLabels.Label::seconds));
        ParetoSweep.Front front = f.paretoFront(SolveRequest.of(p));
        assertTrue(front.exact(), trial + ": " + front.message());
        List<ParetoSweep.Point> sweep = front.points();
        assertEquals(dp.size(), sweep.size(), trial + ": front sizes");
        for (int i = 0; i < dp.size(); i++) {
            Evaluation d = cm.evaluate(dp.get(i).plan());
            Evaluation s = cm.evaluate(sweep.get(i).plan());
            String point = trial + " point " + i;
            FormulationContractTest.assertClose(d.latencySeconds(), s.latencySeconds(), point + " latency");
            FormulationContractTest.assertClose(d.energyJoules(), s.energyJoules(), point + " energy");
            assertEquals(s.latencySeconds(), sweep.get(i).evaluation().latencySeconds(), 0, "point not re-evaluated");
        }
        for (SearchSpace space : SearchSpace.values()) {
            SolveResult expected = new DpFormulation().solve(SolveRequest.of(p).withSpace(space));
            SolveResult r = f.solve(SolveRequest.of(p).withSpace(space));
            assertEquals(Status.OPTIMAL, r.status(), trial + " " + space.label() + ": " + r.message());
            FormulationContractTest.assertClose(expected.objective(), r.objective(),
                    trial + " " + space.label() + " EDP");
        }
        return sweep.size();
    }

    private static AbstractPathFormulation formulation(String name) {
        return name.equals("cpsat") ? new CpSatFormulation() : new MipFormulation();
    }

    private static Problem zoo(String network, String chip) {
        return Problem.of(Zoo.build(network).orElseThrow(), HardwarePresets.byName(chip).orElseThrow(), 16,
                Objective.EDP, PipelineMode.ROW, ReplicationSet.DEFAULT).withCostModel(CostModelVersion.V1);
    }
}
