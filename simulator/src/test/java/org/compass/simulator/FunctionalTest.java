package org.compass.simulator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.compass.formulations.baseline.LayerwiseFormulation;
import org.compass.formulations.dp.DpFormulation;
import org.compass.model.hardware.Hardware;
import org.compass.model.network.Activation;
import org.compass.model.network.LayerKind;
import org.compass.model.network.Network;
import org.compass.model.network.NetworkBuilder;
import org.compass.model.network.Node;
import org.compass.model.network.Shape;
import org.compass.model.network.Window;
import org.compass.model.problem.Objective;
import org.compass.model.problem.PipelineMode;
import org.compass.model.problem.Problem;
import org.compass.model.problem.ReplicationSet;
import org.compass.solver.plan.Plan;
import org.compass.solver.SolveRequest;
import org.junit.jupiter.api.Test;

/**
 * A small CNN with a residual, a concat, a grouped and a depthwise convolution, on a chip too small for it,
 * split into several partitions: through bit-sliced crossbars with a lossless ADC it computes exactly the
 * integer reference, node by node; a coarser ADC does not.
 */
class FunctionalTest {

    /** 32x32 crossbars, 2-bit cells, 4-bit weights and activations, 4 cores of 4 crossbars. */
    static final Hardware TINY = new Hardware("tiny", 32, 32, 2, 4, 4, 4, 4, 1, 100e-9, 10e-9, 25.6e9,
            1e-12, 44e-12, 1e-12, 0.0);

    static Network net() {
        NetworkBuilder b = new NetworkBuilder("tiny-cnn");
        int x = b.input("input", new Shape(3, 8, 8));
        int a = b.conv("a", x, 16, 3, 1, 1, Activation.RELU);
        int bb = b.conv("b", a, 16, 3, 1, 1, Activation.NONE);
        int res = b.add("res", List.of(bb, a), Activation.RELU);
        int c1 = b.conv("c1", res, 8, 1, 1, 0, Activation.RELU);
        int c3 = b.conv("c3", res, 8, 3, 1, 1, Activation.RELU);
        int cat = b.concat("cat", List.of(c1, c3));
        int pool = b.maxPool("pool", cat, Window.square(2, 2, 0));
        int grp = b.conv("grouped", pool, 16, Window.square(3, 1, 1), 4, false, Activation.RELU);
        int dw = b.conv("depthwise", grp, 16, Window.square(3, 2, 1), 16, false, Activation.RELU);
        int avg = b.avgPool("avg", dw, Window.square(3, 1, 1));
        int gap = b.globalAvgPool("gap", avg);
        int flat = b.flatten("flat", gap);
        b.fc("fc", flat, 10, false, Activation.NONE);
        return b.build();
    }

    static Problem problem(int batch) {
        return Problem.of(net(), TINY, batch, Objective.THROUGHPUT, PipelineMode.ROW, ReplicationSet.DEFAULT);
    }

    static FunctionalModel run(Problem p, Plan plan, ChipModel chip) {
        FunctionalModel f = new FunctionalModel(p, 42, chip);
        Simulator.run(Lowering.lower(p, plan), chip, f);
        return f;
    }

    static void assertMatchesReference(Problem p, FunctionalModel f) {
        for (int b = 0; b < p.batch(); b++) {
            List<int[]> ref = ReferenceNetwork.run(p.network(), p.hardware(), 42, b);
            for (Node n : p.network().nodes()) {
                int[] got = f.nodeOutput(n.id(), b);
                assertNotNull(got, n.name());
                assertArrayEquals(ref.get(n.id()), got, n.name() + " input " + b);
            }
        }
    }

    @Test
    void splitIntoPartitionsComputesTheReferenceExactly() {
        Problem p = problem(3);
        assertFalse(p.graph().fitsOnChip(), "the network must not fit on the tiny chip");
        Plan plan = new DpFormulation().solve(SolveRequest.of(p)).plan();
        assertTrue(plan.size() >= 2, "several partitions: " + plan.size());
        assertTrue(plan.partitions().stream().anyMatch(q -> q.replication().stream().anyMatch(r -> r > 1)),
                "some layer replicated, so every replica is exercised");
        assertMatchesReference(p, run(p, plan, ChipModel.defaults(TINY)));
    }

    @Test
    void layerwisePlanAndImagePipelineComputeTheReferenceToo() {
        Problem base = problem(2);
        Problem p = base.withBatch(2).withObjective(Objective.THROUGHPUT).withPipeline(PipelineMode.IMAGE);
        Plan plan = new LayerwiseFormulation().solve(SolveRequest.of(p)).plan();
        assertMatchesReference(p, run(p, plan, ChipModel.defaults(TINY)));
    }

    @Test
    void referenceIsNotTrivial() {
        List<int[]> ref = ReferenceNetwork.run(net(), TINY, 42, 0);
        Network n = net();
        for (Node node : n.nodes()) {
            if (node.kind() == LayerKind.CONV) {
                int[] v = ref.get(node.id());
                long distinct = java.util.Arrays.stream(v).distinct().count();
                assertTrue(distinct >= 3, node.name() + " has only " + distinct + " distinct values");
            }
        }
    }

    @Test
    void lossyAdcChangesTheOutput() {
        Problem p = problem(2);
        Plan plan = new DpFormulation().solve(SolveRequest.of(p)).plan();
        ChipModel lossy = ChipModel.defaults(TINY).withAdcBits(ChipModel.losslessAdcBits(TINY) - 3);
        FunctionalModel f = run(p, plan, lossy);
        boolean differs = false;
        for (int b = 0; b < p.batch(); b++) {
            List<int[]> ref = ReferenceNetwork.run(p.network(), TINY, 42, b);
            for (Node n : p.network().nodes()) {
                differs |= !java.util.Arrays.equals(ref.get(n.id()), f.nodeOutput(n.id(), b));
            }
        }
        assertTrue(differs, "a 3-bit coarser ADC must lose information somewhere");
    }
}
