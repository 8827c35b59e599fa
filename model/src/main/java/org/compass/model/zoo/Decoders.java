package org.compass.model.zoo;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.compass.model.network.Activation;
import org.compass.model.network.LayerKind;
import org.compass.model.network.Network;
import org.compass.model.network.NetworkBuilder;
import org.compass.model.network.Shape;

/**
 * Decoder-only language models from their published configurations ({@link DecoderConfig}), built for one phase of
 * inference: the prefill of a prompt of S tokens, or one decode step with L tokens already in the KV cache
 * ({@code docs/llm.md}).
 *
 * <p>Sources (Hugging Face {@code config.json} of each checkpoint; parameter counts are the sums of the released
 * tensors' elements, a tied LM head counted once):
 * <ul>
 *   <li>GPT-2 small, medium, large, XL: {@code openai-community/gpt2[-medium|-large|-xl]} (n_embd 768/1024/1280/1600,
 *       n_layer 12/24/36/48, n_head 12/16/20/25, vocab_size 50257, n_positions 1024); Radford et al. 2019 publish
 *       117M/345M/762M/1542M, the model cards 124M/355M/774M/1.5B (the paper's counts leave out the position table
 *       and round differently): 124,439,808 / 354,823,168 / 774,030,080 / 1,557,611,200;</li>
 *   <li>Llama-3.2-1B: {@code meta-llama/Llama-3.2-1B} (hidden_size 2048, intermediate_size 8192, 16 layers, 32 heads,
 *       8 key/value heads, head_dim 64, vocab_size 128256, max_position_embeddings 131072, tie_word_embeddings
 *       true): 1,235,814,400 (model card: 1.23B);</li>
 *   <li>Llama-2-7B: {@code meta-llama/Llama-2-7b-hf} (4096, 11008, 32 layers, 32 heads, 32 key/value heads, vocab
 *       32000, 4096 positions; Touvron et al. 2023, Table 1): 6,738,415,616;</li>
 *   <li>Llama-3-8B: {@code meta-llama/Meta-Llama-3-8B} (4096, 14336, 32 layers, 32 heads, 8 key/value heads:
 *       grouped-query attention, vocab 128256, 8192 positions): 8,030,261,248;</li>
 *   <li>Mistral-7B: {@code mistralai/Mistral-7B-v0.1} (4096, 14336, 32 layers, 32 heads, 8 key/value heads, vocab
 *       32000, sliding_window 4096; Jiang et al. 2023, Table 1): 7,241,732,096;</li>
 *   <li>Llama-2-70B: {@code meta-llama/Llama-2-70b-hf} (8192, 28672, 80 layers, 64 heads, 8 key/value heads, vocab
 *       32000, 4096 positions): 68,976,648,192.</li>
 * </ul>
 *
 * <p>How a decoder becomes a network. Activations are sequences (channels = features, height = tokens). The token
 * embedding is a lookup in a table that stays in DRAM (as the ONNX importer's token-embedding Gather): the looked-up
 * rows are the network input {@code embed_tokens}; GPT-2's learned positions are a second such input, added. Every
 * linear layer, the LM head included, is a crossbar layer; GPT-2's fused {@code c_attn} is written as its three
 * column blocks (Q, K, V: the same weights, so that the keys and values are tensors of their own). RMSNorm and
 * LayerNorm are NORM nodes; SiLU and GELU are fused into the layer that feeds them; SwiGLU's product is a MUL node;
 * the rotary embedding is an element-wise node on the queries and keys (GPT-2: a reshape of the keys into heads).
 * The two attention products run on the vector units as MATMUL nodes shaped so that their work is exact:
 * scores = heads x T x K with the head dimension as inner dimension, context = query features x T with the K keys
 * as inner dimension (K = attended keys: S in prefill, as a dense masked kernel computes it, the cached keys + 1 in
 * decode).
 *
 * <p>Prefill takes T = S tokens and ends with the LM head on the last token only (the logits that make the first
 * output token). Decode takes T = 1 token per sequence; layer i reads its cached keys and values of L tokens
 * ({@code model.layers.i.past_key}, {@code .past_value}: network inputs in DRAM marked as KV cache) and appends the
 * new token's keys (after the rotary embedding) and values (KV-cache outputs, stored to DRAM).
 */
public final class Decoders {

    private static final Map<String, DecoderConfig> CONFIGS = configs();

    private Decoders() {
    }

