package org.compass.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.compass.model.onnx.proto.Onnx.GraphProto;
import org.compass.model.onnx.proto.Onnx.ModelProto;
import org.compass.model.onnx.proto.Onnx.NodeProto;
import org.compass.model.onnx.proto.Onnx.OperatorSetIdProto;
import org.compass.model.onnx.proto.Onnx.TensorProto;
import org.compass.model.onnx.proto.Onnx.TensorShapeProto;
import org.compass.model.onnx.proto.Onnx.TypeProto;
import org.compass.model.onnx.proto.Onnx.ValueInfoProto;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 16: hostile input through the whole command line. Every case is one line on standard error, the
 * documented exit code and no stack trace. The observed rows are written to
 * {@code target/reliability/cases.tsv}; {@code tools/reliability-table.sh} turns them into the table of
 * {@code docs/reliability.md}.
 */
class HostileInputTest {

    @TempDir
    static Path dir;

    private static final List<String> ROWS = new ArrayList<>();

    /**
     * One hostile input.
     *
     * @param name     what is wrong, for the table
     * @param problem  the problem file's text, or null to run the ONNX file {@code onnx} directly
     * @param onnx     an ONNX file written by {@link #onnxFiles} and what it holds, e.g. "huge.onnx (input
     *                 1x3x2^40x8)", when {@code problem} is null
     * @param args     options after the file
     * @param exit     the exit code expected
     * @param expected a fragment of the one-line message
     */
    record Case(String name, String problem, String onnx, List<String> args, int exit, String expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Case c(String name, String problem, int exit, String expected, String... args) {
        return new Case(name, problem, null, List.of(args), exit, expected);
    }

    private static Case onnx(String name, String file, int exit, String expected) {
        return new Case(name, null, file, List.of(), exit, expected);
    }

    private static String chain(String layer) {
        return "network:\n  input: [3, 8, 8]\n  layers:\n    - " + layer + "\n";
    }

    static Stream<Case> cases() {
        return Stream.of(
                c("add with an empty input list", "network:\n  input: [3, 8, 8]\n  layers:\n"
                        + "    - {name: c, type: conv, out: 8, kernel: 3}\n    - {name: a, type: add, inputs: []}\n",
                        2, "field 'network.layers[1].inputs': expected a non-empty list"),
                c("conv reading two inputs", "network:\n  input: [3, 8, 8]\n  layers:\n"
                        + "    - {name: c, type: conv, out: 3, kernel: 1}\n"
                        + "    - {name: d, type: conv, out: 3, kernel: 1, inputs: [c, input]}\n",
                        2, "expected one input for a conv layer"),
                c("BERT longer than 512 tokens", "network: {zoo: bert_base, input_size: 100000}\n", 2,
                        "field 'network.input_size': bert_base takes a sequence length of 1 to 512"),
                onnx("ONNX input dimension of 2^40", "huge.onnx (input 1x3x2^40x8)", 2, "graph inputs: tensor shape"),
                onnx("ONNX tensor written by two nodes", "twice.onnx (Conv 'conv' and Relu 'relu' both write 'y')", 2,
                        "twice.onnx: tensor 'y' is written by two nodes, 'conv' (op Conv) and 'relu' (op Relu)"),
                c("input_shape on an ONNX file with fixed sizes", "network: {onnx: fixed.onnx, input_shape: [3, 32, 32]}\n",
                        2, "fixed.onnx: input 'x' has fixed sizes [1, 3, 8, 8], but input_shape is [3, 32, 32]"),
                c("input_shape equal to the fixed sizes", "network: {onnx: fixed.onnx, input_shape: [3, 8, 8]}\n",
                        0, ""),
                c("cores x crossbars_per_core past 2^31", "network: resnet18\n"
                        + "hardware: {preset: compass-s, cores: 65536, crossbars_per_core: 65536}\n", 2,
                        "cores x crossbars_per_core = 65536 x 65536 = 4,294,967,296 crossbars"),
                c("padding of 2,000,000,000", chain("{name: c, type: conv, out: 8, kernel: 3, padding: 2000000000}"),
                        2, "gives an output of 4000000006x4000000006"),
                c("2^31-1 output channels", chain("{name: c, type: conv, out: 2147483647, kernel: 3}"), 2,
                        "has 77,309,411,292 elements; at most 2^36"),
                c("a layer split into 262,144 slices", "network:\n  input: [3, 1, 1]\n  layers:\n"
                        + "    - {name: c, type: fc, out: 2147483647}\nhardware: compass-s\n", 2,
                        "splits into 262,144 slices"),
                c("weight_bits of 2^31-1", "network: resnet18\nhardware: {preset: compass-s, weight_bits: 2147483647}\n",
                        2, "field 'hardware.weight_bits': expected an integer from 1 to 32"),
                c("cell_bits above weight_bits", "network: resnet18\nhardware: {preset: compass-s, cell_bits: 16}\n",
                        2, "field 'hardware.cell_bits': expected at most weight_bits"),
                c("batch of 2^31-1", "network: resnet18\nbatch: 2147483647\n", 2,
                        "field 'batch': expected a batch size of at most 65,536"),
                c("batch written in octal (017)", "network: resnet18\nbatch: 017\n", 2,
                        "field 'batch': expected a positive integer written in decimal"),
                c("batch written in hexadecimal (0x10)", "network: resnet18\nbatch: 0x10\n", 2,
                        "field 'batch': expected a positive integer written in decimal"),
                c("time limit of 1e300 s", "network: resnet18\nlimits: {seconds: 1e300}\n", 2,
                        "field 'limits.seconds': expected a positive number of seconds up to 1,000,000"),
                c("-t Infinity", "network: resnet18\n", 2, "--time-limit Infinity: expected a positive number of seconds up to 1,000,000", "-t", "Infinity"),
                c("--batch 0", "network: resnet18\n", 2, "--batch 0: expected a positive integer up to 65,536", "--batch", "0"),
                c("--threads 100000", "network: resnet18\n", 2, "expected an integer from 1 to 1024",
                        "--threads", "100000"),
                c("--batch abc", "network: resnet18\n", 2, "--batch abc: expected a whole number", "--batch", "abc"),
                c("-t abc", "network: resnet18\n", 2, "--time-limit abc: expected a number, e.g. 60 or 0.5", "-t",
                        "abc"),
                c("objective mistyped", "network: resnet18\nobjective: latncy\n", 2,
                        "field 'objective': expected throughput, latency, energy or edp, got 'latncy'; did you mean"
                                + " latency?"),
                c("a layer larger than the chip", "network: vgg16\nhardware: {preset: compass-s, cores: 4}\n", 3,
                        "layer 'fc1' needs 98 crossbars for one column tile but the chip has 64"),
                c("--schedule-joint without --schedule", "network: resnet18\n", 2,
                        "--schedule-joint: needs --schedule MODE", "--schedule-joint", "5"),
                c("schedule field mistyped", "network: resnet18\nschedule: fulll\n", 2,
                        "field 'schedule': expected none, early, prefetch or full, got 'fulll'; did you mean full?"),
                c("schedule_joint field without a schedule", "network: resnet18\nschedule_joint: 5\n", 2,
                        "field 'schedule_joint': expected a 'schedule' field of early, prefetch or full beside it"),
                c("--schedule-joint -5 (checked before the solve)", "network: resnet18\n", 2,
                        "--schedule-joint: expected a positive number of seconds, at most 1,000,000, got '-5'",
                        "--schedule", "early", "--schedule-joint", "-5"),
                c("--backend with formulation dp", "network: resnet18\n", 2,
                        "--backend cbc: formulation dp has no back-ends (only mip has: scip, cbc, highs)",
                        "--backend", "cbc"),
                c("backend in the file, formulation dp", "network: resnet18\nbackend: cbc\n", 0,
                        "warning: p.yaml: field 'backend' (cbc) ignored: formulation dp has no back-ends"));
    }

    @BeforeAll
    static void onnxFiles() throws IOException {
        hugeOnnx();
        // twice.onnx: a Conv writes y, then a Relu writes y again (an ONNX graph gives each tensor one producer)
        GraphProto twice = GraphProto.newBuilder().setName("twice").addInput(tensor("x", 1, 3, 8, 8))
                .addInitializer(weight("w", 4, 3, 3, 3))
                .addNode(NodeProto.newBuilder().setOpType("Conv").setName("conv").addInput("x").addInput("w").addOutput("y"))
                .addNode(NodeProto.newBuilder().setOpType("Relu").setName("relu").addInput("x").addOutput("y"))
                .addOutput(ValueInfoProto.newBuilder().setName("y")).build();
        writeModel("twice.onnx", twice);
        // fixed.onnx: one conv on an input of fixed sizes 1x3x8x8
        GraphProto fixed = GraphProto.newBuilder().setName("fixed").addInput(tensor("x", 1, 3, 8, 8))
                .addInitializer(weight("w", 4, 3, 3, 3))
                .addNode(NodeProto.newBuilder().setOpType("Conv").setName("conv").addInput("x").addInput("w").addOutput("y"))
                .addOutput(ValueInfoProto.newBuilder().setName("y")).build();
        writeModel("fixed.onnx", fixed);
    }

    private static ValueInfoProto tensor(String name, long... dims) {
        TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
        for (long d : dims) {
            s.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(1).setShape(s))).build();
    }

