package org.compass.model.onnx;

import static org.compass.model.onnx.OnnxGraphs.intAttr;
import static org.compass.model.onnx.OnnxGraphs.ints;
import static org.compass.model.onnx.OnnxGraphs.intsAttr;
import static org.compass.model.onnx.OnnxGraphs.node;
import static org.compass.model.onnx.OnnxGraphs.output;
import static org.compass.model.onnx.OnnxGraphs.stringAttr;
import static org.compass.model.onnx.OnnxGraphs.value;
import static org.compass.model.onnx.OnnxGraphs.weight;
import static org.compass.model.onnx.OnnxGraphs.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.compass.model.network.Activation;
import org.compass.model.network.LayerKind;
import org.compass.model.network.Network;
import org.compass.model.network.Node;
import org.compass.model.network.Shape;
import org.compass.model.network.Window;
import org.compass.model.onnx.proto.Onnx.GraphProto;
import org.compass.model.onnx.proto.Onnx.TensorProto;
import org.compass.model.InputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * ONNX inputs as real exports write them (the files of {@code src/test/resources/onnx-wild}, with their
 * README and {@code expected.tsv}), one test per kind, each with a small built graph of the same kind that
 * the files do not cover.
 */
class OnnxWildTest {

    static final Path DIR = Path.of("src/test/resources/onnx-wild");

    @TempDir
    Path dir;

    record Case(String file, long macs, long weights) {
        @Override
        public String toString() {
            return file;
        }
    }

    static Stream<Case> cases() throws IOException {
        return Files.readAllLines(DIR.resolve("expected.tsv")).stream().skip(1).filter(l -> !l.isBlank())
                .map(l -> l.split("\t")).map(f -> new Case(f[0], Long.parseLong(f[1]), Long.parseLong(f[2])));
    }