    private static Map<String, DecoderConfig> configs() {
        Map<String, DecoderConfig> m = new LinkedHashMap<>();
        String gpt2 = "Hugging Face openai-community/%s config.json; Radford et al. 2019";
        put(m, gpt2("gpt2", 12, 768, 12, 124_439_808L, String.format(gpt2, "gpt2")));
        put(m, gpt2("gpt2_medium", 24, 1024, 16, 354_823_168L, String.format(gpt2, "gpt2-medium")));
        put(m, gpt2("gpt2_large", 36, 1280, 20, 774_030_080L, String.format(gpt2, "gpt2-large")));
        put(m, gpt2("gpt2_xl", 48, 1600, 25, 1_557_611_200L, String.format(gpt2, "gpt2-xl")));
        put(m, new DecoderConfig("llama3_2_1b", DecoderConfig.Style.LLAMA, 16, 2048, 32, 8, 64, 8192, 128_256,
                131_072, 0, true, 1_235_814_400L, "Hugging Face meta-llama/Llama-3.2-1B config.json"));
        put(m, new DecoderConfig("llama2_7b", DecoderConfig.Style.LLAMA, 32, 4096, 32, 32, 128, 11_008, 32_000,
                4096, 0, false, 6_738_415_616L,
                "Hugging Face meta-llama/Llama-2-7b-hf config.json; Touvron et al. 2023, Table 1"));
        put(m, new DecoderConfig("llama3_8b", DecoderConfig.Style.LLAMA, 32, 4096, 32, 8, 128, 14_336, 128_256,
                8192, 0, false, 8_030_261_248L, "Hugging Face meta-llama/Meta-Llama-3-8B config.json"));
        put(m, new DecoderConfig("mistral_7b", DecoderConfig.Style.LLAMA, 32, 4096, 32, 8, 128, 14_336, 32_000,
                32_768, 4096, false, 7_241_732_096L,
                "Hugging Face mistralai/Mistral-7B-v0.1 config.json; Jiang et al. 2023, Table 1"));
        put(m, new DecoderConfig("llama2_70b", DecoderConfig.Style.LLAMA, 80, 8192, 64, 8, 128, 28_672, 32_000,
                4096, 0, false, 68_976_648_192L,
                "Hugging Face meta-llama/Llama-2-70b-hf config.json; Touvron et al. 2023, Table 1"));
        return m;
    }

    private static DecoderConfig gpt2(String name, int layers, int hidden, int heads, long params, String source) {
        return new DecoderConfig(name, DecoderConfig.Style.GPT2, layers, hidden, heads, heads, hidden / heads,
                4 * hidden, 50_257, 1024, 0, true, params, source);
    }

    private static void put(Map<String, DecoderConfig> m, DecoderConfig c) {
        m.put(c.name(), c);
    }

    /** Every decoder configuration, in listing order. */
    public static List<DecoderConfig> configurations() {
        return List.copyOf(CONFIGS.values());
    }

    /** The configuration of a decoder by its zoo name (after the zoo's aliases). */
    public static Optional<DecoderConfig> configuration(String name) {
        return Optional.ofNullable(CONFIGS.get(name));
    }

    /**
     * The prefill of a prompt of {@code promptTokens} tokens per sequence.
     *
     * @throws IllegalArgumentException when the prompt is not 1 to the model's positions
     */
    public static Network prefill(DecoderConfig c, int promptTokens) {
        if (promptTokens <= 0 || promptTokens > c.maxPositions()) {
            throw new IllegalArgumentException(c.name() + " takes a prompt of 1 to " + String.format("%,d", c.maxPositions())
                    + " tokens, got " + promptTokens);
        }
        return build(c, promptTokens, -1);
    }

    /**
     * One decode step: one new token per sequence with {@code contextTokens} tokens already cached.
     *
     * @throws IllegalArgumentException when the context and the new token exceed the model's positions
     */
    public static Network decode(DecoderConfig c, int contextTokens) {
        if (contextTokens <= 0 || contextTokens >= c.maxPositions()) {
            throw new IllegalArgumentException(c.name() + " takes a context of 1 to "
                    + String.format("%,d", c.maxPositions() - 1) + " tokens before the new one, got " + contextTokens);
        }
        return build(c, 1, contextTokens);
    }

