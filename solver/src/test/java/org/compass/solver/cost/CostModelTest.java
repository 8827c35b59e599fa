package org.compass.solver.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.compass.model.hardware.Hardware;
import org.compass.model.network.Activation;
import org.compass.model.network.NetworkBuilder;
import org.compass.model.network.Shape;
import org.compass.model.problem.CostModelVersion;
import org.compass.model.problem.Objective;
import org.compass.model.problem.PipelineMode;
import org.compass.model.problem.Problem;
import org.compass.model.problem.ReplicationSet;
import org.compass.solver.plan.Partition;
import org.compass.solver.plan.Plan;
import org.compass.solver.plan.PlanValidator;
import org.junit.jupiter.api.Test;

/**
 * The cost model on a three-layer chain computed by hand (see docs/cost-model.md, "worked example").
 *
 * <p>Chip: 4x4 crossbars, 1-bit cells and weights, 8-bit activations, 2 cores x 2 crossbars, 1 write port per
 * core, t_mvm 1 us, t_row 0.1 us, 1 MB/s DRAM. Network: input 4 -> a: fc 4->4 -> b: fc 4->8 -> c: fc 8->4.
 * a needs 1 crossbar (4 rows), b 2 (2 column tiles, 8 rows), c 2 (2 row tiles, 8 rows).
 */
class CostModelTest {

    static final Hardware TOY = new Hardware("toy", 4, 4, 1, 1, 8, 2, 2, 1, 1e-6, 1e-7, 1e6, 1e-12, 1e-9, 1e-10, 0.5);

    static Problem toy(PipelineMode mode) {
        NetworkBuilder b = new NetworkBuilder("chain3");
        int in = b.input("input", new Shape(4, 1, 1));
        int a = b.fc("a", in, 4, false, Activation.NONE);
        int bb = b.fc("b", a, 8, false, Activation.NONE);
        b.fc("c", bb, 4, false, Activation.NONE);
        return Problem.of(b.build(), TOY, 2, Objective.LATENCY, mode, new ReplicationSet(List.of(1, 2)));
    }

    static Plan abThenC() {
        return new Plan(List.of(Partition.of(new int[] {0, 1}, new int[] {1, 1}), Partition.of(new int[] {2}, new int[] {1})));
    }

    @Test
    void mappingOfTheToyChain() {
        var g = toy(PipelineMode.ROW).graph();
        assertEquals(List.of(1, 2, 2), g.units().stream().map(u -> u.crossbars()).toList());
        assertEquals(List.of(4L, 8L, 8L), g.units().stream().map(u -> u.rowsWritten()).toList());
        assertEquals(List.of(2L, 4L, 4L), g.units().stream().map(u -> u.weightBytes()).toList());
    }

    @Test
    void rowPipelineByHand() {
        Problem p = toy(PipelineMode.ROW).withCostModel(CostModelVersion.V1);
        Evaluation e = new CostModel(p).evaluate(abThenC());
        PartitionCost p0 = e.partitions().get(0);
        // program: max(ceil(12 rows / 2 ports) * 0.1 us, 6 weight bytes / 1 MB/s) = max(0.6 us, 6 us)
        assertEquals(6e-6, p0.programSeconds(), 1e-18);
        // compute: B * tau + fill = 2 * 1 us + (1 + 1) steps * 1 us
        assertEquals(4e-6, p0.computeSeconds(), 1e-18);
        // io: B * (input 4 B + b's output 8 B) / 1 MB/s = 24 us
        assertEquals(24e-6, p0.ioSeconds(), 1e-18);
        assertEquals(30e-6, p0.seconds(), 1e-18);
        PartitionCost p1 = e.partitions().get(1);
        // program max(4 * 0.1 us, 4 us); compute 2 * 1 us + 1 us; io 2 * (8 + 4) B = 24 us
        assertEquals(4e-6, p1.programSeconds(), 1e-18);
        assertEquals(3e-6, p1.computeSeconds(), 1e-18);
        assertEquals(28e-6, p1.seconds(), 1e-18);
        assertEquals(58e-6, e.latencySeconds(), 1e-18);
        assertEquals(2 / 58e-6, e.throughput(), 1e-6);
        // energy: 20 rows * 1 pJ + (10 weight B + 48 activation B) * 1 nJ + 2 * (1 + 2 + 2) steps * 0.1 nJ + 0.5 W * 58 us
        assertEquals(20e-12, e.writeJoules(), 1e-24);
        assertEquals(58e-9, e.dramJoules(), 1e-21);
        assertEquals(1e-9, e.mvmJoules(), 1e-21);
        assertEquals(29e-6, e.staticJoules(), 1e-18);
        assertEquals(20e-12 + 58e-9 + 1e-9 + 29e-6, e.energyJoules(), 1e-18);
        assertEquals(58, e.dramBytes());
        assertEquals(20, e.rowsWritten());
        // peak: b's 8 bytes alive between the partitions, times B
        assertEquals(16, e.dramPeakBytes());
        // utilization: (3 crossbars * 30 us + 2 * 28 us) / (4 * 58 us)
        assertEquals((3 * 30e-6 + 2 * 28e-6) / (4 * 58e-6), e.crossbarUtilization(), 1e-12);
    }

