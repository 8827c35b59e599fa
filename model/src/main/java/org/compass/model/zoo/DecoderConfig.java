package org.compass.model.zoo;

/**
 * The published configuration of a decoder-only language model, as its Hugging Face {@code config.json} states it
 * (field names in brackets below), with the parameter count of the released checkpoint.
 *
 * <p>Two families: {@link Style#GPT2} (learned position embeddings, LayerNorm with bias, biased linear layers, a
 * GELU MLP of 4 x hidden, LM head tied to the token embedding) and {@link Style#LLAMA} (rotary position embeddings,
 * RMSNorm, no bias, a SwiGLU MLP: gate and up projections, SiLU(gate) x up, down projection; grouped-query attention
 * when {@code kvHeads < heads}).
 *
 * @param name                 zoo name
 * @param style                the family
 * @param layers               decoder layers ({@code n_layer}, {@code num_hidden_layers})
 * @param hidden               model width ({@code n_embd}, {@code hidden_size})
 * @param heads                attention heads ({@code n_head}, {@code num_attention_heads})
 * @param kvHeads              key/value heads ({@code num_key_value_heads}; = heads without grouped-query attention)
 * @param headDim              features per head ({@code head_dim}, else hidden / heads)
 * @param ffn                  MLP width ({@code n_inner} = 4 x hidden for GPT-2, {@code intermediate_size})
 * @param vocab                vocabulary ({@code vocab_size})
 * @param maxPositions         longest sequence ({@code n_positions}, {@code max_position_embeddings})
 * @param slidingWindow        keys a query attends to at most ({@code sliding_window}; 0 for the whole context)
 * @param tiedEmbeddings       whether the LM head is the token embedding matrix ({@code tie_word_embeddings})
 * @param publishedParameters  parameters of the released checkpoint (sum of its tensors' elements, a tied matrix
 *                             once)
 * @param source               where the configuration and the count come from
 */
public record DecoderConfig(String name, Style style, int layers, int hidden, int heads, int kvHeads, int headDim,
                            int ffn, int vocab, int maxPositions, int slidingWindow, boolean tiedEmbeddings,
                            long publishedParameters, String source) {

    /** The architecture family. */
    public enum Style {
        /** GPT-2 (Radford et al. 2019). */
        GPT2,
        /** Llama and its relatives (Touvron et al. 2023; Mistral, Jiang et al. 2023). */
        LLAMA
    }

    public DecoderConfig {
        if (heads % kvHeads != 0) {
            throw new IllegalArgumentException(name + ": " + heads + " heads are not a multiple of " + kvHeads
                    + " key/value heads");
        }
    }

    /** Features of the keys (and of the values) of one token: kvHeads x headDim. */
    public int kvDim() {
        return kvHeads * headDim;
    }

    /** Features of the queries of one token (and the attention's output): heads x headDim. */
    public int queryDim() {
        return heads * headDim;
    }

    /** Parameters of the embedding tables kept in DRAM: tokens (vocab x hidden) and, for GPT-2, positions. */
    public long embeddingParameters() {
        long tokens = (long) vocab * hidden;
        return style == Style.GPT2 ? tokens + (long) maxPositions * hidden : tokens;
    }

    /** Parameters of the normalizations (two per layer and a final one): gain and bias (LayerNorm) or gain (RMSNorm). */
    public long normParameters() {
        long perNorm = style == Style.GPT2 ? 2L * hidden : hidden;
        return (2L * layers + 1) * perNorm;
    }

    /** Keys a query attends to when {@code tokens} keys exist: all of them, or the sliding window. */
    public int attendedKeys(int tokens) {
        return slidingWindow > 0 ? Math.min(tokens, slidingWindow) : tokens;
    }

    /** Key/value tokens a decode step reads from the cache with {@code context} tokens before it. */
    public int cachedKeys(int context) {
        return slidingWindow > 0 ? Math.min(context, slidingWindow - 1) : context;
    }
}
