package org.compass.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.compass.cli.CompassSolveTest.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resident weights on the command line (docs/llm.md, "Resident weights"): the table's lines, the JSON keys, the
 * report's card, the comparison with the same formulation keeping nothing resident, and the one-line refusals.
 */
class ResidentCliTest {

    private static final String LLAMA = CompassSolveTest.repoFile("problems/llama.yaml").toString();

    @Test
    void gpt2DecodeOnRramKeepsAUnitResident(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("r.json");
        Path html = dir.resolve("r.html");
        Run r = CompassSolveTest.run(LLAMA, "--network", "gpt2", "--context", "100", "--batch", "4",
                "--hardware", "rram", "--cost-model", "v1", "--resident", "--json", json.toString(),
                "--report", html.toString());
        assertEquals(ExitCodes.OK, r.code(), r.err());
        assertTrue(r.out().contains("resident weights allowed"), r.out());
        assertTrue(r.out().contains("Resident    ") && r.out().contains("kept on chip"), r.out());
        assertTrue(r.out().contains("if the resident crossbars stay where they are"), r.out());
        assertTrue(r.out().contains("dp without resident"), r.out());
        JsonNode doc = JsonReader.tree(json);
        assertEquals("auto", doc.at("/resident").asText());
        JsonNode set = doc.at("/resident_set");
        assertTrue(set.path("units").asInt() >= 1, doc.toString());
        assertEquals(set.path("units").asInt(), set.path("unit_ids").size());
        assertEquals(set.path("units").asInt(), set.path("layers").size());
        long chip = doc.at("/hardware/crossbars").asLong();
        assertEquals((double) set.path("crossbars").asLong() / chip, set.path("chip_fraction").asDouble(), 1e-12);
        assertTrue(set.path("weight_fraction").asDouble() > 0 && set.path("rows_once").asLong() > 0, set.toString());
        // rows written per token: the streamed rows of one step over its 4 tokens
        assertEquals(doc.at("/metrics/rows_written").asDouble() / 4, doc.at("/metrics/rows_written_per_token")
                .asDouble(), 1e-9);
        // the resident optimum is no slower than the same solve keeping nothing resident, and writes fewer rows
        JsonNode plain = doc.at("/baselines/dp without resident");
        assertTrue(doc.at("/metrics/throughput_ips").asDouble() >= plain.path("throughput_ips").asDouble(), doc.toString());
        assertTrue(doc.at("/metrics/rows_written").asLong() < plain.path("rows_written").asLong(), doc.toString());
        assertTrue(doc.at("/metrics/lifetime_s").asDouble() > plain.path("lifetime_s").asDouble(), doc.toString());
        String report = Files.readString(html);
        assertTrue(report.contains("resident weights") && report.contains("rows written per token"), "report cards");
        // the lifetime both ways (issue 14: "resident weights also raise the chip's lifetime: report both"): levelled
        // over the whole chip (lifetime_s), and with the resident block fixed, the streamed rows wearing only the
        // other crossbars: the same rate on (1 - chip fraction) of the rows, so exactly that share of the lifetime
        double levelled = doc.at("/metrics/lifetime_s").asDouble();
        double fixed = set.path("lifetime_fixed_s").asDouble();
        assertTrue(Double.isFinite(levelled) && levelled > 0 && set.path("lifetime_fixed_s").isNumber(), set.toString());
        assertEquals(levelled * (1 - set.path("chip_fraction").asDouble()), fixed, 1e-9 * levelled, set.toString());
        String shown = org.compass.cli.format.Units.duration(fixed);
        assertTrue(r.out().contains(shown + " if the resident crossbars stay where they are"), r.out());
        assertTrue(report.contains("lifetime " + shown + " if they stay in place"), "report card: " + shown);
    }

