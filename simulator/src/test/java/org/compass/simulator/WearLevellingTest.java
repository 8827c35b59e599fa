package org.compass.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.compass.formulations.dp.DpFormulation;
import org.compass.model.hardware.Hardware;
import org.compass.model.hardware.HardwarePresets;
import org.compass.model.network.Activation;
import org.compass.model.network.NetworkBuilder;
import org.compass.model.network.Shape;
import org.compass.model.problem.Objective;
import org.compass.model.problem.PipelineMode;
import org.compass.model.problem.Problem;
import org.compass.model.problem.ReplicationSet;
import org.compass.solver.plan.Partition;
import org.compass.solver.plan.Plan;
import org.compass.solver.SolveRequest;
import org.junit.jupiter.api.Test;

/**
 * Wear levelling over simulated batches (policy: least-worn first, {@link WearLevelling#POLICY}) on the toy chip
 * of the cost model's worked example: 2 cores x 2 crossbars of 4x4, 1-bit cells and weights, endurance 1e6.
 */
class WearLevellingTest {

    static final Hardware TOY = new Hardware("toy", 4, 4, 1, 1, 8, 2, 2, 1, 1e-6, 1e-7, 1e6, 1e-12, 1e-9, 1e-10, 0.5)
            .withEndurance(1e6);

    /** input 4 -> a: fc 4->4 (1 tile) -> b: fc 4->8 (2 column tiles) -> c: fc 8->4 (2 row tiles); every tile 4x4. */
    static Problem chain() {
        NetworkBuilder b = new NetworkBuilder("chain3");
        int in = b.input("input", new Shape(4, 1, 1));
        int a = b.fc("a", in, 4, false, Activation.NONE);
        int bb = b.fc("b", a, 8, false, Activation.NONE);
        b.fc("c", bb, 4, false, Activation.NONE);
        return Problem.of(b.build(), TOY, 2, Objective.LATENCY, PipelineMode.ROW, new ReplicationSet(List.of(1, 2)));
    }

    /** {a, b} (3 of the 4 crossbars) then {c} (2 of 4): neither partition fills the chip. */
    static Plan abThenC() {
        return new Plan(List.of(Partition.of(new int[] {0, 1}, new int[] {1, 1}),
                Partition.of(new int[] {2}, new int[] {1})));
    }

    @Test
    void handComputedTwoBatches() {
        Problem p = chain();
        // batch 0: a -> core 0 x0; b.t0 -> core 1 x0 (fewest rows of the partition); b.t1 -> tie (4 rows and 4 of
        // wear each), broken from core 1 on (b is the partition's second weighted unit): core 1 x1; then c.t0 -> core 0
        // (wear 4 < 8) x1 (unwritten); c.t1 -> core 1, x0 (tie 4 = 4, lowest index). Wear x00 4, x01 4, x10 8, x11 4.
        WearLevelling.Report one = WearLevelling.run(p, abThenC(), 1);
        assertEquals(List.of(4L, 4L, 8L, 4L), boxed(one.writes().rows()));
        assertEquals(2, one.maxRowWrites());
        assertEquals(20 / 16.0, one.meanRowWrites(), 1e-12);
        assertEquals(1.6, one.levellingFactor(), 1e-12);
        // batch 1: a -> core 0 (wear 8 < 12) x0; b.t0 -> core 1 x1 (4 < 8); b.t1 -> tie of rows, core 0 (wear
        // 12 < 16) x1; c.t0 -> tie 16 = 16, core 0 x0; c.t1 -> core 1 x0. Wear x00 12, x01 8, x10 12, x11 8.
        WearLevelling.Report two = WearLevelling.run(p, abThenC(), 2);
        assertEquals(List.of(12L, 8L, 12L, 8L), boxed(two.writes().rows()));
        assertEquals(List.of(3L, 2L, 3L, 2L), boxed(two.writes().programmings()));
        assertEquals(0, two.mostWritten());
        assertEquals("core 0 crossbar 0", two.name(two.mostWritten()));
        // rows rotate inside a crossbar: 12 rows on 4 rows is 3 writes per row
        assertEquals(3, two.maxRowWrites());
        assertEquals(40 / 16.0, two.meanRowWrites(), 1e-12);
        assertEquals(1.2, two.levellingFactor(), 1e-12);
        // the worst row takes 3 writes per 2 batches: endurance x 2 x T / 3
        assertEquals(1e6 * 2 * two.meanLatencySeconds() / 3, two.lifetimeSeconds(), 1e-9 * two.lifetimeSeconds());
        assertEquals(two.idealLifetimeSeconds() / 1.2, two.lifetimeSeconds(), 1e-9 * two.lifetimeSeconds());
    }

