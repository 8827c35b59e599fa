package org.compass.formulations.dp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.compass.formulations.RandomNetworks;
import org.compass.model.hardware.HardwarePresets;
import org.compass.model.problem.CostModelVersion;
import org.compass.model.problem.InferencePhase;
import org.compass.model.problem.Objective;
import org.compass.model.problem.PipelineMode;
import org.compass.model.problem.Problem;
import org.compass.model.problem.ReplicationSet;
import org.compass.model.zoo.Zoo;
import org.compass.formulations.dp.RangeOptions.Pricing;
import org.compass.solver.control.Cancellation;
import org.compass.solver.cost.CostModel;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The lazy v2 DP with floors first ({@link RangeOptions}: a range is priced only when it lies on a plan of least
 * floors, or could tie with the answer) answers exactly as the DP that prices every range before searching any:
 * the same plan (partitions and replication), the same cost, the same bound, the same proof.
 */
class RangeOptionsTest {

    private static final Objective[] OBJECTIVES = {Objective.THROUGHPUT, Objective.LATENCY, Objective.ENERGY};

    /** Small mixed networks (branches, residuals, pools) on the 8-crossbar chip, batch and pipeline by seed. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24})
    void floorsFirstAnswerAsPricingEveryRangeOnSmallNetworks(long seed) {
        Problem p = RandomNetworks.bruteForceProblem(seed, 14, OBJECTIVES[(int) (seed % 3)])
                .withCostModel(CostModelVersion.V2);
        assertSameAnswer(p, "seed " + seed);
    }

    /**
     * Networks with tied plans: some plans cost exactly as much as the answer through ranges whose floors equal
     * their costs but are not exact. Priced one plan at a time, the loop ends with such ranges still unpriced, and
     * only its last step (pricing every range on a plan that could tie with the answer) makes the DP choose among
     * the tied plans as the DP that prices every range does (without it, these seeds return other plans of the
     * same cost).
     */
    @ParameterizedTest
    @ValueSource(longs = {49, 193, 197})
    void tiedPlansAreChosenAsPricingEveryRange(long seed) {
        for (Objective objective : new Objective[] {Objective.THROUGHPUT, Objective.LATENCY}) {
            Problem p = RandomNetworks.bruteForceProblem(seed, 16, objective).withCostModel(CostModelVersion.V2);
            assertSameAnswer(p, Pricing.FLOORS_FIRST_ONE_PLAN_AT_A_TIME, "seed " + seed + ", " + objective);
            assertSameAnswer(p, "seed " + seed + ", " + objective);
        }
    }

    /** Larger random networks and conv chains on the one-core chip, at batch 16 and batch 1. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void floorsFirstAnswerAsPricingEveryRangeOnRandomNetworks(long seed) {
        Objective objective = OBJECTIVES[(int) (seed % 3)];
        Problem mixed = RandomNetworks.problem(seed, 24, objective).withCostModel(CostModelVersion.V2);
        assertSameAnswer(mixed, "mixed seed " + seed);
        assertSameAnswer(mixed.withBatch(1), "mixed seed " + seed + ", batch 1");
        Problem chain = RandomNetworks.problem(RandomNetworks.chain(seed, 24), objective)
                .withCostModel(CostModelVersion.V2);
        assertSameAnswer(chain, "chain seed " + seed);
        assertSameAnswer(chain.withBatch(1), "chain seed " + seed + ", batch 1");
    }

    /** A tiny decoder in both phases, and a chain of 64 x 64 linear layers, where every range is exact. */
    @Test
    void floorsFirstAnswerAsPricingEveryRangeOnDecodersAndChains() {
        for (Objective objective : OBJECTIVES) {
            assertSameAnswer(RandomNetworks.decoder(InferencePhase.decode(16), objective)
                    .withCostModel(CostModelVersion.V2), "decode, " + objective);
            assertSameAnswer(RandomNetworks.decoder(InferencePhase.prefill(8), objective)
                    .withCostModel(CostModelVersion.V2), "prefill, " + objective);
            assertSameAnswer(RandomNetworks.chain(120, objective).withCostModel(CostModelVersion.V2),
                    "chain of 120, " + objective);
        }
    }

    /** Zoo networks at batch 1 and 16, where replication decides and some searches stop at their budgets. */
    @Test
    @Tag("slow")
    void floorsFirstAnswerAsPricingEveryRangeOnZooNetworks() {
        assertSameAnswer(zoo("squeezenet1_1", "compass-m", 1), "squeezenet1_1, compass-m, B1");
        assertSameAnswer(zoo("squeezenet1_0", "compass-m", 16), "squeezenet1_0, compass-m, B16");
        assertSameAnswer(zoo("resnet18", "compass-m", 1), "resnet18, compass-m, B1");
        assertSameAnswer(zoo("vgg16", "compass-m", 16), "vgg16, compass-m, B16");
    }

    private static Problem zoo(String network, String chip, int batch) {
        return Problem.of(Zoo.build(network).orElseThrow(), HardwarePresets.byName(chip).orElseThrow(), batch,
                Objective.THROUGHPUT, PipelineMode.ROW, ReplicationSet.DEFAULT).withCostModel(CostModelVersion.V2);
    }

    private static void assertSameAnswer(Problem p, String what) {
        assertSameAnswer(p, Pricing.FLOORS_FIRST, what);
    }

    private static void assertSameAnswer(Problem p, Pricing pricing, String what) {
        CostModel cm = new CostModel(p);
        RangeOptions.Solution lazy = RangeOptions.solveLazily(p, cm, Long.MAX_VALUE, Cancellation.NEVER, 1, pricing);
        RangeOptions.Solution every = RangeOptions.solveLazily(p, cm, Long.MAX_VALUE, Cancellation.NEVER, 1,
                Pricing.EVERY_RANGE_FIRST);
        assertEquals(every.partitions(), lazy.partitions(), what + ": plan");
        assertEquals(every.key(), lazy.key(), what + ": cost");
        assertEquals(every.floorKey(), lazy.floorKey(), what + ": bound");
        // a plan is proven when every option is, or when the bound meets it (the lazy DP leaves ranges unpriced, so
        // it proves by the bound); both must agree
        assertEquals(proven(every), proven(lazy), what + ": proof");
        assertTrue(lazy.floorKey() <= lazy.key(), what + ": the bound is below the plan");
    }

    private static boolean proven(RangeOptions.Solution s) {
        return s.proven() || s.floorKey() >= s.key() * (1 - 1e-12);
    }
}
