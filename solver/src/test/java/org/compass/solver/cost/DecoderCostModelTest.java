package org.compass.solver.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.IntStream;
import org.compass.model.hardware.Hardware;
import org.compass.model.mapping.MappedGraph;
import org.compass.model.network.Network;
import org.compass.model.problem.CostModelVersion;
import org.compass.model.problem.InferencePhase;
import org.compass.model.problem.Objective;
import org.compass.model.problem.PipelineMode;
import org.compass.model.problem.Problem;
import org.compass.model.problem.ReplicationSet;
import org.compass.model.zoo.DecoderConfig;
import org.compass.model.zoo.Decoders;
import org.compass.solver.plan.Partition;
import org.compass.solver.plan.Plan;
import org.junit.jupiter.api.Test;

/**
 * Prefill and decode of a two-layer decoder computed by hand (docs/llm.md, "Worked example").
 *
 * <p>Decoder: Llama style, 2 layers, hidden 4, one head of 4 features (one key/value head), SwiGLU MLP of 4,
 * vocabulary 4: seven 4x4 linear layers per layer and a 4x4 LM head, 15 crossbar layers. Chip: 4x4 crossbars,
 * 1-bit cells and weights, 8-bit activations, 2 cores x 8 crossbars, 1 write port per core, t_mvm 1 us, t_row
 * 0.1 us, 1 MB/s DRAM: each linear layer is 1 crossbar, 4 rows, 2 weight bytes. Batch 2 sequences. Plan: layer 0
 * (with the embedding) in partition 0, layer 1 with the final norm and the LM head in partition 1.
 */
class DecoderCostModelTest {

    static final Hardware CHIP = new Hardware("toy16", 4, 4, 1, 1, 8, 2, 8, 1, 1e-6, 1e-7, 1e6, 1e-12, 1e-9, 1e-10, 0.5);

    static final DecoderConfig TINY = new DecoderConfig("tiny_llama", DecoderConfig.Style.LLAMA, 2, 4, 1, 1, 4, 4, 4, 64,
            0, false, 0, "test");

    static Problem problem(InferencePhase phase) {
        Network n = phase.kind() == InferencePhase.Kind.DECODE ? Decoders.decode(TINY, phase.tokens())
                : Decoders.prefill(TINY, phase.tokens());
        return Problem.of(n, CHIP, 2, Objective.THROUGHPUT, PipelineMode.ROW, new ReplicationSet(List.of(1, 2)))
                .withPhase(phase, n);
    }

    /** Layer 0 (up to its second residual add) then the rest, unreplicated. */
    static Plan twoPartitions(MappedGraph g) {
        int cut = g.units().stream().filter(u -> u.name().equals("model.layers.0.add_2")).findFirst().orElseThrow().id() + 1;
        int n = g.size();
        return new Plan(List.of(
                Partition.of(IntStream.range(0, cut).toArray(), IntStream.range(0, cut).map(i -> 1).toArray()),
                Partition.of(IntStream.range(cut, n).toArray(), IntStream.range(cut, n).map(i -> 1).toArray())));
    }

    @Test
    void decodeStepByHand() {
        Problem p = problem(InferencePhase.decode(3)).withCostModel(CostModelVersion.V1);
        assertEquals(15, p.graph().units().stream().filter(u -> u.weighted()).count());
        Evaluation e = new CostModel(p).evaluate(twoPartitions(p.graph()));
        PartitionCost p0 = e.partitions().get(0);
        PartitionCost p1 = e.partitions().get(1);
        // program: 7 layers x 2 weight bytes / 1 MB/s = 14 us (writing 28 rows on 2 ports takes 1.4 us); 8 layers: 16 us
        assertEquals(14e-6, p0.programSeconds(), 1e-15);
        assertEquals(16e-6, p1.programSeconds(), 1e-15);
        // compute: B x one step + one step of fill per layer = 2 + 7 us, 2 + 8 us
        assertEquals(9e-6, p0.computeSeconds(), 1e-15);
        assertEquals(10e-6, p1.computeSeconds(), 1e-15);
        // io, per sequence: in = token row 4 B + cached keys 3 x 4 B + cached values 12 B = 28 B; out = new key 4 B +
        // new value 4 B + the residual stream to layer 1, 4 B = 12 B; partition 1: in 4 + 24, out 4 + 4 + 4 logits
        assertEquals(2 * 28, p0.load().inBytes() * 2);
        assertEquals(12, p0.load().outBytes());
        assertEquals(12, p1.load().outBytes());
        assertEquals(80e-6, p0.ioSeconds(), 1e-15);
        assertEquals(80e-6, p1.ioSeconds(), 1e-15);
        // T = 14 + max(9, 80) + 16 + max(10, 80) = 190 us: the step is bound by DRAM
        assertEquals(190e-6, e.latencySeconds(), 1e-15);
        TokenMetrics t = e.tokens();
        assertEquals(2, t.tokensPerBatch());
        assertEquals(2 / 190e-6, t.tokensPerSecond(), 1e-6);
        assertEquals(190e-6, t.perTokenSeconds(), 1e-15);
        assertTrue(Double.isNaN(t.firstTokenSeconds()));
        // energy: 60 rows x 1 pJ + (30 weight B + 2 x 80 activation B) x 1 nJ + 2 x 15 steps x 0.1 nJ + 0.5 W x 190 us
        double energy = 60e-12 + 190e-9 + 3e-9 + 95e-6;
        assertEquals(energy, e.energyJoules(), 1e-15);
        assertEquals(energy / 2, t.joulesPerToken(), 1e-15);
        // KV cache: per sequence and layer 3 cached keys and values (24 B) and the new ones (8 B)
        assertEquals(2 * 2 * 32, t.kvCacheBytes());
        assertEquals(2 * 2 * 24, t.kvReadBytes());
        assertEquals(2 * 2 * 8, t.kvWriteBytes());
        // DRAM peak: after the step the whole cache (64 B) and the logits (4 B) per sequence; between the partitions
        // 48 + 8 + 4 B, before them 4 + 48 B
        assertEquals(2 * 68, e.dramPeakBytes());
    }

