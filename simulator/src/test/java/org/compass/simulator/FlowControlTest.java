package org.compass.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.compass.model.hardware.HardwarePresets;
import org.compass.model.mapping.MappedGraph;
import org.compass.model.mapping.Unit;
import org.compass.model.network.LayerKind;
import org.compass.model.problem.Objective;
import org.compass.model.problem.PipelineMode;
import org.compass.model.problem.Problem;
import org.compass.model.problem.ReplicationSet;
import org.compass.model.zoo.Zoo;
import org.compass.solver.plan.Partition;
import org.compass.solver.plan.Plan;
import org.junit.jupiter.api.Test;

/**
 * Flow control of the row pipeline (docs/simulator.md, "Flow control"): a buffer holds one input's rows, two for a
 * tensor that a reader in the partition needs whole before its first output row. With one, the producer of such a
 * tensor waited for the reader's whole input before starting the next (vit_b_16 on compass-s, batch 16: 529.7 us
 * simulated against 362.9 us in the cost model for each partition from a block's residual add to its attention
 * context).
 */
class FlowControlTest {

    @Test
    void aTensorReadWholeIsDoubleBufferedAndARowWiseOneIsNot() {
        Problem p = Problem.of(Zoo.build("squeezenet1_0").orElseThrow(), HardwarePresets.byName("compass-l").orElseThrow(),
                1, Objective.THROUGHPUT, PipelineMode.ROW, ReplicationSet.DEFAULT);
        Plan plan = new Plan(List.of(
                partition(0, new int[] {64, 1, 16, 16, 16, 1, 16, 16, 16, 1, 16, 16, 16, 1, 1, 8}),
                partition(16, new int[] {8, 8, 1, 8, 8, 8, 1, 8, 8, 8, 1, 8, 8, 8, 1, 1, 4, 2, 2, 1, 2, 1, 1})));
        Program program = Lowering.lower(p, plan);
        MappedGraph g = p.graph();
        int pooled = -1;
        int rowWise = -1;
        for (int u = 0; u < g.size(); u++) {
            Unit unit = g.unit(u);
            LayerKind kind = g.network().node(unit.nodeId()).kind();
            if (kind == LayerKind.GLOBAL_AVG_POOL) {
                pooled = unit.inputTensors().get(0);
            } else if (kind == LayerKind.CONCAT && rowWise < 0) {
                rowWise = unit.inputTensors().get(0);
            }
        }
        assertTrue(pooled >= 0 && rowWise >= 0, "squeezenet1_0 has a global pooling and a concatenation");
        int checked = 0;
        for (BufferSpec b : program.buffers()) {
            if (b.tensor() == pooled) {
                assertEquals(2L * Geometry.rows(g, pooled), b.creditRows(), "the pooling's input: two inputs of rows");
                checked++;
            } else if (b.tensor() == rowWise) {
                assertEquals(Geometry.rows(g, rowWise), b.creditRows(), "a concatenation's input: one input of rows");
                checked++;
            }
        }
        assertTrue(checked >= 2, "both tensors have buffers");
    }

    private static Partition partition(int first, int[] replication) {
        List<Integer> units = new ArrayList<>();
        List<Integer> rep = new ArrayList<>();
        for (int i = 0; i < replication.length; i++) {
            units.add(first + i);
            rep.add(replication[i]);
        }
        return new Partition(units, rep);
    }
}
