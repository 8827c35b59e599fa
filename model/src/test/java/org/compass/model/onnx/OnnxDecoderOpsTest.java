package org.compass.model.onnx;

import static org.compass.model.onnx.OnnxGraphs.intAttr;
import static org.compass.model.onnx.OnnxGraphs.ints;
import static org.compass.model.onnx.OnnxGraphs.intsAttr;
import static org.compass.model.onnx.OnnxGraphs.node;
import static org.compass.model.onnx.OnnxGraphs.output;
import static org.compass.model.onnx.OnnxGraphs.value;
import static org.compass.model.onnx.OnnxGraphs.weight;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.compass.model.mapping.CrossbarMapper;
import org.compass.model.mapping.CrossbarMapping;
import org.compass.model.network.LayerKind;
import org.compass.model.network.Network;
import org.compass.model.network.Node;
import org.compass.model.network.Shape;
import org.compass.model.onnx.proto.Onnx.GraphProto;
import org.compass.model.InputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Decoder operators: ConvTranspose's mapping, bias after W.x, masks and Where over activations. */
class OnnxDecoderOpsTest {

    @TempDir
    Path dir;

    /**
     * A small U-Net-style decoder step: Conv 3x3 (8 -> 16) at 8x8, ConvTranspose 2x2 stride 2 (16 -> 8) to
     * 16x16 with bias, Conv 1x1 (8 -> 2).
     */
    /**
     * Issue 14: a decode step exported with its cache as inputs. Inputs after the first named like a key or value
     * cache ({@code past_key_values.0.key}, ...) are flagged as KV cache, so that the mapped graph keeps them in
     * DRAM across the step; a cache-named input that holds no keys or values ({@code cache_position}) and the
     * token input are not.
     */
    @Test
    void cachedKeysAndValuesAreFlaggedAsKvCache() throws IOException {
        GraphProto.Builder g = GraphProto.newBuilder().setName("decode")
                .addInput(value("x", 1, 1, 4))
                .addInput(value("past_key_values.0.key", 1, 3, 4))
                .addInput(value("past_key_values.0.value", 1, 3, 4))
                .addInput(value("cache_position", 1, 1, 4))
                .addInitializer(weight("wk", 4, 4)).addInitializer(weight("wv", 4, 4))
                .addNode(node("MatMul", "k_proj", List.of("x", "wk"), "k"))
                .addNode(node("MatMul", "v_proj", List.of("x", "wv"), "v"))
                .addNode(node("Concat", "k_cat", List.of("past_key_values.0.key", "k"), "present.0.key", intAttr("axis", 1)))
                .addNode(node("Concat", "v_cat", List.of("past_key_values.0.value", "v"), "present.0.value",
                        intAttr("axis", 1)))
                .addNode(node("Transpose", "kt", List.of("present.0.key"), "kt", intsAttr("perm", 0, 2, 1)))
                .addNode(node("MatMul", "scores", List.of("x", "kt"), "s"))
                .addNode(node("MatMul", "context", List.of("s", "present.0.value"), "c"))
                .addNode(node("Add", "pos", List.of("c", "cache_position"), "y"))
                .addOutput(output("y"));
        Network n = OnnxImporter.read(OnnxGraphs.write(dir, "decode.onnx", g));
        java.util.Map<String, Boolean> flagged = new java.util.TreeMap<>();
        for (Node node : n.nodes()) {
            if (node.kind() == LayerKind.INPUT) {
                flagged.put(node.name(), n.kvCache(node.id()));
            }
        }
        assertEquals(java.util.Map.of("x", false, "past_key_values.0.key", true, "past_key_values.0.value", true,
                "cache_position", false), flagged);
        assertTrue(n.notes().stream().anyMatch(s -> s.startsWith("cached keys and values") && s.contains("(the KV cache)")),
                n.notes().toString());
        // mapped, the cache tensors stay in DRAM for the whole step (the DRAM peak keeps them)
        var graph = org.compass.model.mapping.MappedGraph.build(n,
                org.compass.model.hardware.HardwarePresets.byName("compass-s").orElseThrow());
        long kept = graph.tensors().stream().filter(t -> t.kvCache()).peek(t -> assertTrue(t.keptInDram(), t.name()))
                .count();
        // the two cache inputs, and the new entries concatenated to them, appended (stored) as the zoo's are
        assertEquals(4, kept);
        assertEquals(2, graph.tensors().stream().filter(t -> t.kvCache() && t.producer() >= 0).count());
    }

