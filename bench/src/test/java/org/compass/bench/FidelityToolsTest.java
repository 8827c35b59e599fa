package org.compass.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.compass.model.problem.PipelineMode;
import org.compass.model.problem.Problem;
import org.compass.solver.plan.Plan;
import org.compass.solver.plan.PlanValidator;
import org.junit.jupiter.api.Test;

/** The measurement tools themselves (fast): rank correlation, random plans, one fidelity case, the CSV round trip. */
class FidelityToolsTest {

    @Test
    void spearmanOfKnownOrders() {
        assertEquals(1.0, RankingStudy.spearman(new double[] {1, 2, 3, 4}, new double[] {10, 20, 30, 40}), 1e-12);
        assertEquals(-1.0, RankingStudy.spearman(new double[] {1, 2, 3, 4}, new double[] {4, 3, 2, 1}), 1e-12);
        // one swapped pair of five: 1 - 6 * 2 / (5 * 24) = 0.9
        assertEquals(0.9, RankingStudy.spearman(new double[] {1, 2, 3, 4, 5}, new double[] {1, 3, 2, 4, 5}), 1e-12);
    }

    @Test
    void tiesGetTheirMeanRank() {
        assertArrayEquals(new double[] {1, 2.5, 2.5, 4}, RankingStudy.ranks(new double[] {1, 5, 5, 7}), 1e-12);
    }

    @Test
    void randomPlansAreValidAndSeeded() {
        Problem p = RankingStudy.fileProblem("../problems/resnet.yaml");
        Random a = new Random(7);
        Random b = new Random(7);
        int replicated = 0;
        int partitions = 0;
        for (int i = 0; i < 40; i++) {
            Plan x = RankingStudy.randomPlan(p, a);
            assertEquals(x, RankingStudy.randomPlan(p, b), "same seed, same plan");
            assertEquals(List.of(), PlanValidator.violations(p, x));
            assertTrue(x.contiguous(), "contiguous cuts");
            partitions += x.size();
            for (var part : x.partitions()) {
                replicated += part.replication().stream().filter(r -> r > 1).count();
            }
        }
        assertTrue(replicated > 0, "some units replicated");
        assertTrue(partitions > 40, "some plans cut");
    }

    @Test
    void oneCaseMeasuredAndSentThroughTheChildFormat() {
        Fidelity.Row r = Fidelity.measure("squeezenet1_0", "compass-s", 1, PipelineMode.ROW);
        assertEquals(r.modelDramBytes(), r.simDramBytes());
        assertTrue(r.latencyRatio() > 0.5 && r.latencyRatio() < 2, "latency of the same order: " + r.latencyRatio());
        assertTrue(r.terms().peakDuringBound() >= r.modelDramPeak(), "the in-partition bound is at least the boundary peak");
        assertEquals(r, FidelityMatrix.decode(FidelityMatrix.encode(r)), "the child's line decodes to the same row");
        String table = FidelityMatrix.table(List.of(r));
        assertTrue(table.startsWith("network"), table);
        assertEquals(2, FidelityMatrix.csv(List.of(r)).lines().count());
    }
}