    /** tokens: T; context: L for a decode step, -1 for prefill. */
    private static Network build(DecoderConfig c, int tokens, int context) {
        boolean decode = context >= 0;
        boolean gpt2 = c.style() == DecoderConfig.Style.GPT2;
        boolean bias = gpt2;
        int hd = c.headDim();
        NetworkBuilder b = new NetworkBuilder(c.name());
        String model = gpt2 ? "transformer" : "model";
        int x = b.input(gpt2 ? "transformer.wte" : "model.embed_tokens", new Shape(c.hidden(), tokens, 1));
        if (gpt2) {
            int pos = b.input("transformer.wpe", new Shape(c.hidden(), tokens, 1));
            x = b.add("transformer.embeddings", List.of(x, pos), Activation.NONE);
        }
        // keys each query attends to, and (decode) keys read from the cache
        int cached = decode ? c.cachedKeys(context) : 0;
        int keys = decode ? cached + 1 : c.attendedKeys(tokens);
        for (int i = 0; i < c.layers(); i++) {
            String p = gpt2 ? model + ".h." + i : model + ".layers." + i;
            String attn = gpt2 ? p + ".attn" : p + ".self_attn";
            int n1 = b.elementwise(p + (gpt2 ? ".ln_1" : ".input_layernorm"), LayerKind.NORM, List.of(x), Activation.NONE);
            int q = b.fc(attn + ".q_proj", n1, c.queryDim(), bias, Activation.NONE);
            int k = b.fc(attn + ".k_proj", n1, c.kvDim(), bias, Activation.NONE);
            int v = b.fc(attn + ".v_proj", n1, c.kvDim(), bias, Activation.NONE);
            int qh;
            int kh;
            if (gpt2) {
                qh = q;
                kh = b.custom(attn + ".k_heads", LayerKind.RESHAPE, List.of(k), new Shape(c.kvHeads(), tokens, hd),
                        null, 1, false, Activation.NONE);
            } else {
                qh = b.custom(attn + ".rotary_q", LayerKind.MUL, List.of(q), new Shape(c.heads(), tokens, hd), null, 1,
                        false, Activation.NONE);
                kh = b.custom(attn + ".rotary_k", LayerKind.MUL, List.of(k), new Shape(c.kvHeads(), tokens, hd), null,
                        1, false, Activation.NONE);
            }
            b.kvCache(kh);
            b.kvCache(v);
            List<Integer> scoreInputs;
            List<Integer> contextValues;
            if (decode) {
                int pastK = b.input(p + ".past_key", new Shape(c.kvHeads(), cached, hd));
                int pastV = b.input(p + ".past_value", new Shape(c.kvHeads(), cached, hd));
                b.kvCache(pastK);
                b.kvCache(pastV);
                scoreInputs = List.of(pastK, kh, qh);
                contextValues = List.of(pastV, v);
            } else {
                scoreInputs = List.of(kh, qh);
                contextValues = List.of(v);
            }
            Shape scoreShape = new Shape(c.heads(), tokens, keys);
            int scores = b.custom(attn + ".scores", LayerKind.MATMUL, scoreInputs, scoreShape, null, 1, false,
                    Activation.NONE);
            int probs = b.custom(attn + ".softmax", LayerKind.SOFTMAX, List.of(scores), scoreShape, null, 1, false,
                    Activation.NONE);
            List<Integer> ctxInputs = new java.util.ArrayList<>();
            ctxInputs.add(probs);
            ctxInputs.addAll(contextValues);
            int ctx = b.custom(attn + ".context", LayerKind.MATMUL, ctxInputs, new Shape(c.queryDim(), tokens, 1),
                    null, 1, false, Activation.NONE);
            int o = b.fc(attn + ".o_proj", ctx, c.hidden(), bias, Activation.NONE);
            x = b.add(p + ".add_1", List.of(o, x), Activation.NONE);
            int n2 = b.elementwise(p + (gpt2 ? ".ln_2" : ".post_attention_layernorm"), LayerKind.NORM, List.of(x),
                    Activation.NONE);
            int down;
            if (gpt2) {
                int fc = b.fc(p + ".mlp.c_fc", n2, c.ffn(), true, Activation.GELU);
                down = b.fc(p + ".mlp.c_proj", fc, c.hidden(), true, Activation.NONE);
            } else {
                int gate = b.fc(p + ".mlp.gate_proj", n2, c.ffn(), false, Activation.SILU);
                int up = b.fc(p + ".mlp.up_proj", n2, c.ffn(), false, Activation.NONE);
                int prod = b.elementwise(p + ".mlp.act_mul", LayerKind.MUL, List.of(gate, up), Activation.NONE);
                down = b.fc(p + ".mlp.down_proj", prod, c.hidden(), false, Activation.NONE);
            }
            x = b.add(p + ".add_2", List.of(down, x), Activation.NONE);
        }
        x = b.elementwise(gpt2 ? "transformer.ln_f" : "model.norm", LayerKind.NORM, List.of(x), Activation.NONE);
        if (!decode && tokens > 1) {
            x = b.custom("last_token", LayerKind.SLICE, List.of(x), new Shape(c.hidden(), 1, 1), null, 1, false,
                    Activation.NONE);
        }
        b.fc("lm_head", x, c.vocab(), false, Activation.NONE);
        b.note((decode ? "decode step: " + tokens + " new token per sequence, " + context + " tokens cached"
                + (cached < context ? " (the sliding window reads the last " + cached + ")" : "")
                : "prefill of " + tokens + " prompt tokens per sequence")
                + "; the token embedding (" + String.format("%,d", c.embeddingParameters()) + " parameters"
                + (gpt2 ? " with the position table" : "") + ") stays in DRAM and is looked up");
        return b.build();
    }
}
