package org.compass.model.zoo;

import java.util.List;
import org.compass.model.network.Activation;
import org.compass.model.network.LayerKind;
import org.compass.model.network.Network;
import org.compass.model.network.NetworkBuilder;
import org.compass.model.network.Shape;
import org.compass.model.network.Window;

/**
 * Transformer encoders: ViT-B/16 (Dosovitskiy et al. 2021, torchvision's {@code vit_b_16}) and BERT-base
 * (Devlin et al. 2019: 12 layers, hidden 768, 12 heads, FFN 3072).
 *
 * <p>Activations are sequences: channels = feature width, height = tokens, width = 1. Linear layers are FC
 * nodes with one MVM step per token; the two attention products (Q K^T and softmax times V) multiply
 * activations by activations and are MATMUL nodes without crossbars. LayerNorm is a NORM node, GELU is fused
 * into the first MLP layer. Attention projections follow the reference implementations: ViT (PyTorch's
 * MultiheadAttention) packs Q, K and V into one 768x2304 layer, BERT has three 768x768 layers.
 */
public final class Transformers {

    private static final int HIDDEN = 768;
    private static final int HEADS = 12;
    private static final int FFN = 3072;
    private static final int LAYERS = 12;

    private Transformers() {
    }

    /** ViT-B/16 at the given square image size (a multiple of 16; 224 gives 197 tokens). */
    public static Network vitB16(int size) {
        if (size % 16 != 0) {
            throw new IllegalArgumentException("vit_b_16 needs an input size that is a multiple of 16, got " + size);
        }
        NetworkBuilder b = new NetworkBuilder("vit_b_16");
        int x = b.input("input", new Shape(3, size, size));
        x = b.conv("conv_proj", x, HIDDEN, Window.square(16, 16, 0), 1, true, Activation.NONE);
        int patches = b.shape(x).height() * b.shape(x).width();
        int tokens = patches + 1;
        x = b.custom("patches", LayerKind.RESHAPE, List.of(x), new Shape(HIDDEN, patches, 1), null, 1, false, Activation.NONE);
        // the class token is a parameter, prepended to the patch sequence
        x = b.custom("class_token", LayerKind.CONCAT, List.of(x), new Shape(HIDDEN, tokens, 1), null, 1, false, Activation.NONE);
        x = b.elementwise("pos_embedding", LayerKind.ADD, List.of(x), Activation.NONE);
        for (int i = 0; i < LAYERS; i++) {
            String p = "encoder.layer" + i;
            int ln1 = b.elementwise(p + ".ln_1", LayerKind.NORM, List.of(x), Activation.NONE);
            int qkv = b.fc(p + ".attn.in_proj", ln1, 3 * HIDDEN, true, Activation.NONE);
            int ctx = attention(b, p + ".attn", qkv, qkv, qkv, tokens);
            int out = b.fc(p + ".attn.out_proj", ctx, HIDDEN, true, Activation.NONE);
            x = b.add(p + ".add_1", List.of(out, x), Activation.NONE);
            int ln2 = b.elementwise(p + ".ln_2", LayerKind.NORM, List.of(x), Activation.NONE);
            int fc1 = b.fc(p + ".mlp.0", ln2, FFN, true, Activation.GELU);
            int fc2 = b.fc(p + ".mlp.3", fc1, HIDDEN, true, Activation.NONE);
            x = b.add(p + ".add_2", List.of(fc2, x), Activation.NONE);
        }
        x = b.elementwise("encoder.ln", LayerKind.NORM, List.of(x), Activation.NONE);
        x = b.custom("class_output", LayerKind.SLICE, List.of(x), new Shape(HIDDEN, 1, 1), null, 1, false, Activation.NONE);
        b.fc("heads.head", x, 1000, true, Activation.NONE);
        return b.build();
    }

    /**
     * BERT-base encoder with its pooler, for a sequence of the given length. The embedding lookups (word,
     * position, token type) are table reads, not matrix-vector products, and are left out: the network's
     * input is the embedded sequence (768 x length x 1).
     */
    public static Network bertBase(int sequenceLength) {
        if (sequenceLength <= 0 || sequenceLength > 512) {
            throw new IllegalArgumentException("bert_base takes a sequence length of 1 to 512, got " + sequenceLength);
        }
        NetworkBuilder b = new NetworkBuilder("bert_base");
        int x = b.input("embeddings", new Shape(HIDDEN, sequenceLength, 1));
        x = b.elementwise("embeddings.LayerNorm", LayerKind.NORM, List.of(x), Activation.NONE);
        for (int i = 0; i < LAYERS; i++) {
            String p = "encoder.layer." + i;
            int q = b.fc(p + ".attention.self.query", x, HIDDEN, true, Activation.NONE);
            int k = b.fc(p + ".attention.self.key", x, HIDDEN, true, Activation.NONE);
            int v = b.fc(p + ".attention.self.value", x, HIDDEN, true, Activation.NONE);
            int ctx = attention(b, p + ".attention.self", q, k, v, sequenceLength);
            int dense = b.fc(p + ".attention.output.dense", ctx, HIDDEN, true, Activation.NONE);
            int add1 = b.add(p + ".attention.output.add", List.of(dense, x), Activation.NONE);
            int ln1 = b.elementwise(p + ".attention.output.LayerNorm", LayerKind.NORM, List.of(add1), Activation.NONE);
            int inter = b.fc(p + ".intermediate.dense", ln1, FFN, true, Activation.GELU);
            int out = b.fc(p + ".output.dense", inter, HIDDEN, true, Activation.NONE);
            int add2 = b.add(p + ".output.add", List.of(out, ln1), Activation.NONE);
            x = b.elementwise(p + ".output.LayerNorm", LayerKind.NORM, List.of(add2), Activation.NONE);
        }
        int cls = b.custom("pooler.first_token", LayerKind.SLICE, List.of(x), new Shape(HIDDEN, 1, 1), null, 1, false, Activation.NONE);
        b.fc("pooler.dense", cls, HIDDEN, true, Activation.TANH);
        return b.build();
    }

    /** Scaled dot-product attention over all heads: scores = Q K^T (heads x tokens x tokens), softmax, times V. */
    private static int attention(NetworkBuilder b, String p, int q, int k, int v, int tokens) {
        Shape scores = new Shape(tokens, HEADS * tokens, 1);
        List<Integer> qk = q == k ? List.of(q) : List.of(q, k);
        int s = b.custom(p + ".scores", LayerKind.MATMUL, qk, scores, null, 1, false, Activation.NONE);
        int sm = b.custom(p + ".softmax", LayerKind.SOFTMAX, List.of(s), scores, null, 1, false, Activation.NONE);
        List<Integer> sv = List.of(sm, v);
        return b.custom(p + ".context", LayerKind.MATMUL, sv, new Shape(HIDDEN, tokens, 1), null, 1, false, Activation.NONE);
    }
}