    @Test
    void prefillByHand() {
        Problem p = problem(InferencePhase.prefill(2)).withCostModel(CostModelVersion.V1);
        Evaluation e = new CostModel(p).evaluate(twoPartitions(p.graph()));
        PartitionCost p0 = e.partitions().get(0);
        PartitionCost p1 = e.partitions().get(1);
        // compute: every linear layer takes S = 2 steps per sequence: B x 2 us + one step of fill per layer;
        // the LM head runs on the last token only (1 step)
        assertEquals(2 * 2e-6 + 7e-6, p0.computeSeconds(), 1e-15);
        assertEquals(2 * 2e-6 + 8e-6, p1.computeSeconds(), 1e-15);
        // io per sequence: in 2 tokens x 4 B; out keys 8 + values 8 + residual 8 = 24; partition 1: in 8, out 8 + 8 + 4
        assertEquals(64e-6, p0.ioSeconds(), 1e-15);
        assertEquals(56e-6, p1.ioSeconds(), 1e-15);
        assertEquals(14e-6 + 64e-6 + 16e-6 + 56e-6, e.latencySeconds(), 1e-15);
        TokenMetrics t = e.tokens();
        assertEquals(4, t.tokensPerBatch(), "2 sequences x 2 prompt tokens");
        assertEquals(4 / 150e-6, t.tokensPerSecond(), 1e-6);
        assertEquals(150e-6, t.firstTokenSeconds(), 1e-15);
        assertEquals(0, t.kvReadBytes());
        assertEquals(2 * 2 * 16, t.kvWriteBytes(), "keys and values of 2 tokens, 2 layers, 2 sequences");
        assertEquals(t.kvWriteBytes(), t.kvCacheBytes());
    }

    @Test
    void attentionWorkOnTheVectorUnitsGrowsWithTheContextInV2() {
        // v2 charges the attention products to the vector units: with 1 element per microsecond per core the scores
        // node of a decode step takes heads x (L + 1) x head_dim / (2 cores) us per sequence
        Hardware slow = new Hardware("toy16v", 4, 4, 1, 1, 8, 2, 8, 1, 1e-6, 1e-7, 1e6, 1e-12, 1e-9, 1e-10, 0.5, 8,
                Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, 0, 1e6);
        double previous = 0;
        for (int context : new int[] {3, 30, 60}) {
            Network n = Decoders.decode(TINY, context);
            Problem p = Problem.of(n, slow, 2, Objective.THROUGHPUT, PipelineMode.ROW, new ReplicationSet(List.of(1)))
                    .withPhase(InferencePhase.decode(context), n).withCostModel(CostModelVersion.V2);
            int scores = p.graph().units().stream().filter(u -> u.name().equals("model.layers.0.self_attn.scores"))
                    .findFirst().orElseThrow().id();
            PartitionCost c = new CostModel(p).cost(new int[] {scores}, new int[] {1});
            double own = (context + 1) * 4 / 2.0 * 1e-6;
            assertTrue(c.computeSeconds() >= 2 * own - 1e-12, context + ": " + c.computeSeconds() + " vs " + own);
            assertTrue(c.computeSeconds() > previous);
            previous = c.computeSeconds();
        }
    }

    @Test
    void noTokenMetricsWithoutAPhase() {
        Problem p = CostModelTest.toy(PipelineMode.ROW);
        assertNull(new CostModel(p).evaluate(CostModelTest.abThenC()).tokens());
    }
}