    /** A float initializer of zeros (only its shape matters to the importer). */
    private static TensorProto weight(String name, long... dims) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE);
        long count = 1;
        for (long d : dims) {
            t.addDims(d);
            count *= d;
        }
        for (long i = 0; i < count; i++) {
            t.addFloatData(0f);
        }
        return t.build();
    }

    private static void writeModel(String name, GraphProto g) throws IOException {
        ModelProto m = ModelProto.newBuilder().setIrVersion(7).setProducerName("test")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(14)).setGraph(g).build();
        Files.write(dir.resolve(name), m.toByteArray());
    }

    private static void hugeOnnx() throws IOException {
        TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
        for (long d : new long[] {1, 3, 1L << 40, 8}) {
            s.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        ValueInfoProto x = ValueInfoProto.newBuilder().setName("x").setType(TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(1).setShape(s))).build();
        TensorShapeProto.Builder ws = TensorShapeProto.newBuilder();
        for (long d : new long[] {4, 3, 3, 3}) {
            ws.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        ValueInfoProto w = ValueInfoProto.newBuilder().setName("w").setType(TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(1).setShape(ws))).build();
        GraphProto g = GraphProto.newBuilder().setName("huge").addInput(x).addInput(w)
                .addNode(NodeProto.newBuilder().setOpType("Conv").setName("conv").addInput("x").addInput("w")
                        .addOutput("y"))
                .addOutput(ValueInfoProto.newBuilder().setName("y")).build();
        ModelProto m = ModelProto.newBuilder().setIrVersion(7).setProducerName("test")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(14)).setGraph(g).build();
        Files.write(dir.resolve("huge.onnx"), m.toByteArray());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void oneLineTheDocumentedExitCodeAndNoTrace(Case k) throws IOException {
        Path file;
        if (k.problem() == null) {
            file = dir.resolve(k.onnx().substring(0, k.onnx().indexOf(' ')));
        } else {
            file = dir.resolve("p.yaml");
            Files.writeString(file, k.problem());
        }
        List<String> args = new ArrayList<>(List.of(file.toString(), "-q", "--no-baselines"));
        args.addAll(k.args());
        CompassSolveTest.Run r = CompassSolveTest.run(args.toArray(new String[0]));
        String err = r.err().strip().replace(dir + "/", "");
        assertEquals(k.exit(), r.code(), err);
        assertFalse(err.contains("\n"), "one line: " + err);
        assertFalse(err.contains("Exception") || err.contains("\tat "), err);
        assertTrue(err.contains(k.expected()), err);
        if (k.exit() == 2) {
            // refused before anything is solved: no table, nothing half-written
            assertEquals("", r.out().strip(), "printed before the error: " + err);
        }
        if (k.expected().isEmpty()) {
            assertEquals("", err, "accepted without a word");
        }
        String input = k.problem() == null ? k.onnx() : k.problem().strip();
        synchronized (ROWS) {
            ROWS.add(k.name() + "\t" + input.replace("\n", "\\n") + "\t" + String.join(" ", k.args()) + "\t"
                    + r.code() + "\t" + err);
        }
    }

    @AfterAll
    static void writeRows() throws IOException {
        Path out = Path.of("target", "reliability", "cases.tsv");
        Files.createDirectories(out.getParent());
        Files.write(out, ROWS);
    }
}
