package org.compass.formulations.dp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.compass.model.hardware.HardwarePresets;
import org.compass.model.mapping.MappedGraph;
import org.compass.model.mapping.Tensor;
import org.compass.model.network.Activation;
import org.compass.model.network.LayerKind;
import org.compass.model.network.Network;
import org.compass.model.network.NetworkBuilder;
import org.compass.model.network.Shape;
import org.compass.model.problem.CostModelVersion;
import org.compass.model.problem.InferencePhase;
import org.compass.model.problem.Objective;
import org.compass.model.problem.PipelineMode;
import org.compass.model.problem.Problem;
import org.compass.model.problem.ReplicationSet;
import org.compass.model.zoo.Decoders;
import org.compass.solver.control.Cancellation;
import org.compass.solver.cost.CostModel;
import org.compass.solver.cost.Evaluation;
import org.compass.solver.plan.Plan;
import org.compass.solver.plan.PlanValidator;
import org.compass.solver.SolveRequest;
import org.compass.solver.SolveResult;
import org.compass.solver.Status;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, item 5: a network with Llama-2-70B's layer sizes (80 blocks of 7 linear layers, hidden 8,192, MLP
 * 28,672: 38,720 units on compass-s, most of them column slices) is solved and evaluated by dp, and the result is
 * what the previous algorithms give: the DP that prices every range by {@code ReplicationChooser} finds the same
 * plan and cost, and the DRAM peak equals the quadratic definition (checked on 4 of the blocks, where it is quick).
 * Speed is shown by {@code ScaleBenchmark}, not here.
 */
@Tag("slow")
class LlmScaleTest {

    /** The same decoder-shaped network as the bench module's {@code ScaleNetworks.decoder}. */
    static Network decoder(int blocks, int hidden, int mlp) {
        NetworkBuilder b = new NetworkBuilder("decoder-" + blocks);
        int x = b.input("input", new Shape(hidden, 1, 1));
        for (int i = 0; i < blocks; i++) {
            String p = "b" + i + ".";
            int q = b.fc(p + "q", x, hidden, false, Activation.NONE);
            int k = b.fc(p + "k", x, hidden, false, Activation.NONE);
            int v = b.fc(p + "v", x, hidden, false, Activation.NONE);
            int att = b.elementwise(p + "att", LayerKind.MUL, List.of(q, k, v), Activation.NONE);
            int o = b.fc(p + "o", att, hidden, false, Activation.NONE);
            int h = b.add(p + "h", List.of(x, o), Activation.NONE);
            int gate = b.fc(p + "gate", h, mlp, false, Activation.NONE);
            int up = b.fc(p + "up", h, mlp, false, Activation.NONE);
            int g = b.elementwise(p + "g", LayerKind.MUL, List.of(gate, up), Activation.NONE);
            int down = b.fc(p + "down", g, hidden, false, Activation.NONE);
            x = b.add(p + "x", List.of(h, down), Activation.NONE);
        }
        return b.build();
    }

    static Problem problem(int blocks) {
        return Problem.of(decoder(blocks, 8192, 28672), HardwarePresets.byName("compass-s").orElseThrow(), 16,
                Objective.THROUGHPUT, PipelineMode.ROW, ReplicationSet.DEFAULT);
    }

    /** The DRAM peak as it was computed before: every boundary x every tensor x every consumer. */
    static long quadraticDramPeakBytes(Problem problem, Plan plan) {
        MappedGraph graph = problem.graph();
        int[] part = plan.partitionOfUnits(graph.size());
        long peak = 0;
        for (int b = 0; b <= plan.size(); b++) {
            long alive = 0;
            for (Tensor t : graph.tensors()) {
                int produced = t.producer() < 0 ? -1 : part[t.producer()];
                int lastUse = t.keptInDram() ? plan.size() : -1;
                for (int c : t.consumers()) {
                    lastUse = Math.max(lastUse, part[c]);
                }
                if (produced < b && lastUse >= b) {
                    alive += t.bytes();
                }
            }
            peak = Math.max(peak, alive);
        }
        return peak * problem.batch();
    }

    @Test
    void theLlama70bSizedNetworkIsSolvedAndEvaluatedByDp() {
        Problem p = problem(80);
        assertEquals(38_720, p.graph().size());
        SolveResult r = new DpFormulation().solve(SolveRequest.of(p));
        assertEquals(Status.OPTIMAL, r.status(), r.message());
        PlanValidator.requireValid(p, r.plan());
        Evaluation e = new CostModel(p).evaluate(r.plan());
        assertEquals(e, r.evaluation());
        // the DP pricing every range by the replication chooser (as before the range scan) agrees to the bit
        Plan reference = DpFormulation.solveAdditive(p, Long.MAX_VALUE, Cancellation.NEVER, false).plan();
        assertEquals(reference, r.plan());
        assertTrue(e.dramPeakBytes() > 0);
    }

    @Test
    void theDramPeakOfTheDpPlanEqualsTheQuadraticDefinition() {
        Problem p = problem(4);
        SolveResult r = new DpFormulation().solve(SolveRequest.of(p));
        assertEquals(Status.OPTIMAL, r.status(), r.message());
        // the boundary peak (v1's, and the floor of v2's, which also counts the rise within partitions)
        long boundary = new CostModel(p).boundaryPeakBytes(r.plan());
        assertEquals(quadraticDramPeakBytes(p, r.plan()), boundary);
        assertTrue(r.evaluation().dramPeakBytes() >= boundary);
        Plan reference = DpFormulation.solveAdditive(p, Long.MAX_VALUE, Cancellation.NEVER, false).plan();
        assertEquals(reference, r.plan());
    }

    /**
     * The zoo's Llama-2-70B in one decode step (16 sequences, 1,024 tokens cached, as problems/llama.yaml) on
     * compass-s under both cost models: dp proves its plan, which is valid and evaluated as the cost model
     * evaluates it, DRAM peak (the whole KV cache) included. Under v2 each range is priced by a replication
     * search; before its unit positions were kept over the partition's span of ids, each search allocated an
     * array over all 34,846 units (10 s instead of 2 s on the command line).
     */
    @Test
    void theZoosLlama70bDecodeStepIsSolvedByDpUnderBothCostModels() {
        Network step = Decoders.decode(Decoders.configuration("llama2_70b").orElseThrow(), 1024);
        for (CostModelVersion version : CostModelVersion.values()) {
            Problem p = Problem.of(step, HardwarePresets.byName("compass-s").orElseThrow(), 16, Objective.THROUGHPUT,
                    PipelineMode.ROW, ReplicationSet.DEFAULT).withCostModel(version)
                    .withPhase(InferencePhase.decode(1024), step);
            SolveResult r = new DpFormulation().solve(SolveRequest.of(p));
            assertEquals(Status.OPTIMAL, r.status(), version + ": " + r.message());
            PlanValidator.requireValid(p, r.plan());
            Evaluation e = new CostModel(p).evaluate(r.plan());
            assertEquals(e, r.evaluation());
            // the whole cache of 1,025 tokens for 16 sequences: 80 layers x 2 x 8 heads x 128 x 8-bit activations
            long cache = 80L * 2 * 8 * 128 * 1025 * 16 * p.hardware().activationBits() / 8;
            assertTrue(e.dramPeakBytes() >= cache, version + ": peak " + e.dramPeakBytes() + " < cache " + cache);
        }
    }
}
