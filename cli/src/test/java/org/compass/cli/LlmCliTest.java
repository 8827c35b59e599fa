package org.compass.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.compass.cli.CompassSolveTest.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Phases of inference on the command line: the table's token and KV-cache lines, the JSON keys, the report, errors. */
class LlmCliTest {

    private static final String LLAMA = CompassSolveTest.repoFile("problems/llama.yaml").toString();
    private static final String RESNET = CompassSolveTest.repoFile("problems/resnet.yaml").toString();

    @Test
    void decodeShowsTokensAndTheKvCache(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("r.json");
        Path html = dir.resolve("r.html");
        Run r = CompassSolveTest.run(LLAMA, "--network", "gpt2", "--context", "100", "--batch", "4", "--no-baselines",
                "--json", json.toString(), "--report", html.toString());
        assertEquals(ExitCodes.OK, r.code(), r.err());
        assertTrue(r.out().contains("Phase     decode: 4 sequences x 1 new token per step, 100 tokens cached"), r.out());
        assertTrue(r.out().contains("Tokens      ") && r.out().contains("time per output token"), r.out());
        // 12 layers x keys and values x 100 tokens x 768 features x 4 bits (0.5 B) x 4 sequences = 3,686,400 B
        assertTrue(r.out().contains("KV cache    ") && r.out().contains("3.69 MB read"), r.out());
        JsonNode doc = JsonReader.tree(json);
        assertEquals("decode", doc.at("/phase/name").asText());
        assertEquals(100, doc.at("/phase/context_tokens").asInt());
        assertTrue(doc.at("/phase/prompt_tokens").isMissingNode(), "decode has no prompt");
        assertEquals(3686400L, doc.at("/metrics/kv_read_bytes").asLong());
        for (String key : new String[] {"tokens_per_s", "joules_per_token", "time_per_output_token_s",
                "kv_cache_bytes", "kv_write_bytes"}) {
            assertTrue(doc.path("metrics").path(key).isNumber(), key + " in " + doc);
        }
        assertTrue(doc.at("/metrics/time_to_first_token_s").isMissingNode(), "decode has no time to first token");
        assertTrue(Files.readString(html).contains("time per output token"));
    }

    @Test
    void prefillShowsTheTimeToFirstToken(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("r.json");
        Run r = CompassSolveTest.run(LLAMA, "--network", "gpt2", "--phase", "prefill", "--prompt", "64", "--batch", "2",
                "--no-baselines", "--json", json.toString());
        assertEquals(ExitCodes.OK, r.code(), r.err());
        assertTrue(r.out().contains("Phase     prefill: 2 sequences x a prompt of 64 tokens"), r.out());
        assertTrue(r.out().contains("time to first token"), r.out());
        JsonNode doc = JsonReader.tree(json);
        assertTrue(doc.at("/metrics/time_to_first_token_s").isNumber(), doc.toString());
        assertEquals(64, doc.at("/phase/prompt_tokens").asInt());
    }

    @Test
    void aPhaseWithoutADecoderIsBadInput() {
        Run r = CompassSolveTest.run(RESNET, "--phase", "decode");
        assertEquals(ExitCodes.BAD_INPUT, r.code());
        assertTrue(r.err().startsWith("error: --phase: a phase of inference needs a decoder from the zoo"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        Run p = CompassSolveTest.run(LLAMA, "--prompt", "64");
        assertEquals(ExitCodes.BAD_INPUT, p.code());
        assertTrue(p.err().startsWith("error: --prompt: a decode step has no prompt"), p.err());
    }
}
