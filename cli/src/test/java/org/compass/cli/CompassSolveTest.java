package org.compass.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The main command end to end: output, JSON keys, exit codes and one-line errors. */
class CompassSolveTest {

    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = CompassSolve.commandLine(new PrintWriter(out), new PrintWriter(err)).execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    static Path repoFile(String name) {
        Path p = Path.of("..").resolve(name);
        return Files.exists(p) ? p : Path.of(name);
    }

    @Test
    void solvesResnetWithTableAndComparison() {
        Run r = run(repoFile("problems/resnet.yaml").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("dp (contiguous space): OPTIMAL"), r.out());
        assertTrue(r.out().contains("must be partitioned"), r.out());
        assertTrue(r.out().contains("greedy"), r.out());
        assertTrue(r.out().contains("layerwise"), r.out());
    }

    @Test
    void jsonHasTheDocumentedKeys() throws Exception {
        Path json = dir.resolve("out.json");
        Run r = run(repoFile("problems/squeezenet.yaml").toString(), "--json", json.toString(), "-q");
        assertEquals(0, r.code(), r.err());
        JsonNode doc = JsonReader.tree(json);
        assertEquals("OPTIMAL", doc.path("status").asText());
        assertEquals("dp", doc.path("formulation").asText());
        assertEquals(818924576L, doc.at("/network/macs").asLong());
        assertEquals(256, doc.at("/hardware/crossbar_rows").asInt());
        assertEquals(16, doc.path("batch").asInt());
        for (String path : List.of("/solve_seconds", "/network/weighted_layers", "/network/crossbars_needed",
                "/objective/name", "/objective/value", "/objective/bound", "/objective/gap", "/metrics/latency_s",
                "/metrics/throughput_ips", "/metrics/energy_j", "/metrics/edp_js", "/metrics/dram_bytes",
                "/metrics/dram_peak_bytes", "/metrics/rows_written", "/metrics/crossbar_utilization",
                "/metrics/energy_breakdown_j/static", "/partitions/0/time_s/program", "/partitions/0/time_s/compute",
                "/partitions/0/time_s/io", "/partitions/0/time_s/total", "/baselines/greedy/latency_s",
                "/baselines/greedy/partitions", "/baselines/layerwise/objective")) {
            assertTrue(doc.at(path).isValueNode(), "missing " + path);
        }
        // the objective is the metric it names, and the partitions' times add up to the latency
        assertEquals(doc.at("/metrics/throughput_ips").asDouble(), doc.at("/objective/value").asDouble(), 0.0);
        double sum = 0;
        for (JsonNode p : doc.path("partitions")) {
            sum += p.at("/time_s/total").asDouble();
        }
        assertEquals(doc.at("/metrics/latency_s").asDouble(), sum, 1e-11 * sum);
        // no floating-point noise: at most 12 significant digits in any number
        assertNoNoise(doc);
    }

    /** Every number in the tree has at most twelve significant digits (Json.DIGITS). */
    static void assertNoNoise(JsonNode node) {
        if (node.isNumber()) {
            String digits = node.decimalValue().stripTrailingZeros().unscaledValue().abs().toString();
            assertTrue(digits.length() <= 12, "float noise in " + node);
        }
        node.elements().forEachRemaining(CompassSolveTest::assertNoNoise);
    }

    @Test
    void jsonToStandardOutputKeepsItClean() {
        Run r = run(repoFile("problems/squeezenet.yaml").toString(), "--json", "-", "--no-baselines");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("{"), r.out());
        assertTrue(r.out().strip().endsWith("}"));
    }

    @Test
    void overridesFromTheCommandLine() {
        Run r = run(repoFile("problems/resnet.yaml").toString(), "--batch", "1", "--objective", "energy", "--hardware",
                "compass-l", "-q", "--no-baselines");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Objective   energy"), r.out());
        assertTrue(r.out().contains("per batch of 1"), r.out());
    }

    @Test
    void badInputIsOneLineWithExitTwo() throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "network: resnet18\nbatch: -1\n");
        Run r = run(bad.toString());
        assertEquals(2, r.code());
        assertEquals("error: " + bad + ": field 'batch': expected a positive integer, got '-1'", r.err().strip());
        assertFalse(r.err().contains("Exception"));
    }

    @Test
    void unknownFormulationAndOptionsAreBadInput() {
        Run r = run(repoFile("problems/resnet.yaml").toString(), "--formulation", "magic");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("error: --formulation magic: expected one of dp, "), r.err());
        Run o = run(repoFile("problems/resnet.yaml").toString(), "--frobnicate");
        assertEquals(2, o.code());
        assertTrue(o.err().startsWith("error: unknown option '--frobnicate'"), o.err());
        Run b = run(repoFile("problems/resnet.yaml").toString(), "--batch", "0");
        assertEquals(2, b.code());
    }

    @Test
    void layerLargerThanTheChipIsInfeasible() throws Exception {
        Path f = dir.resolve("vgg-tiny.yaml");
        Files.writeString(f, "network: vgg16\nhardware: {preset: compass-s, cores: 4}\n");
        Run r = run(f.toString());
        assertEquals(3, r.code());
        assertTrue(r.err().startsWith("infeasible: " + f + ": layer 'fc1' needs 98 crossbars"), r.err());
    }

    @Test
    void jsonIntoMissingFolderFailsWithoutWriting() {
        Run r = run(repoFile("problems/squeezenet.yaml").toString(), "--json", dir.resolve("no/such/out.json").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("does not exist"), r.err());
    }

    /** Issue 16, item 6: options a subcommand would ignore are refused with one line naming them, exit 2. */
    @Test
    void optionsASubcommandWouldIgnoreAreRefused() {
        String resnet = repoFile("problems/resnet.yaml").toString();
        Run compare = run("compare", resnet, "-f", "cpsat");
        assertEquals(2, compare.code(), compare.err());
        assertEquals("error: compare: --formulation cpsat does not apply: it runs every formulation; drop it",
                compare.err().strip());
        Run info = run("info", resnet, "--backend", "scip");
        assertEquals(2, info.code(), info.err());
        assertEquals("error: info: --backend scip does not apply: it describes the network on the chip and solves"
                + " nothing; drop it", info.err().strip());
        // issue 16, leftovers: the solve's limits and space mean nothing to info either
        String[][] ignored = {{"-t", "0.01", "--time-limit 0.01"}, {"--threads", "4", "--threads 4"},
            {"--seed", "7", "--seed 7"}, {"--space", "dag", "--space dag"}};
        for (String[] o : ignored) {
            Run r = run("info", resnet, o[0], o[1]);
            assertEquals(2, r.code(), r.err());
            assertEquals("error: info: " + o[2] + " does not apply: it describes the network on the chip and solves"
                    + " nothing; drop it", r.err().strip());
            assertEquals("", r.out(), "nothing printed before the refusal");
        }
        assertEquals(0, run("info", resnet, "-b", "4", "--hardware", "compass-l").code(), "what info uses is accepted");
        Run pareto = run("pareto", resnet, "--backend", "cbc");
        assertEquals(2, pareto.code(), pareto.err());
        assertTrue(pareto.err().startsWith("error: --backend cbc: formulation dp has no back-ends"), pareto.err());
        Run mip = run("pareto", resnet, "-f", "mip", "--backend", "cbc", "--csv");
        assertEquals(0, mip.code(), mip.err());
    }
}