    /**
     * Issue 14: an export whose cache inputs are concatenated with one new token's keys and values is one decode
     * step with that many tokens cached, and its problem is in that phase (token metrics); with two new tokens it is
     * not a decode step: a note says so and no phase is given. The fixtures' decoders (16 tokens cached) too.
     */
    @Test
    void anExportedDecodeStepFixesItsPhase() throws IOException {
        for (int added : new int[] {1, 2}) {
            GraphProto.Builder g = GraphProto.newBuilder().setName("decode" + added)
                    .addInput(value("x", 1, added, 4))
                    .addInput(value("past_key_values.0.key", 1, 3, 4))
                    .addInitializer(weight("wk", 4, 4))
                    .addNode(node("MatMul", "k_proj", List.of("x", "wk"), "k"))
                    .addNode(node("Concat", "k_cat", List.of("past_key_values.0.key", "k"), "present.0.key",
                            intAttr("axis", 1)))
                    .addNode(node("Transpose", "kt", List.of("present.0.key"), "kt", intsAttr("perm", 0, 2, 1)))
                    .addNode(node("MatMul", "scores", List.of("x", "kt"), "y"))
                    .addOutput(output("y"));
            Network n = OnnxImporter.read(OnnxGraphs.write(dir, "decode" + added + ".onnx", g));
            var problem = org.compass.model.problem.Problem.of(n,
                    org.compass.model.hardware.HardwarePresets.byName("compass-s").orElseThrow(), 4,
                    org.compass.model.problem.Objective.THROUGHPUT, org.compass.model.problem.PipelineMode.ROW,
                    org.compass.model.problem.ReplicationSet.DEFAULT);
            if (added == 1) {
                assertEquals(3, n.cachedTokens());
                assertEquals(org.compass.model.problem.InferencePhase.decode(3), problem.phase());
                assertEquals(4, problem.tokensPerBatch());
            } else {
                assertEquals(0, n.cachedTokens());
                assertEquals(org.compass.model.problem.InferencePhase.NONE, problem.phase());
                assertTrue(n.notes().stream().anyMatch(s -> s.contains("concatenated with 2 new tokens to 3 cached"
                        + " ones, not one decode step")), n.notes().toString());
            }
        }
        for (String fixture : List.of("gpt2_decode", "llama_decode", "llama_prefill")) {
            Network n = OnnxImporter.read(Path.of("src/test/resources/onnx-transformers/" + fixture + ".onnx"));
            assertEquals(fixture.endsWith("decode") ? 16 : 0, n.cachedTokens(), fixture);
        }
    }

    @Test
    void kvCacheNames() {
        for (String name : List.of("past_key_values.0.key", "past_key_values.11.value", "past_key_0", "past_v.1",
                "cache_k.2", "kv_cache.0")) {
            assertTrue(GraphInputs.kvCacheName(name), name);
        }
        for (String name : List.of("cache_position", "past_seq_len", "input_ids", "attention_mask")) {
            assertTrue(!GraphInputs.kvCacheName(name), name);
        }
    }

    @Test
    void convTransposeIsACrossbarLayerWithItsOwnMappingRule() throws IOException {
        GraphProto.Builder g = GraphProto.newBuilder().setName("unet")
                .addInput(value("x", 1, 8, 8, 8))
                .addInitializer(weight("w1", 16, 8, 3, 3))
                .addInitializer(weight("up.weight", 16, 8, 2, 2)).addInitializer(weight("up.bias", 8))
                .addInitializer(weight("w2", 2, 8, 1, 1))
                .addNode(node("Conv", "enc", List.of("x", "w1"), "e", intsAttr("pads", 1, 1, 1, 1)))
                .addNode(node("Relu", "relu", List.of("e"), "r"))
                .addNode(node("ConvTranspose", "up", List.of("r", "up.weight", "up.bias"), "u", intsAttr("strides", 2, 2)))
                .addNode(node("Conv", "head", List.of("u", "w2"), "y"))
                .addOutput(output("y"));
        Network n = OnnxImporter.read(OnnxGraphs.write(dir, "unet.onnx", g));
        Node up = n.nodes().stream().filter(x -> x.name().equals("up")).findFirst().orElseThrow();
        assertEquals(LayerKind.CONV, up.kind());
        assertEquals(16, up.weightRows(), "K = C_in");
        assertEquals(8 * 2 * 2, up.weightCols(), "M = C_out x kh x kw");
        assertEquals(16L * 8 * 2 * 2, up.crossbarWeights(), "the file's C_in x C_out x kh x kw weights");
        assertEquals(64, up.mvmSteps(), "one MVM per input position");
        assertEquals(8L * 8 * 16 * 8 * 2 * 2, up.macs(), "H_in W_in C_in C_out kh kw");
        Node col2im = n.nodes().stream().filter(x -> x.name().equals("up/col2im")).findFirst().orElseThrow();
        assertEquals(new Shape(8, 16, 16), col2im.output());
        assertEquals(8 * 16 * 16, col2im.vectorOps(), "one overlap-add operation per output element");
        Node head = n.node(n.nodes().size() - 1);
        assertEquals(new Shape(2, 16, 16), head.output());
        assertEquals(16L * 16 * 8 * 2, head.macs());
        // 8x8x8x16x9 + the transposed conv + 16x16x8x2
        assertEquals(8L * 8 * 8 * 16 * 9 + 8L * 8 * 16 * 8 * 4 + 16L * 16 * 8 * 2, n.macs());
        CrossbarMapping m = CrossbarMapper.map(up, org.compass.model.hardware.HardwarePresets.byName("compass-m").orElseThrow());
        assertEquals(1, m.rowTiles());
        assertTrue(m.colTiles() >= 1);
    }