    /**
     * Under cost model v2, the default (issue 14, item 4): the llama problem file with {@code --resident auto} and no
     * {@code --cost-model} solves, proves its optimum and prints the Resident line (Llama-2-7B's chip-sized slices
     * leave no room for a resident unit: the line says so); GPT-2 on rram keeps units resident, as under v1.
     */
    @Test
    void costModelV2TheDefaultSearchesResidentWeights(@TempDir Path dir) throws Exception {
        Run llama = CompassSolveTest.run(LLAMA, "--resident", "auto", "--no-baselines");
        assertEquals(ExitCodes.OK, llama.code(), llama.err());
        assertTrue(llama.out().contains("cost model v2, resident weights allowed"), llama.out());
        assertTrue(llama.out().contains("dp (contiguous space): OPTIMAL"), llama.out());
        assertTrue(llama.out().lines().anyMatch(l -> l.startsWith("Resident    ")), llama.out());
        Path json = dir.resolve("r.json");
        Run gpt2 = CompassSolveTest.run(LLAMA, "--network", "gpt2", "--context", "100", "--batch", "4",
                "--hardware", "rram", "--slice-crossbars", "64", "--resident", "--json", json.toString());
        assertEquals(ExitCodes.OK, gpt2.code(), gpt2.err());
        assertTrue(gpt2.out().contains("Resident    ") && gpt2.out().contains("kept on chip"), gpt2.out());
        JsonNode doc = JsonReader.tree(json);
        assertEquals("v2", doc.at("/cost_model").asText());
        assertEquals("OPTIMAL", doc.at("/status").asText(), doc.at("/message").asText());
        assertTrue(doc.at("/resident_set/units").asInt() >= 1, doc.toString());
        JsonNode plain = doc.at("/baselines/dp without resident");
        assertTrue(doc.at("/metrics/throughput_ips").asDouble() >= plain.path("throughput_ips").asDouble(), doc.toString());
        assertTrue(doc.at("/metrics/rows_written_per_token").asDouble() < plain.path("rows_written").asDouble() / 4,
                doc.toString());
        // issue 14 item 4: resident weights raise the tokens a chip makes before its cells wear out, in proportion
        // to the rows per token they save (endurance x chip rows / rows per token), reported beside the lifetime
        double made = doc.at("/metrics/tokens_per_lifetime").asDouble();
        double madeWithout = plain.path("tokens_per_lifetime").asDouble();
        double rows = doc.at("/metrics/rows_written_per_token").asDouble();
        double rowsWithout = plain.path("rows_written_per_token").asDouble();
        assertTrue(made > madeWithout, doc.toString());
        assertEquals(rowsWithout / rows, made / madeWithout, 1e-9 * made / madeWithout, doc.toString());
        assertTrue(gpt2.out().lines().anyMatch(l -> l.startsWith("  resident weights: rows written per token ")
                && l.contains("; lifetime ") && l.contains("tokens per lifetime")), gpt2.out());
    }

    @Test
    void withoutTheOptionNothingChanges(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("r.json");
        Run r = CompassSolveTest.run(LLAMA, "--network", "gpt2", "--context", "100", "--batch", "4", "--no-baselines",
                "--cost-model", "v1", "--json", json.toString());
        assertEquals(ExitCodes.OK, r.code(), r.err());
        assertTrue(!r.out().contains("Resident") && !r.out().contains("resident"), r.out());
        JsonNode doc = JsonReader.tree(json);
        assertTrue(doc.at("/resident").isMissingNode() && doc.at("/resident_set").isMissingNode(), doc.toString());
    }

    @Test
    void unsupportedCombinationsAreOneLineErrors() {
        String[][] cases = {
            {"--resident", "--network", "gpt2", "-o", "edp"}, // problems/llama.yaml asks for cost model v2
            {"--resident", "--network", "gpt2", "--cost-model", "v1", "-o", "edp"},
            {"--resident", "--network", "gpt2", "--cost-model", "v1", "-f", "greedy"},
            {"--resident", "--network", "gpt2", "--cost-model", "v1", "--simulate"},
            {"--resident", "--network", "gpt2", "--cost-model", "v1", "--min-lifetime-years", "1", "--hardware", "rram"},
            {"--resident", "maybe", "--network", "gpt2"},
        };
        String[] expected = {"not edp", "not edp", "does not choose resident weights",
            "--simulate: the simulator does not run plans with resident weights yet", "lifetime floor",
            "--resident maybe: expected auto or none"};
        for (int i = 0; i < cases.length; i++) {
            String[] args = new String[cases[i].length + 3];
            args[0] = LLAMA;
            args[1] = "--context";
            args[2] = "100";
            System.arraycopy(cases[i], 0, args, 3, cases[i].length);
            Run r = CompassSolveTest.run(args);
            assertEquals(ExitCodes.BAD_INPUT, r.code(), String.join(" ", args) + ": " + r.err());
            assertTrue(r.err().contains(expected[i]), r.err());
            assertEquals(1, r.err().strip().lines().filter(l -> !l.startsWith("note:")).count(), r.err());
        }
        Run p = CompassSolveTest.run("pareto", LLAMA, "--network", "gpt2", "--context", "100", "--cost-model", "v1",
                "--resident");
        assertEquals(ExitCodes.BAD_INPUT, p.code(), p.err());
        assertTrue(p.err().contains("pareto: --resident auto does not apply"), p.err());
    }

    @Test
    void aProblemFileSetsIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("p.yaml");
        Files.writeString(file, "network: gpt2\nhardware: compass-l\nphase: decode\ncontext: 64\nbatch: 2\n"
                + "resident: sometimes\n");
        Run bad = CompassSolveTest.run(file.toString());
        assertEquals(ExitCodes.BAD_INPUT, bad.code(), bad.err());
        assertTrue(bad.err().contains("resident") && bad.err().contains("none or auto"), bad.err());
        Files.writeString(file, "network: gpt2\nhardware: compass-l\nphase: decode\ncontext: 64\nbatch: 2\n"
                + "resident: auto\ncost_model: v1\n");
        Run ok = CompassSolveTest.run(file.toString(), "--no-baselines");
        assertEquals(ExitCodes.OK, ok.code(), ok.err());
        assertTrue(ok.out().contains("resident weights allowed"), ok.out());
    }
}
