package org.compass.model.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.compass.model.network.LayerKind;
import org.compass.model.network.Network;
import org.compass.model.network.Node;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The transformer and LLM exports of {@code tools/export-transformers.sh} (a BERT-style encoder, GPT-2-style
 * and Llama-style decoders, prefill and decode): crossbar MACs equal the PyTorch hooks' nn.Linear count, the
 * vector units' attention matmuls equal the attention code's count, norms collapse to one node each, masks
 * built from shapes fold away, embedding tables stay off the crossbars, and cached keys and values are inputs.
 */
class OnnxTransformersTest {

    static final Path DIR = Path.of("src/test/resources/onnx-transformers");

    record Fixture(String network, long linearMacs, long attentionMacs, long params) {
        @Override
        public String toString() {
            return network;
        }
    }

    static Stream<Fixture> fixtures() throws IOException {
        Path csv = DIR.resolve("manifest.csv");
        assumeTrue(Files.exists(csv), "no transformer fixtures");
        return Files.readAllLines(csv).stream().skip(1).filter(l -> !l.isBlank()).map(l -> l.split(","))
                .map(f -> new Fixture(f[1], Long.parseLong(f[5]), Long.parseLong(f[6]), Long.parseLong(f[7])));
    }

    static Network load(String name) {
        return OnnxImporter.read(DIR.resolve(name + ".onnx"));
    }

    private static long count(Network n, LayerKind kind) {
        return n.nodes().stream().filter(x -> x.kind() == kind).count();
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void macsMatchTheHooks(Fixture f) {
        Network n = load(f.network());
        assertEquals(f.linearMacs(), n.macs(), "crossbar MACs (nn.Linear hooks) of " + f);
        long attention = n.nodes().stream().filter(x -> x.kind() == LayerKind.MATMUL).mapToLong(Node::vectorOps).sum();
        assertEquals(f.attentionMacs(), attention, "attention matmuls (Q.K^T, A.V) on the vector units of " + f);
        // every linear layer's weights are on crossbars; the token embedding table is not
        assertTrue(n.crossbarWeights() < f.params(), f + ": " + n.crossbarWeights() + " of " + f.params());
        assertTrue(n.notes().stream().anyMatch(s -> s.contains("stays in DRAM (no crossbars)")), n.notes().toString());
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void normsCollapseAndMasksFold(Fixture f) {
        Network n = load(f.network());
        // BERT: embedding norm + 2 per layer; GPT-2 and Llama: 2 per block + the final norm
        assertEquals(5, count(n, LayerKind.NORM), f + ": one NORM node per (RMS/Layer) norm");
        for (Node x : n.nodes()) {
            for (String folded : List.of("Range", "Equal", "LessOrEqual", "ConstantOfShape", "Sqrt", "Reciprocal", "ReduceMean",
                    "Erf", "Sin", "Cos", "Shape")) {
                assertTrue(!x.name().endsWith("/" + folded) && !x.name().contains("/" + folded + "_"),
                        f + ": " + x.name() + " should have folded or collapsed");
            }
            if (x.name().contains("/Where")) {
                assertEquals(1, x.inputs().size(), f + ": " + x.name() + " selects between the scores and a folded constant");
            }
        }
    }

    @Test
    void llamaHasGroupedQueryAttentionRopeAndAGatedMlp() {
        Network n = load("llama_prefill");
        Node q = n.nodes().stream().filter(x -> x.name().equals("/layers.0/self_attn/q_proj/MatMul")).findFirst().orElseThrow();
        Node k = n.nodes().stream().filter(x -> x.name().equals("/layers.0/self_attn/k_proj/MatMul")).findFirst().orElseThrow();
        assertEquals(128, q.weightCols(), "4 query heads of 32");
        assertEquals(64, k.weightCols(), "2 key-value heads of 32");
        assertEquals(2, n.nodes().stream().filter(x -> x.activation() == org.compass.model.network.Activation.SILU).count(),
                "SiLU(gate) collapsed, one per block");
        // rotate_half: Slice, Neg, Concat on the vector units, per q and k of each layer
        assertEquals(4, n.nodes().stream().filter(x -> x.name().matches(".*/self_attn/Neg(_\\d+)?")).count());
    }

    @Test
    void decodeReadsTheCacheAsInputsAndAttendsOverPastAndNew() {
        Network n = load("gpt2_decode");
        List<Node> cache = n.nodes().stream().filter(x -> x.kind() == LayerKind.INPUT && x.name().startsWith("past_key_values")).toList();
        assertEquals(4, cache.size());
        // flagged as the KV cache (issue 14): kept in DRAM across the step; the token input is not
        assertTrue(cache.stream().allMatch(x -> n.kvCache(x.id())), "past_key_values.* flagged as KV cache");
        // and the new keys and values concatenated to them: appended to the cache (stored), as the zoo's decoders do
        assertEquals(8, n.nodes().stream().filter(x -> n.kvCache(x.id())).count());
        assertEquals(4, n.nodes().stream().filter(x -> n.kvCache(x.id()) && x.kind() != LayerKind.INPUT).count());
        assertTrue(n.notes().stream().anyMatch(s -> s.startsWith("cached keys and values of earlier tokens")), n.notes().toString());
        Node scores = n.nodes().stream().filter(x -> x.kind() == LayerKind.MATMUL).findFirst().orElseThrow();
        assertEquals(4 * 1 * 17, scores.output().elements(), "4 heads x 1 new token x (16 past + 1) keys");
    }
}