    /** A U-Net exported by PyTorch (tools/export-transformers.sh): MACs and weights as the hooks count them. */
    @Test
    void pytorchUnetMatchesTheHooks() throws IOException {
        Path dirOf = Path.of("src/test/resources/onnx-transformers");
        String[] row = java.nio.file.Files.readAllLines(dirOf.resolve("unet.csv")).get(1).split(",");
        Network n = OnnxImporter.read(dirOf.resolve(row[0]));
        assertEquals(Long.parseLong(row[1]), n.macs(), "conv MACs, ConvTranspose in its scatter form");
        assertEquals(Long.parseLong(row[2]), n.crossbarWeights(), "conv and transposed-conv weights");
        assertEquals(2, n.nodes().stream().filter(x -> x.name().endsWith("/col2im")).count());
        assertEquals(new Shape(2, 32, 32), n.node(n.nodes().size() - 1).output());
    }

    @Test
    void groupedOneDimensionalConvTransposeWithOutputPaddingAndSamePadding() throws IOException {
        GraphProto.Builder g = GraphProto.newBuilder().setName("ct1d")
                .addInput(value("x", 1, 4, 10))
                .addInitializer(weight("w", 4, 3, 5))
                .addInitializer(weight("w2", 4, 6, 3))
                .addNode(node("ConvTranspose", "a", List.of("x", "w"), "y", intsAttr("strides", 3), intAttr("group", 2),
                        intsAttr("pads", 1, 2), intsAttr("output_padding", 1)))
                .addNode(node("ConvTranspose", "b", List.of("x", "w2"), "z", intsAttr("strides", 2),
                        OnnxGraphs.stringAttr("auto_pad", "SAME_UPPER")))
                .addOutput(output("y")).addOutput(output("z"));
        Network n = OnnxImporter.read(OnnxGraphs.write(dir, "ct1d.onnx", g));
        Node a = n.nodes().stream().filter(x -> x.name().equals("a")).findFirst().orElseThrow();
        assertEquals(2, a.groups());
        assertEquals(4 * 3 * 5, a.crossbarWeights(), "C_in x C_out/g x k");
        // 3 x (10 - 1) + 1 + 5 - 1 - 2 = 30
        assertEquals(new Shape(6, 1, 30), n.nodes().stream().filter(x -> x.name().equals("a/col2im")).findFirst().orElseThrow().output());
        assertEquals(new Shape(6, 1, 20), n.nodes().stream().filter(x -> x.name().equals("b/col2im")).findFirst().orElseThrow().output());
    }

    @Test
    void threeDimensionalConvTransposeIsRefused() throws IOException {
        GraphProto.Builder g = GraphProto.newBuilder().setName("ct3d")
                .addInput(value("x", 1, 2, 4, 4, 4)).addInitializer(weight("w", 2, 2, 3, 3, 3))
                .addNode(node("ConvTranspose", "up3", List.of("x", "w"), "y")).addOutput(output("y"));
        InputException e = assertThrows(InputException.class, () -> OnnxImporter.read(OnnxGraphs.write(dir, "ct3d.onnx", g)));
        assertTrue(e.getMessage().contains("node 'up3' (op ConvTranspose): only 1-d and 2-d transposed convolutions"), e.getMessage());
    }

    /** Y = W.x + b with b of [M, 1]: the bias fuses into the linear layer, as after X.W. */
    @Test
    void biasAfterWeightFirstMatMulIsFused() throws IOException {
        GraphProto.Builder g = GraphProto.newBuilder().setName("wx")
                .addInput(value("x", 1, 32, 10))
                .addInitializer(weight("W", 16, 32)).addInitializer(weight("b", 16, 1))
                .addNode(node("MatMul", "mm", List.of("W", "x"), "m"))
                .addNode(node("Add", "add", List.of("m", "b"), "y"))
                .addOutput(output("y"));
        Network n = OnnxImporter.read(OnnxGraphs.write(dir, "wx.onnx", g));
        Node fc = n.weightedNodes().get(0);
        assertTrue(fc.bias(), "bias fused");
        assertTrue(n.nodes().stream().noneMatch(x -> x.kind() == LayerKind.ADD), n.nodes().toString());
        assertEquals(16L * 32 * 10, n.macs());
        // a bias along the tokens' axis ([1, 10]) is not a per-feature bias: an elementwise node
        GraphProto.Builder h = GraphProto.newBuilder().setName("wx2")
                .addInput(value("x", 1, 32, 10))
                .addInitializer(weight("W", 16, 32)).addInitializer(weight("b", 1, 10))
                .addNode(node("MatMul", "mm", List.of("W", "x"), "m"))
                .addNode(node("Add", "add", List.of("m", "b"), "y"))
                .addOutput(output("y"));
        Network n2 = OnnxImporter.read(OnnxGraphs.write(dir, "wx2.onnx", h));
        assertTrue(n2.nodes().stream().anyMatch(x -> x.kind() == LayerKind.ADD));
    }