    @Test
    void withoutLevellingTheSameCrossbarsTakeEveryBatch() {
        Problem p = chain();
        // plain placement: {a, b} on core 0 x0, core 1 x0, core 1 x1 (b's tie broken from core 1 on); {c} on core 0
        // x0, core 1 x0; tiles at row 0
        WearLevelling.Report fixed = WearLevelling.fixed(p, Simulator.run(Lowering.lower(p, abThenC())));
        assertEquals(List.of(2L, 0L, 2L, 1L), boxed(fixed.writes().programmings()));
        assertEquals(2, fixed.maxRowWrites());
        assertEquals(1.6, fixed.levellingFactor(), 1e-12);
        // levelled over 8 batches the factor falls below it
        assertTrue(WearLevelling.run(p, abThenC(), 8).levellingFactor() < 1.6);
    }

    @Test
    void partitionsThatFillTheChipLevelPerfectly() {
        // three fc 8->8 layers: each 2 row tiles x 2 column tiles of 4x4 = the whole chip, every row of it
        NetworkBuilder b = new NetworkBuilder("full3");
        int in = b.input("input", new Shape(8, 1, 1));
        int x = b.fc("x", in, 8, false, Activation.NONE);
        int y = b.fc("y", x, 8, false, Activation.NONE);
        b.fc("z", y, 8, false, Activation.NONE);
        Problem p = Problem.of(b.build(), TOY, 2, Objective.LATENCY, PipelineMode.ROW, new ReplicationSet(List.of(1)));
        Plan plan = new Plan(List.of(Partition.of(new int[] {0}, new int[] {1}), Partition.of(new int[] {1},
                new int[] {1}), Partition.of(new int[] {2}, new int[] {1})));
        for (int n : new int[] {1, 2, 5}) {
            WearLevelling.Report r = WearLevelling.run(p, plan, n);
            assertEquals(1.0, r.levellingFactor(), 0.0, "batches " + n);
            assertEquals(3L * n, r.maxRowWrites());
            assertEquals(r.idealLifetimeSeconds(), r.lifetimeSeconds(), 0.0);
        }
        assertEquals(1.0, WearLevelling.fixed(p, Simulator.run(Lowering.lower(p, plan))).levellingFactor(), 0.0);
    }

    @Test
    void resnetOnRramLevelsWithTheSameWorkPerBatch() {
        Problem p = CostModelAgreementTest.problem("resnet.yaml")
                .withHardware(HardwarePresets.byName("rram").orElseThrow());
        Plan plan = new DpFormulation().solve(SolveRequest.of(p)).plan();
        SimulationResult plain = Simulator.run(Lowering.lower(p, plan));
        WearLevelling.Report r = WearLevelling.run(p, plan, 4);
        assertEquals(4 * plain.rowsWritten(), r.writes().totalRows());
        WearLevelling.Report fixed = WearLevelling.fixed(p, plain);
        assertTrue(r.levellingFactor() >= 1.0 && r.levellingFactor() < fixed.levellingFactor(),
                r.levellingFactor() + " vs fixed " + fixed.levellingFactor());
    }

    private static List<Long> boxed(long[] a) {
        return java.util.Arrays.stream(a).boxed().toList();
    }
}
