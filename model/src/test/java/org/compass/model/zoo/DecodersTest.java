package org.compass.model.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.compass.model.network.LayerKind;
import org.compass.model.network.Network;
import org.compass.model.network.Node;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The decoder zoo against the published parameter counts. Each count is the sum of the elements of the released
 * Hugging Face checkpoint's tensors (a tied LM head once), as its model card rounds it; the decoder network holds
 * the crossbar weights and biases, the embedding tables (DRAM lookups) and the norms are counted apart.
 */
class DecodersTest {

    static Stream<Arguments> published() {
        return Stream.of(
                // openai-community/gpt2: model card "124M parameters"
                Arguments.of("gpt2", 124_439_808L, "124M"),
                // openai-community/gpt2-medium: "355M"
                Arguments.of("gpt2_medium", 354_823_168L, "355M"),
                // openai-community/gpt2-large: "774M"
                Arguments.of("gpt2_large", 774_030_080L, "774M"),
                // openai-community/gpt2-xl: "1.5B" (1,557,611,200)
                Arguments.of("gpt2_xl", 1_557_611_200L, "1.5B"),
                // meta-llama/Llama-3.2-1B: model card "1.23B" (tied embeddings)
                Arguments.of("llama3_2_1b", 1_235_814_400L, "1.23B"),
                // meta-llama/Llama-2-7b-hf: "7B" (Touvron et al. 2023, Table 1)
                Arguments.of("llama2_7b", 6_738_415_616L, "7B"),
                // meta-llama/Meta-Llama-3-8B: "8B" (8.03B)
                Arguments.of("llama3_8b", 8_030_261_248L, "8B"),
                // mistralai/Mistral-7B-v0.1: "7.24B"
                Arguments.of("mistral_7b", 7_241_732_096L, "7.24B"),
                // meta-llama/Llama-2-70b-hf: "70B" (68.98B)
                Arguments.of("llama2_70b", 68_976_648_192L, "70B"));
    }

    @ParameterizedTest(name = "{0}: {1} (model card: {2})")
    @MethodSource("published")
    void parameterCountMatchesThePublishedCheckpoint(String name, long published, String rounded) {
        DecoderConfig c = Zoo.decoder(name).orElseThrow();
        assertEquals(published, c.publishedParameters(), "the configuration states the published count");
        Network n = Decoders.decode(c, 16);
        long crossbar = n.crossbarWeights();
        long bias = n.parameters() - crossbar;
        long tied = c.tiedEmbeddings() ? (long) c.vocab() * c.hidden() : 0;
        // crossbar weights: every linear layer and the LM head (a copy of the token table when tied)
        long linear = (long) c.layers() * ((long) c.hidden() * c.queryDim() * 2 + 2L * c.hidden() * c.kvDim()
                + (c.style() == DecoderConfig.Style.GPT2 ? 2L : 3L) * c.hidden() * c.ffn()) + (long) c.hidden() * c.vocab();
        assertEquals(linear, crossbar, "crossbar weights");
        assertEquals(published, crossbar + bias + c.embeddingParameters() + c.normParameters() - tied,
                "crossbar weights + biases + embeddings + norms (a tied head once)");
    }

    @Test
    void prefillAndDecodeGraphsHaveTheirTokensAndCache() {
        DecoderConfig c = Zoo.decoder("llama-3-8b").orElseThrow();
        Network prefill = Decoders.prefill(c, 64);
        Network decode = Decoders.decode(c, 100);
        Node qPrefill = prefill.nodes().stream().filter(x -> x.name().equals("model.layers.0.self_attn.q_proj")).findFirst().orElseThrow();
        assertEquals(64, qPrefill.mvmSteps(), "a linear layer takes S MVM steps per sequence in prefill");
        Node lmPrefill = prefill.nodes().stream().filter(x -> x.name().equals("lm_head")).findFirst().orElseThrow();
        assertEquals(1, lmPrefill.mvmSteps(), "the LM head runs on the last prompt token only");
        Node scores = prefill.nodes().stream().filter(x -> x.name().equals("model.layers.0.self_attn.scores")).findFirst().orElseThrow();
        assertEquals(32L * 64 * 64 * 128, scores.vectorOps(), "heads x S x S x head_dim multiply-accumulates");
        Node ctx = prefill.nodes().stream().filter(x -> x.name().equals("model.layers.0.self_attn.context")).findFirst().orElseThrow();
        assertEquals(32L * 128 * 64 * 64, ctx.vectorOps(), "query features x S x S");
        assertEquals(0, prefill.nodes().stream().filter(x -> x.kind() == LayerKind.INPUT && prefill.kvCache(x.id())).count());
        long pastInputs = decode.nodes().stream().filter(x -> x.kind() == LayerKind.INPUT && decode.kvCache(x.id())).count();
        assertEquals(2L * 32, pastInputs, "past keys and values of every layer");
        Node past = decode.nodes().stream().filter(x -> x.name().equals("model.layers.3.past_key")).findFirst().orElseThrow();
        assertEquals(8L * 128 * 100, past.output().elements(), "grouped-query attention caches 8 key/value heads");
        Node dScores = decode.nodes().stream().filter(x -> x.name().equals("model.layers.0.self_attn.scores")).findFirst().orElseThrow();
        assertEquals(32L * 101 * 128, dScores.vectorOps(), "one query over L + 1 keys");
        assertTrue(decode.nodes().stream().filter(Node::weighted).allMatch(x -> x.mvmSteps() == 1));
    }

    @Test
    void slidingWindowCapsTheCache() {
        DecoderConfig m = Zoo.decoder("mistral-7b").orElseThrow();
        Network d = Decoders.decode(m, 10_000);
        Node past = d.nodes().stream().filter(x -> x.name().equals("model.layers.0.past_key")).findFirst().orElseThrow();
        assertEquals(4095, past.output().height(), "the window of 4,096 keys holds 4,095 cached and the new one");
    }

    @Test
    void tokensOutsideThePositionsAreRefused() {
        DecoderConfig g = Zoo.decoder("gpt2").orElseThrow();
        assertThrows(IllegalArgumentException.class, () -> Decoders.prefill(g, 1025));
        assertThrows(IllegalArgumentException.class, () -> Decoders.decode(g, 1024));
        assertEquals(1023, Decoders.decode(g, 1023).nodes().stream()
                .filter(x -> x.name().equals("transformer.h.0.past_key")).findFirst().orElseThrow().output().height());
    }
}