    @Test
    void imagePipelineByHand() {
        Evaluation e = new CostModel(toy(PipelineMode.IMAGE).withCostModel(CostModelVersion.V1)).evaluate(abThenC());
        // (B + depth - 1) * tau = (2 + 2 - 1) * 1 us and (2 + 1 - 1) * 1 us
        assertEquals(3e-6, e.partitions().get(0).computeSeconds(), 1e-18);
        assertEquals(2e-6, e.partitions().get(1).computeSeconds(), 1e-18);
    }

    @Test
    void versionTwoByHand() {
        // docs/cost-model.md, worked example v2. Partition {a, b}: the 4-byte input streams from DRAM in one band
        // of 4 us, so a starts at 4 us and runs at 4 us per input (its input's rate); b starts when a's first
        // band is done (5 us) and ends one band after a: a ends 4 + 1 + 1 * 4 = 9 us, b max(5 + 1 + 4, 9 + 1) = 10 us
        // b's output leaves the partition: its last band, all 8 bytes, is stored after b ends, 8 us: T_comp = 18 us
        Evaluation e = new CostModel(toy(PipelineMode.ROW).withCostModel(CostModelVersion.V2)).evaluate(abThenC());
        assertEquals(18e-6, e.partitions().get(0).computeSeconds(), 1e-18);
        // partition {c}: b's 8 bytes stream in one band of 8 us: c ends 8 + 1 + 1 * 8 = 17 us, its 4 bytes are
        // stored by 21 us
        assertEquals(21e-6, e.partitions().get(1).computeSeconds(), 1e-18);
        // program v2 = max(W + h, L + b). {a, b}: 3 tiles, 12 rows, 6 B: W = ceil(12 / 2) * 0.1 us = 0.6 us,
        // L = 6 us, h = min(2 cores, 3 tiles) * 6 us / 3 = 4 us, b = 12 / 3 rows * 0.1 us = 0.4 us: max(4.6, 6.4)
        assertEquals(6.4e-6, e.partitions().get(0).programSeconds(), 1e-18);
        // {c}: 2 tiles, 8 rows, 4 B: W = 0.4 us, L = 4 us, h = 2 * 2 us, b = 0.4 us: max(4.4, 4.4)
        assertEquals(4.4e-6, e.partitions().get(1).programSeconds(), 1e-18);
        // io (24 us each) still exceeds compute: 6.4 + 24 + 4.4 + 24 us
        assertEquals(58.8e-6, e.latencySeconds(), 1e-18);
        // the image pipeline is the same here: every band is a whole input
        Evaluation image = new CostModel(toy(PipelineMode.IMAGE).withCostModel(CostModelVersion.V2)).evaluate(abThenC());
        assertEquals(18e-6, image.partitions().get(0).computeSeconds(), 1e-18);
    }

    @Test
    void replicationShortensThePeriodAndCostsRows() {
        Problem p = toy(PipelineMode.ROW);
        CostModel cm = new CostModel(p);
        PartitionLoad l = cm.load(new int[] {0}, new int[] {2});
        assertEquals(2, l.crossbars());
        assertEquals(8, l.rowsWritten());
        assertEquals(1, l.periodSteps());
        assertEquals(2, l.weightBytes(), "weights are read from DRAM once, whatever the replication");
    }

    @Test
    void validatorFindsEveryKindOfViolation() {
        Problem p = toy(PipelineMode.ROW);
        assertTrue(PlanValidator.violations(p, abThenC()).isEmpty());
        Plan overCapacity = new Plan(List.of(Partition.of(new int[] {0, 1, 2}, new int[] {1, 1, 1})));
        assertEquals(List.of("partition 0 needs 5 crossbars, the chip has 4"), PlanValidator.violations(p, overCapacity));
        Plan wrongOrder = new Plan(List.of(Partition.of(new int[] {2}, new int[] {1}), Partition.of(new int[] {0, 1}, new int[] {1, 1})));
        assertEquals(List.of("'c' (partition 0) reads 'b' (partition 1) before it is computed"),
                PlanValidator.violations(p, wrongOrder));
        Plan missing = new Plan(List.of(Partition.of(new int[] {0, 1}, new int[] {1, 4})));
        List<String> v = PlanValidator.violations(p, missing);
        assertTrue(v.contains("unit 'b' has replication 4, not in [1, 2]"), v.toString());
        assertTrue(v.contains("unit 'c' is placed 0 times, expected once"), v.toString());
    }

    @Test
    void replicationChooserFindsTheLeastReplicationPerPeriod() {
        Problem p = toy(PipelineMode.ROW);
        CostModel cm = new CostModel(p);
        // all MVM steps are 1: a single period, hence one option, unreplicated
        List<ReplicationChooser.Option> options = ReplicationChooser.options(cm, new int[] {0, 1});
        assertEquals(1, options.size());
        assertEquals(List.of(1, 1), java.util.Arrays.stream(options.get(0).replication()).boxed().toList());
    }
}
