package org.compass.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The transformer and LLM exports (model/src/test/resources/onnx-transformers, tools/export-transformers.sh)
 * solve end to end from a problem file whose network is {@code onnx:}, with the MACs their manifest counted on
 * the PyTorch modules.
 */
class OnnxTransformerSolveTest {

    @TempDir
    Path dir;

    static Path fixture(String name) {
        return CompassSolveTest.repoFile("model/src/test/resources/onnx-transformers/" + name + ".onnx").toAbsolutePath();
    }

    static long manifestMacs(String name) throws Exception {
        Path csv = CompassSolveTest.repoFile("model/src/test/resources/onnx-transformers/manifest.csv");
        return Files.readAllLines(csv).stream().map(l -> l.split(",")).filter(f -> f[1].equals(name))
                .mapToLong(f -> Long.parseLong(f[5])).findFirst().orElseThrow();
    }

    @ParameterizedTest
    @ValueSource(strings = {"bert_encoder", "gpt2_prefill", "gpt2_decode", "llama_prefill", "llama_decode"})
    void solvesFromAProblemFile(String name) throws Exception {
        Path problem = dir.resolve(name + ".yaml");
        Files.writeString(problem, "network: {onnx: " + fixture(name) + "}\nhardware: compass-m\nbatch: 4\n"
                + "objective: throughput\nformulation: dp\ncost_model: v1\n");
        Path json = dir.resolve(name + ".json");
        // not -q: the network's notes go with the progress, which -q silences
        CompassSolveTest.Run r = CompassSolveTest.run(problem.toString(), "--json", json.toString(), "--no-baselines");
        assertEquals(0, r.code(), r.err());
        String text = Files.readString(json);
        assertTrue(text.contains("\"status\": \"OPTIMAL\""), text);
        assertTrue(text.contains("\"macs\": " + manifestMacs(name)), text);
        assertTrue(r.err().contains("stays in DRAM (no crossbars)"), r.err());
    }

    @Test
    void theProblemFileOfTheDecodeStepSolves() {
        CompassSolveTest.Run r = CompassSolveTest.run(CompassSolveTest.repoFile("problems/llama-decode-onnx.yaml").toString(),
                "--no-baselines");
        assertEquals(0, r.code(), r.err());
        // the export's graph is one decode step after 16 cached tokens: the result is per token (issue 14)
        for (String s : List.of("llama_decode", "OPTIMAL", "490,496 MACs/input",
                "Phase     decode: 8 sequences x 1 new token per step, 16 tokens cached", "time per output token",
                // the new keys and values (beside the cache inputs in their Concats) are appended: 2 layers x keys
                // and values x 2 heads x 32 features x 8 sequences, one byte each (a trial read "0 B appended")
                "16.38 kB read, 1.02 kB appended")) {
            assertTrue(r.out().contains(s), r.out());
        }
        assertTrue(r.err().contains("cached keys and values of earlier tokens"), r.err());
    }
}
