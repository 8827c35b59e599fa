package org.compass.simulator;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.compass.model.hardware.Hardware;
import org.compass.model.network.Activation;
import org.compass.model.network.NetworkBuilder;
import org.compass.model.network.Shape;
import org.compass.model.problem.Objective;
import org.compass.model.problem.PipelineMode;
import org.compass.model.problem.Problem;
import org.compass.model.problem.ReplicationSet;
import org.compass.model.problem.ResidentMode;
import org.compass.solver.plan.Partition;
import org.compass.solver.plan.Plan;
import org.junit.jupiter.api.Test;

/** The simulator refuses plans with resident weights rather than lowering them as streamed (docs/llm.md). */
class ResidentLoweringTest {

    @Test
    void aPlanWithResidentUnitsIsRefused() {
        NetworkBuilder b = new NetworkBuilder("chain2");
        int in = b.input("input", new Shape(4, 1, 1));
        int a = b.fc("a", in, 4, false, Activation.NONE);
        b.fc("b", a, 4, false, Activation.NONE);
        Hardware toy = new Hardware("toy", 4, 4, 1, 1, 8, 2, 2, 1, 1e-6, 1e-7, 1e6, 1e-12, 1e-9, 1e-10, 0.5);
        Problem p = Problem.of(b.build(), toy, 2, Objective.LATENCY, PipelineMode.ROW, new ReplicationSet(List.of(1)))
                .withResident(ResidentMode.AUTO);
        Plan plan = new Plan(List.of(Partition.of(new int[] {0, 1}, new int[] {1, 1})), List.of(0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Lowering.lower(p, plan));
        assertTrue(e.getMessage().contains("does not lower resident weights yet"), e.getMessage());
    }
}
