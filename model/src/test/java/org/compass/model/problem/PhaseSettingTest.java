package org.compass.model.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.compass.model.InputException;
import org.compass.model.io.ProblemReader;
import org.compass.model.io.ProblemReaderSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The inference phase in problem files and on the command line, and its one-line errors. */
class PhaseSettingTest {

    private static final Path FILE = Path.of("p.yaml");

    private static Problem parse(String text) {
        return ProblemReader.parse(FILE, text);
    }

    @Test
    void decodeBuildsOneTokenWithItsCache() {
        Problem p = parse("""
                network: gpt2
                hardware: compass-m
                phase: decode
                context: 200
                batch: 4
                """);
        assertEquals(InferencePhase.decode(200), p.phase());
        assertEquals(4, p.tokensPerBatch());
        assertTrue(p.network().hasKvCache());
        assertTrue(p.graph().tensors().stream().anyMatch(t -> t.kvCache() && t.producer() < 0));
    }

    @Test
    void aDecoderWithoutPhaseIsAPrefillOfTheDefaultPrompt() {
        Problem p = parse("network: {zoo: llama-3.2-1b}\nhardware: compass-l\n");
        assertEquals(InferencePhase.prefill(128), p.phase());
        assertEquals(16L * 128, p.tokensPerBatch());
        Problem q = parse("network: gpt2\nprompt: 32\n");
        assertEquals(InferencePhase.prefill(32), q.phase());
        assertEquals(InferencePhase.NONE, parse("network: resnet18\n").phase());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "network: resnet18\\nphase: decode|p.yaml: field 'phase': a phase of inference needs a decoder from the zoo",
            "network: gpt2\\nphase: generate|p.yaml: field 'phase': expected prefill or decode, got 'generate'",
            "network: gpt2\\nphase: decode\\nprompt: 8|p.yaml: field 'prompt': a decode step has no prompt",
            "network: gpt2\\nphase: prefill\\ncontext: 8|p.yaml: field 'context': a prefill has no cached context",
            "network: gpt2\\ncontext: 8|p.yaml: field 'context': the context of a decode step needs 'phase decode'",
            "network: gpt2\\nphase: decode\\ncontext: 1024|p.yaml: field 'context': expected a context of 1 to 1,023 tokens",
            "network: gpt2\\nprompt: 2000|p.yaml: field 'prompt': expected a prompt of 1 to 1,024 tokens",
            "network: gpt2\\nphase: decode\\ncontext: 0|p.yaml: field 'context': expected a positive integer",
            "network: {zoo: gpt2, input_size: 64}|p.yaml: field 'network.input_size': expected no input size for decoder gpt2",
    })
    void badPhaseSettingsAreOneLineErrors(String text, String message) {
        InputException e = assertThrows(InputException.class, () -> parse(text.replace("\\n", "\n")));
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
        assertEquals(-1, e.getMessage().indexOf('\n'), "one line");
    }

    @Test
    void commandLineChangesPhaseAndTokens() {
        Problem p = parse("network: gpt2\nphase: decode\ncontext: 100\n");
        Problem longer = ProblemReaderSupport.withPhase(p, null, null, 500);
        assertEquals(InferencePhase.decode(500), longer.phase());
        Problem prefill = ProblemReaderSupport.withPhase(p, "prefill", 64, null);
        assertEquals(InferencePhase.prefill(64), prefill.phase());
        assertEquals(64, prefill.network().weightedNodes().get(0).mvmSteps());
        InputException e = assertThrows(InputException.class,
                () -> ProblemReaderSupport.withPhase(parse("network: resnet18\n"), "decode", null, null));
        assertTrue(e.getMessage().startsWith("--phase: a phase of inference needs a decoder"),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("(an ONNX export of one decode step gets its phase from its graph)"),
                e.getMessage());
        Problem other = ProblemReaderSupport.withNetwork("--network", p, "llama3_2_1b");
        assertEquals(InferencePhase.decode(100), other.phase(), "another decoder keeps the phase");
    }
}