    /** RMSNorm as torch.rsqrt exports it: Pow, ReduceMean, Add, Sqrt, Div(1, .), Mul(x, .), Mul(weight). */
    @Test
    void rmsNormWithRsqrtCollapses() throws IOException {
        GraphProto.Builder g = GraphProto.newBuilder().setName("rms")
                .addInput(value("x", 1, 8, 64))
                .addInitializer(OnnxGraphs.floatScalar("two", 2f)).addInitializer(OnnxGraphs.floatScalar("eps", 1e-6f))
                .addInitializer(OnnxGraphs.floatScalar("one", 1f)).addInitializer(weight("norm.weight", 64))
                .addInitializer(weight("fc.weight", 64, 32))
                .addNode(node("Pow", "/norm/Pow", List.of("x", "two"), "p"))
                .addNode(node("ReduceMean", "/norm/ReduceMean", List.of("p"), "m", intsAttr("axes", -1)))
                .addNode(node("Add", "/norm/Add", List.of("m", "eps"), "a"))
                .addNode(node("Sqrt", "/norm/Sqrt", List.of("a"), "s"))
                .addNode(node("Div", "/norm/Div", List.of("one", "s"), "r"))
                .addNode(node("Mul", "/norm/Mul", List.of("x", "r"), "xr"))
                .addNode(node("Mul", "/norm/Mul_1", List.of("norm.weight", "xr"), "n"))
                .addNode(node("MatMul", "fc", List.of("n", "fc.weight"), "y"))
                .addOutput(output("y"));
        Network n = OnnxImporter.read(OnnxGraphs.write(dir, "rms.onnx", g));
        assertEquals(List.of(LayerKind.INPUT, LayerKind.NORM, LayerKind.FC), n.nodes().stream().map(Node::kind).toList());
        assertEquals("/norm", n.node(1).name());
        assertEquals(8L * 64 * 32, n.macs());
    }

    /** A causal mask built from shapes known at import time folds away; Where applies it to the scores. */
    @Test
    void causalMaskFoldsAndWhereOverActivationsIsVectorWork() throws IOException {
        GraphProto.Builder g = GraphProto.newBuilder().setName("mask")
                .addInput(value("scores", 1, 2, 6, 6))
                .addInitializer(ints("shape", 6, 6))
                .addInitializer(OnnxGraphs.scalar("zero", 0)).addInitializer(OnnxGraphs.scalar("six", 6))
                .addInitializer(OnnxGraphs.scalar("one", 1)).addInitializer(OnnxGraphs.floatScalar("ninf", -1e9f))
                .addNode(node("ConstantOfShape", "ones", List.of("shape"), "o",
                        OnnxGraphs.tensorAttr("value", OnnxGraphs.floatScalar("v", 1f))))
                .addNode(node("Trilu", "tri", List.of("o"), "t", intAttr("upper", 0)))
                .addNode(node("Range", "rng", List.of("zero", "six", "one"), "r"))
                .addNode(node("Equal", "eq", List.of("t", "zero"), "m"))
                .addNode(node("Where", "where", List.of("m", "ninf", "scores"), "masked"))
                .addNode(node("Softmax", "sm", List.of("masked"), "y", intAttr("axis", -1)))
                .addOutput(output("y")).addOutput(output("r"));
        OnnxImporter.Translated t = OnnxImporter.translateForShapes(OnnxGraphs.write(dir, "mask.onnx", g));
        Network n = t.network();
        List<LayerKind> kinds = n.nodes().stream().map(Node::kind).toList();
        assertEquals(List.of(LayerKind.INPUT, LayerKind.ADD, LayerKind.SOFTMAX), kinds);
        assertEquals(2 * 6 * 6, n.node(1).vectorOps(), "one select per score (one activation operand)");
        assertEquals(List.of(0.0, 1.0, 2.0, 3.0, 4.0, 5.0), java.util.Arrays.stream(t.outputs().get("r").data).boxed().toList());
    }
}
