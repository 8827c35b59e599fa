package org.compass.model.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.compass.model.InputException;
import org.compass.model.io.ProblemReader;
import org.compass.model.network.LayerKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Problem files: the happy path and every kind of bad input, each a one-line message naming file and field. */
class ProblemReaderTest {

    private static final Path FILE = Path.of("p.yaml");

    private static Problem parse(String text) {
        return ProblemReader.parse(FILE, text);
    }

    @Test
    void readsZooNetworkWithHardwareOverrides() {
        Problem pf = parse("""
                network: resnet18
                hardware: {preset: compass-s, cores: 12, dram_gbps: 12.8}
                batch: 4
                objective: energy
                pipeline: image
                replication: [1, 2, 3]
                """);
        assertEquals("resnet18", pf.network().name());
        assertEquals(12, pf.hardware().cores());
        assertEquals(12.8e9, pf.hardware().dramBytesPerSecond(), 1);
        assertEquals(100e-9, pf.hardware().mvmSeconds());
        assertEquals(4, pf.batch());
        assertEquals(Objective.ENERGY, pf.objective());
        assertEquals(PipelineMode.IMAGE, pf.pipeline());
        assertTrue(pf.replication().contains(3));
    }

    @Test
    void readsInlineNetworkInAnyOrder() {
        Problem pf = parse("""
                network:
                  name: tiny
                  input: [3, 8, 8]
                  layers:
                    - {name: sum, type: add, inputs: [a, b]}
                    - {name: a, type: conv, inputs: [input], out: 4, kernel: 3, padding: 1, activation: relu}
                    - {name: b, type: conv, inputs: [input], out: 4, kernel: 1}
                    - {name: head, type: fc, inputs: [flat], out: 10}
                    - {name: flat, type: flatten, inputs: [sum]}
                """);
        var net = pf.network();
        assertEquals(6, net.size());
        assertEquals(LayerKind.FC, net.nodes().get(5).kind());
        assertEquals(4L * 8 * 8 * 10, net.nodes().get(5).macs());
        assertFalse(pf.graph().units().isEmpty());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            malformed YAML        | 'network: [resnet18'                                   | malformed YAML
            unknown preset        | 'network: resnet18\nhardware: compass-xl'               | field 'hardware': expected a hardware preset
            unknown network       | 'network: resnet19'                                    | field 'network': expected a zoo network
            mistyped network      | 'network: resnt18'                                     | got 'resnt18'; did you mean resnet18?
            unknown field         | 'network: resnet18\nbatchsize: 4'                       | field 'batchsize': unknown field
            zero batch            | 'network: resnet18\nbatch: 0'                           | field 'batch': expected a positive integer, got '0'
            negative batch        | 'network: resnet18\nbatch: -3'                          | field 'batch': expected a positive integer, got '-3'
            text batch            | 'network: resnet18\nbatch: many'                        | field 'batch': expected a positive integer
            bad objective         | 'network: resnet18\nobjective: speed'                   | field 'objective': expected throughput, latency, energy or edp
            negative override     | 'network: resnet18\nhardware: {preset: compass-m, cores: -2}' | field 'hardware.cores': expected a positive integer
            unknown override      | 'network: resnet18\nhardware: {preset: compass-m, tiles: 2}'  | field 'hardware.tiles': unknown field
            replication without 1 | 'network: resnet18\nreplication: [2, 4]'                | field 'replication'
            missing network       | 'batch: 4'                                             | field 'network'
            empty file            | ''                                                     | the file is empty
            duplicate key         | 'network: resnet18\nbatch: 2\nbatch: 3'                 | malformed YAML
            """)
    void badInputIsOneLineNamingFileAndField(String name, String text, String expected) {
        InputException e = assertThrows(InputException.class, () -> parse(text.replace("\\n", "\n")));
        assertTrue(e.getMessage().startsWith("p.yaml"), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    /**
     * Issue 16, items 4 and 5: values that passed the type checks but broke later (an index out of bounds, a
     * zoo range check as an internal error, int overflow giving a chip of 0 crossbars or a wrong reason) are
     * refused while reading, naming the file, the field and the allowed range.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            add without inputs      | 'network: {input: [3, 8, 8], layers: [{name: c, type: conv, out: 8, kernel: 3}, {name: a, type: add, inputs: []}]}' | field 'network.layers[1].inputs': expected a non-empty list
            conv with two inputs    | 'network: {input: [3, 8, 8], layers: [{name: c, type: conv, out: 3, kernel: 1}, {name: d, type: conv, out: 3, kernel: 1, inputs: [c, input]}]}' | field 'network.layers[1].inputs': expected one input for a conv layer
            bert too long           | 'network: {zoo: bert_base, input_size: 100000}'          | field 'network.input_size': bert_base takes a sequence length of 1 to 512, got 100000
            vit not multiple of 16  | 'network: {zoo: vit, input_size: 100}'                   | field 'network.input_size': vit_b_16 needs an input size that is a multiple of 16
            image too large         | 'network: {zoo: resnet18, input_size: 2147483647}'       | field 'network.input_size': a tensor of 3x2147483647x2147483647 has more than 2^63 elements
            chip crossbars overflow | 'network: resnet18\nhardware: {preset: compass-s, cores: 65536, crossbars_per_core: 65536}' | field 'hardware.crossbars_per_core': cores x crossbars_per_core = 65536 x 65536 = 4,294,967,296 crossbars; expected at most 2,147,483,647
            write ports overflow    | 'network: resnet18\nhardware: {preset: compass-s, cores: 65536, write_ports_per_core: 65536}' | field 'hardware.write_ports_per_core': cores x write_ports_per_core
            weight bits             | 'network: resnet18\nhardware: {preset: compass-s, weight_bits: 2147483647}' | field 'hardware.weight_bits': expected an integer from 1 to 32
            cell above weight bits  | 'network: resnet18\nhardware: {preset: compass-s, cell_bits: 16, weight_bits: 8}' | field 'hardware.cell_bits': expected at most weight_bits (8)
            crossbar rows           | 'network: resnet18\nhardware: {preset: compass-s, crossbar_rows: 2147483647}' | field 'hardware.crossbar_rows': expected an integer from 1 to 1,048,576
            huge padding            | 'network: {input: [3, 8, 8], layers: [{name: c, type: conv, out: 8, kernel: 3, padding: 2000000000}]}' | c: window 3x3 with padding 2000000000x2000000000 on input 3x8x8 gives an output of 4000000006x4000000006; at most 2,147,483,647 per side
            huge output channels    | 'network: {input: [3, 8, 8], layers: [{name: c, type: conv, out: 2147483647, kernel: 3}]}' | c: a tensor of 2147483647x6x6 has 77,309,411,292 elements; at most 2^36
            too many slices         | 'network: {input: [3, 1, 1], layers: [{name: c, type: fc, out: 2147483647}]}\nhardware: compass-s' | layer 'c' splits into 262,144 slices on a chip of 128 crossbars
            huge input              | 'network: {input: [3, 2147483647, 2147483647], layers: [{name: c, type: conv, out: 8, kernel: 3}]}' | field 'network.input': a tensor of 3x2147483647x2147483647 has more than 2^63 elements
            fc weights overflow     | 'network: {input: [2147483647, 1, 1], layers: [{name: c, type: fc, out: 2147483647}]}' | weights; at most 2^40 (1,099,511,627,776) per layer
            huge batch              | 'network: resnet18\nbatch: 2147483647'                   | field 'batch': expected a batch size of at most 65,536
            huge replication        | 'network: resnet18\nreplication: [1, 2147483647]'       | field 'replication[1]': expected a replication factor of at most 65,536
            """)
    void hostileSizesAreRefusedNamingFieldAndRange(String name, String text, String expected) {
        InputException e = assertThrows(InputException.class, () -> parse(text.replace("\\n", "\n")));
        assertTrue(e.getMessage().startsWith("p.yaml: "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void cycleIsNamed() {
        InputException e = assertThrows(InputException.class, () -> parse("""
                network:
                  input: [3, 8, 8]
                  layers:
                    - {name: a, type: conv, inputs: [c], out: 3, kernel: 1}
                    - {name: b, type: conv, inputs: [a], out: 3, kernel: 1}
                    - {name: c, type: add, inputs: [b, input]}
                """));
        assertTrue(e.getMessage().contains("field 'network.layers': expected an acyclic network"), e.getMessage());
        assertTrue(e.getMessage().contains("a -> b -> c -> a") || e.getMessage().contains("b -> c -> a -> b")
                || e.getMessage().contains("c -> a -> b -> c"), e.getMessage());
    }

    @Test
    void shapeErrorsNameTheLayer() {
        InputException e = assertThrows(InputException.class, () -> parse("""
                network:
                  input: [3, 4, 4]
                  layers:
                    - {name: big, type: conv, out: 8, kernel: 7}
                """));
        assertTrue(e.getMessage().contains("field 'network.layers[0]': big: window 7x7 does not fit input 3x4x4"),
                e.getMessage());
    }

    @Test
    void unknownLayerTypeIsNamed() {
        InputException e = assertThrows(InputException.class, () -> parse("""
                network:
                  input: [3, 4, 4]
                  layers:
                    - {name: x, type: lstm}
                """));
        assertTrue(e.getMessage().contains("field 'network.layers[0].type'"), e.getMessage());
        assertTrue(e.getMessage().contains("'lstm'"), e.getMessage());
    }

    @Test
    void textThatIsNotUtf8IsNamed(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        // a Latin-1 comment: the JDK's own message was "Input length = 1"
        Path file = dir.resolve("latin1.yaml");
        java.nio.file.Files.write(file, "network: resnet18\n# \u00e9t\u00e9\n".getBytes(
                java.nio.charset.StandardCharsets.ISO_8859_1));
        InputException e = assertThrows(InputException.class, () -> ProblemReader.read(file));
        assertEquals(file + ": not UTF-8 text (line 2, byte 21: 0xE9); expected a YAML file saved as UTF-8",
                e.getMessage());
    }

    @Test
    void missingFileIsNamed() {
        InputException e = assertThrows(InputException.class, () -> ProblemReader.read(Path.of("nope/x.yaml")));
        assertEquals("nope/x.yaml: no such file", e.getMessage());
    }
}
