package org.compass.model.problem;

/**
 * Which phase of language-model inference a problem describes ({@code docs/llm.md}). A batch is B sequences:
 *
 * <ul>
 *   <li>{@link Kind#PREFILL}: each sequence's prompt of {@code tokens} tokens goes through the decoder at once
 *       (every linear layer takes S MVM steps per sequence, the attention products grow with S^2); the batch's
 *       latency is the time to first token;</li>
 *   <li>{@link Kind#DECODE}: one step, each sequence makes one new token with a context of {@code tokens} tokens
 *       already in the KV cache (read from DRAM, the new entries appended); the batch's latency is the time per
 *       output token;</li>
 *   <li>{@link Kind#NONE}: a network that is not a decoder (images, encoders): no token metrics.</li>
 * </ul>
 *
 * @param kind   the phase
 * @param tokens prompt tokens S (prefill), context tokens L already cached (decode), 0 for none
 */
public record InferencePhase(Kind kind, int tokens) {

    /** Not a language-model phase. */
    public static final InferencePhase NONE = new InferencePhase(Kind.NONE, 0);

    /** The phase kinds, with their names in files and on the command line. */
    public enum Kind {
        NONE("none"), PREFILL("prefill"), DECODE("decode");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        /** The name used in files. */
        public String label() {
            return label;
        }

        /** The phase with the given label (prefill or decode), or null. */
        public static Kind byLabel(String text) {
            for (Kind k : values()) {
                if (k != NONE && k.label.equalsIgnoreCase(text)) {
                    return k;
                }
            }
            return null;
        }
    }

    public InferencePhase {
        if (kind == null) {
            throw new IllegalArgumentException("phase kind must not be null");
        }
        if (kind == Kind.NONE ? tokens != 0 : tokens <= 0) {
            throw new IllegalArgumentException(kind == Kind.NONE ? "no phase takes no tokens, got " + tokens
                    : kind.label() + " needs a positive number of tokens, got " + tokens);
        }
    }

    /** Prefill of a prompt of {@code promptTokens} tokens per sequence. */
    public static InferencePhase prefill(int promptTokens) {
        return new InferencePhase(Kind.PREFILL, promptTokens);
    }

    /** One decode step per sequence with {@code contextTokens} tokens already cached. */
    public static InferencePhase decode(int contextTokens) {
        return new InferencePhase(Kind.DECODE, contextTokens);
    }

    /**
     * The phase a network's graph fixes: one decode step with {@link Network#cachedTokens()} tokens cached for an
     * imported decoder step (an ONNX export with its KV cache as inputs), otherwise none (a zoo decoder's phase is
     * the problem's setting).
     */
    public static InferencePhase ofGraph(org.compass.model.network.Network network) {
        return network.cachedTokens() > 0 ? decode(network.cachedTokens()) : NONE;
    }

    /** Whether this is prefill or decode. */
    public boolean isLlm() {
        return kind != Kind.NONE;
    }

    /** Tokens one sequence of the batch pushes through the decoder: S in prefill, 1 in decode, 0 otherwise. */
    public int tokensPerSequence() {
        return switch (kind) {
            case PREFILL -> tokens;
            case DECODE -> 1;
            case NONE -> 0;
        };
    }

    @Override
    public String toString() {
        return switch (kind) {
            case PREFILL -> "prefill of " + tokens + " prompt tokens";
            case DECODE -> "decode with " + tokens + " context tokens";
            case NONE -> "none";
        };
    }
}