    private static Network wild(String file) {
        return OnnxImporter.read(DIR.resolve(file));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void everyFileGivesTheStatedMacsAndWeights(Case c) {
        Network n = wild(c.file());
        assertEquals(c.macs(), n.macs(), "MACs of " + c);
        assertEquals(c.weights(), n.crossbarWeights(), "crossbar weights of " + c);
    }

    // ---------------------------------------------------------------- weight or activation, by origin

    @Test
    void weightOnTheLeftOfMatMulIsALinearLayer() throws IOException {
        Node fc = single(wild("r18a_matmul_weight_first.onnx"), LayerKind.FC);
        assertEquals(64, fc.weightRows());
        assertEquals(32, fc.weightCols());
        assertEquals(10, fc.mvmSteps(), "each of x's 10 columns is a token");
        assertEquals(new Shape(32, 10, 1), fc.output());

        // W [32, 64] . x [1, 2, 64, 10]: batch axes of x multiply the tokens
        GraphProto.Builder g = GraphProto.newBuilder().setName("wx").addInput(value("x", 1, 2, 64, 10))
                .addInitializer(weight("w", 32, 64))
                .addNode(node("MatMul", "mm", List.of("w", "x"), "y")).addOutput(output("y"));
        Network n = OnnxImporter.read(write(dir, "wx.onnx", g));
        assertEquals(20L * 64 * 32, n.macs());
    }

    @Test
    void gemmTakesItsWeightFromEitherOperand() throws IOException {
        Node fc = single(wild("r18b_gemm_transA_weightB.onnx"), LayerKind.FC);
        assertEquals(64, fc.weightRows());
        assertEquals(32, fc.weightCols());
        assertEquals(10, fc.mvmSteps());

        // Gemm(W [32, 64], x [10, 64], transB=1) = W x^T: the weight is A
        GraphProto.Builder g = GraphProto.newBuilder().setName("wa").addInput(value("x", 10, 64))
                .addInitializer(weight("w", 32, 64)).addInitializer(weight("c", 32, 1))
                .addNode(node("Gemm", "gemm", List.of("w", "x", "c"), "y", intAttr("transB", 1))).addOutput(output("y"));
        Network n = OnnxImporter.read(write(dir, "wa.onnx", g));
        Node wa = single(n, LayerKind.FC);
        assertEquals(64, wa.weightRows());
        assertEquals(32, wa.weightCols());
        assertEquals(20_480, n.macs());
        assertTrue(wa.bias());
    }

    @Test
    void twoGraphInputsMultiplyOnVectorUnits() {
        Network n = wild("r18c_matmul_two_inputs.onnx");
        assertTrue(n.weightedNodes().isEmpty());
        Node mm = single(n, LayerKind.MATMUL);
        assertEquals(2, mm.inputs().size());
        assertEquals(2, n.nodes().stream().filter(x -> x.kind() == LayerKind.INPUT).count());
        assertTrue(n.notes().stream().anyMatch(s -> s.contains("'k' [1, 16, 8]")), n.notes().toString());
    }

    @Test
    void parameterInputsAreRecognizedByNameOrByTheOption() throws IOException {
        GraphProto.Builder g = GraphProto.newBuilder().setName("p").addInput(value("x", 1, 8, 16))
                .addInput(value("proj", 16, 4)).addInput(value("head.weight", 4, 2))
                .addNode(node("MatMul", "mm", List.of("x", "proj"), "h"))
                .addNode(node("MatMul", "head", List.of("h", "head.weight"), "y")).addOutput(output("y"));
        Path file = write(dir, "p.onnx", g);
        Network byName = OnnxImporter.read(file);
        assertEquals(List.of(LayerKind.INPUT, LayerKind.INPUT, LayerKind.MATMUL, LayerKind.FC),
                byName.nodes().stream().map(Node::kind).toList(), "'proj' is an activation, 'head.weight' a parameter");
        Network listed = OnnxImporter.read(file, null, Set.of("proj"));
        assertEquals(8L * 16 * 4 + 8 * 4 * 2, listed.macs());
        InputException e = assertThrows(InputException.class, () -> OnnxImporter.read(file, null, Set.of("nope")));
        assertEquals(file + ": weights_as_inputs names 'nope', which is not an input of the graph", e.getMessage());
    }

    @Test
    void batchedWeightIsRefusedWithItsShape() throws IOException {
        GraphProto.Builder g = GraphProto.newBuilder().setName("bw").addInput(value("x", 2, 64, 10))
                .addInitializer(weight("w", 2, 32, 64))
                .addNode(node("MatMul", "mm", List.of("w", "x"), "y")).addOutput(output("y"));
        Path file = write(dir, "bw.onnx", g);
        InputException e = assertThrows(InputException.class, () -> OnnxImporter.read(file));
        assertEquals(file + ": node 'mm' (op MatMul): MatMul with a batched weight [2, 32, 64] is not supported", e.getMessage());
    }

    // ---------------------------------------------------------------- static batch, empty dimensions

    @Test
    void staticBatchIsImportedPerImage() throws IOException {
        Network n = wild("r20_static_batch10.onnx");
        assertEquals(new Shape(3, 32, 32), n.node(0).output());
        assertEquals(new Shape(16, 16, 16), n.node(1).output());
        assertTrue(n.notes().stream().anyMatch(s -> s.contains("static batch of 10")), n.notes().toString());

        // a Reshape that spells out the export's batch is read per image too
        GraphProto.Builder g = GraphProto.newBuilder().setName("b4").addInput(value("x", 4, 3, 8, 8))
                .addInitializer(weight("w", 2, 3, 3, 3)).addInitializer(ints("shape", 4, -1)).addInitializer(weight("fw", 128, 10))
                .addNode(node("Conv", "conv", List.of("x", "w"), "c", intsAttr("pads", 1, 1, 1, 1)))
                .addNode(node("Reshape", "flat", List.of("c", "shape"), "f"))
                .addNode(node("MatMul", "fc", List.of("f", "fw"), "y")).addOutput(output("y"));
        Network b4 = OnnxImporter.read(write(dir, "b4.onnx", g));
        assertEquals(2L * 64 * 27 + 128 * 10, b4.macs());
        assertEquals(1, single(b4, LayerKind.FC).mvmSteps());
    }

    @Test
    void staticDimensionOfZeroIsRefusedWithTheFilesShape() throws IOException {
        // ONNX's conformance case test_reshape_allowzero_reordered
        GraphProto.Builder g = GraphProto.newBuilder().setName("z").addInput(value("data", 0, 3, 4))
                .addInitializer(ints("shape", 3, 4, 0))
                .addNode(node("Reshape", "r", List.of("data", "shape"), "y", intAttr("allowzero", 1))).addOutput(output("y"));
        Path file = write(dir, "z.onnx", g);
        InputException e = assertThrows(InputException.class, () -> OnnxImporter.read(file));
        assertEquals(file + ": input 'data' has shape [0, 3, 4]: dimension 0 is 0, expected a positive size "
                + "(an empty tensor has nothing to map)", e.getMessage());
    }

    // ---------------------------------------------------------------- padding

    @Test
    void sameUpperWithAnEvenKernelPadsMoreAfter() throws IOException {
        Node conv = single(wild("r04a_conv_same_upper_k4.onnx"), LayerKind.CONV);
        assertEquals(new Shape(4, 8, 8), conv.output());
        Window w = conv.window();
        assertEquals(List.of(1, 1, 2, 2), List.of(w.padH(), w.padW(), w.padBottom(), w.padRight()));

        GraphProto.Builder g = GraphProto.newBuilder().setName("lo").addInput(value("x", 1, 3, 8, 8))
                .addInitializer(weight("w", 4, 3, 4, 4))
                .addNode(node("Conv", "conv", List.of("x", "w"), "y", stringAttr("auto_pad", "SAME_LOWER"))).addOutput(output("y"));
        Window lower = single(OnnxImporter.read(write(dir, "lo.onnx", g)), LayerKind.CONV).window();
        assertEquals(List.of(2, 2, 1, 1), List.of(lower.padH(), lower.padW(), lower.padBottom(), lower.padRight()));
    }

    @Test
    void explicitAsymmetricPadsAndAFoldedAsymmetricPad() throws IOException {
        Node conv = single(wild("r19a_conv_asym_pads.onnx"), LayerKind.CONV);
        assertEquals(new Shape(4, 4, 4), conv.output());
        assertEquals(0, conv.window().padH());
        assertEquals(1, conv.window().padBottom());

        // TensorFlow's "pad then VALID conv": Pad [0,0,0,0, 0,0,1,1] folds into the window
        GraphProto.Builder g = GraphProto.newBuilder().setName("fp").addInput(value("x", 1, 3, 8, 8))
                .addInitializer(weight("w", 4, 3, 3, 3)).addInitializer(ints("pads", 0, 0, 0, 0, 0, 0, 1, 1))
                .addNode(node("Pad", "pad", List.of("x", "pads"), "xp"))
                .addNode(node("Conv", "conv", List.of("xp", "w"), "y", intsAttr("strides", 2, 2))).addOutput(output("y"));
        Network n = OnnxImporter.read(write(dir, "fp.onnx", g));
        assertEquals(List.of(LayerKind.INPUT, LayerKind.CONV), n.nodes().stream().map(Node::kind).toList());
        assertEquals(1728, n.macs());
    }

    @Test
    void oneDimensionalConvolutionAndPoolingAreTwoDimensionalOfHeightOne() throws IOException {
        // an audio-style stack exported with a static batch of 3
        GraphProto.Builder g = GraphProto.newBuilder().setName("audio").addInput(value("x", 3, 4, 32))
                .addInitializer(weight("w1", 8, 4, 3)).addInitializer(weight("w2", 8, 8, 3)).addInitializer(weight("fw", 8, 5))
                .addNode(node("Conv", "c1", List.of("x", "w1"), "c1", intsAttr("pads", 1, 1)))
                .addNode(node("Relu", "r1", List.of("c1"), "r1"))
                .addNode(node("MaxPool", "p1", List.of("r1"), "p1", intsAttr("kernel_shape", 2), intsAttr("strides", 2)))
                .addNode(node("Conv", "c2", List.of("p1", "w2"), "c2", intsAttr("strides", 2)))
                .addNode(node("Add", "res", List.of("c2", "c2"), "s"))
                .addNode(node("GlobalAveragePool", "gap", List.of("s"), "gp"))
                .addNode(node("Flatten", "flat", List.of("gp"), "f"))
                .addNode(node("Gemm", "fc", List.of("f", "fw"), "y")).addOutput(output("y"));
        Network n = OnnxImporter.read(write(dir, "audio.onnx", g));
        List<Node> convs = n.nodes().stream().filter(x -> x.kind() == LayerKind.CONV).toList();
        assertEquals(new Shape(8, 1, 32), convs.get(0).output());
        assertEquals(new Shape(8, 1, 7), convs.get(1).output(), "floor((16 - 3) / 2) + 1 positions");
        assertEquals(Activation.RELU, convs.get(0).activation());
        assertEquals(new Shape(8, 1, 7), single(n, LayerKind.ADD).output());
        assertEquals(8L * 32 * 12 + 8 * 7 * 24 + 8 * 5, n.macs());
        assertTrue(n.notes().stream().anyMatch(s -> s.contains("static batch of 3")), n.notes().toString());
    }

    @Test
    void resizeByScalesOrSizes() throws IOException {
        TensorProto.Builder scales = TensorProto.newBuilder().setName("scales").setDataType(TensorProto.DataType.FLOAT_VALUE)
                .addDims(4).addFloatData(1).addFloatData(1).addFloatData(2).addFloatData(2);
        GraphProto.Builder g = GraphProto.newBuilder().setName("up").addInput(value("x", 1, 4, 8, 8))
                .addInitializer(scales).addInitializer(ints("sizes", 1, 4, 20, 20)).addInitializer(weight("w", 2, 4, 1, 1))
                .addNode(node("Resize", "near", List.of("x", "", "scales"), "a"))
                .addNode(node("Resize", "lin", List.of("a", "", "", "sizes"), "b", stringAttr("mode", "linear")))
                .addNode(node("Conv", "conv", List.of("b", "w"), "y")).addOutput(output("y"));
        Network n = OnnxImporter.read(write(dir, "up.onnx", g), null);
        assertEquals(List.of(LayerKind.INPUT, LayerKind.RESHAPE, LayerKind.ACTIVATION, LayerKind.CONV),
                n.nodes().stream().map(Node::kind).toList(), "nearest moves data, linear interpolates on vector units");
        assertEquals(new Shape(4, 16, 16), n.node(1).output());
        assertEquals(new Shape(4, 20, 20), n.node(2).output());
        assertEquals(2L * 400 * 4, n.macs());
    }

    // ---------------------------------------------------------------- activations on vector units

    @Test
    void hardSwishIsAVectorActivation() {
        Network n = wild("r11b_hardswish_op.onnx");
        assertEquals(Activation.NONE, single(n, LayerKind.CONV).activation());
        assertEquals(Activation.HARD_SWISH, single(n, LayerKind.ACTIVATION).activation());
    }

    @Test
    void leakyReluIsAVectorActivation() {
        Network n = wild("x5_leakyrelu.onnx");
        assertEquals(Activation.LEAKY_RELU, single(n, LayerKind.ACTIVATION).activation());
        assertEquals(0, single(n, LayerKind.ACTIVATION).macs());
    }

    @Test
    void siluPreluAndHardSigmoidBecomeOneActivationEach() throws IOException {
        GraphProto.Builder g = GraphProto.newBuilder().setName("acts").addInput(value("x", 1, 3, 8, 8))
                .addInitializer(weight("w", 4, 3, 3, 3)).addInitializer(weight("slope", 4, 1, 1))
                .addNode(node("Conv", "conv", List.of("x", "w"), "c", intsAttr("pads", 1, 1, 1, 1)))
                .addNode(node("Sigmoid", "sig", List.of("c"), "s"))
                .addNode(node("Mul", "silu", List.of("c", "s"), "a"))
                .addNode(node("PRelu", "prelu", List.of("a", "slope"), "p"))
                .addNode(node("HardSigmoid", "hs", List.of("p"), "y")).addOutput(output("y"));
        Network n = OnnxImporter.read(write(dir, "acts.onnx", g));
        assertEquals(List.of(Activation.NONE, Activation.NONE, Activation.SILU, Activation.PRELU, Activation.HARD_SIGMOID),
                n.nodes().stream().map(Node::activation).toList());
        assertEquals(4L * 64 * 27, n.macs());
    }

    @Test
    void decomposedSoftmaxRunsOnVectorUnits() throws IOException {
        GraphProto.Builder g = GraphProto.newBuilder().setName("sm").addInput(value("x", 1, 4, 10))
                .addInitializer(ints("axes", -1))
                .addNode(node("ReduceMax", "max", List.of("x"), "m", intsAttr("axes", -1)))
                .addNode(node("Sub", "sub", List.of("x", "m"), "d"))
                .addNode(node("Exp", "exp", List.of("d"), "e"))
                .addNode(node("ReduceSum", "sum", List.of("e", "axes"), "s"))
                .addNode(node("Div", "div", List.of("e", "s"), "y")).addOutput(output("y"));
        Network n = OnnxImporter.read(write(dir, "sm.onnx", g), null);
        assertTrue(n.weightedNodes().isEmpty());
        assertEquals(new Shape(10, 4, 1), n.node(n.size() - 1).output());
        assertEquals(2, n.nodes().stream().filter(x -> x.kind() == LayerKind.NORM).count(), "the two reductions");
    }

    // ---------------------------------------------------------------- token embeddings

    @Test
    void embeddingTableStaysInDram() {
        Network n = wild("r17_embedding_gather.onnx");
        Node rows = n.node(0);
        assertEquals(LayerKind.INPUT, rows.kind());
        assertEquals("Gather_0", rows.name());
        assertEquals(new Shape(64, 8, 1), rows.output(), "8 tokens read a row of 64 values each");
        assertEquals(1, n.nodes().stream().filter(x -> x.kind() == LayerKind.INPUT).count(), "the ids are only addresses");
        assertEquals(4096, single(n, LayerKind.FC).crossbarWeights(), "the table holds no crossbar weights");
        assertTrue(n.notes().stream().anyMatch(s -> s.contains("'emb' [1000, 64] stays in DRAM")), n.notes().toString());
    }

    @Test
    void gatherOfAnActivationAtComputedIndicesIsRefused() throws IOException {
        GraphProto.Builder g = GraphProto.newBuilder().setName("ga").addInput(value("x", 1, 8, 16))
                .addInput(value("ids", 1, 4))
                .addNode(node("Gather", "g", List.of("x", "ids"), "y", intAttr("axis", 1))).addOutput(output("y"));
        Path file = write(dir, "ga.onnx", g);
        InputException e = assertThrows(InputException.class, () -> OnnxImporter.read(file));
        assertTrue(e.getMessage().startsWith(file + ": node 'g' (op Gather): Gather of an activation at indices computed"),
                e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    private static Node single(Network n, LayerKind kind) {
        List<Node> of = n.nodes().stream().filter(x -> x.kind() == kind).toList();
        assertEquals(1, of.size(), kind + " nodes of " + n.name() + ": " + of);
        return of.get(0);
    }
}
