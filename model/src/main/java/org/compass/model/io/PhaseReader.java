package org.compass.model.io;

import java.util.Map;
import java.util.Optional;
import org.compass.model.network.Network;
import org.compass.model.problem.InferencePhase;
import org.compass.model.InputException;
import org.compass.model.zoo.DecoderConfig;
import org.compass.model.zoo.Decoders;
import org.compass.model.zoo.Zoo;

/**
 * The inference phase of a problem ({@code phase: prefill | decode}, {@code prompt: S}, {@code context: L}, or the
 * command line's {@code --phase}, {@code --prompt}, {@code --context}) and the decoder network built for it.
 * Rules: a phase needs a decoder from the zoo; {@code prompt} belongs to prefill and {@code context} to decode; a
 * decoder without a phase is a prefill of {@link Zoo#DEFAULT_PROMPT_TOKENS} tokens; a decode step without a context
 * has {@link #DEFAULT_CONTEXT} tokens cached.
 */
public final class PhaseReader {

    /** Context tokens of a decode step when none is given. */
    public static final int DEFAULT_CONTEXT = 1024;

    private PhaseReader() {
    }

    /** The zoo decoder a {@code network} field names (a name or {@code {zoo: name}}), if it names one. */
    static Optional<DecoderConfig> decoderOf(Object network) {
        Object name = network instanceof Map<?, ?> m ? m.get("zoo") : network;
        return name instanceof String s ? Zoo.decoder(s) : Optional.empty();
    }

    /**
     * The phase the settings give.
     *
     * @param file      the file named in messages; null for the command line (the option is named alone)
     * @param phaseKey  how the phase is named there ("phase" or "--phase")
     * @param promptKey how the prompt is named ("prompt" or "--prompt")
     * @param contextKey how the context is named ("context" or "--context")
     * @param decoder   the decoder the network names, or null when it names none
     * @param networkName the network's name, for messages
     * @param phase     the phase given, or null
     * @param prompt    the prompt given, or null
     * @param context   the context given, or null
     */
    public static InferencePhase phase(String file, String phaseKey, String promptKey, String contextKey,
                                       DecoderConfig decoder, String networkName, String phase, Integer prompt,
                                       Integer context) {
        InferencePhase.Kind kind = null;
        if (phase != null) {
            kind = InferencePhase.Kind.byLabel(phase);
            if (kind == null) {
                throw InputException.choice(file, phaseKey, "prefill or decode", java.util.List.of("prefill", "decode"), phase);
            }
        }
        String given = phase != null ? phaseKey : prompt != null ? promptKey : context != null ? contextKey : null;
        if (decoder == null) {
            if (given != null) {
                throw new InputException(where(file, given) + ": a phase of inference needs a decoder from the"
                        + " zoo (" + String.join(", ", Decoders.configurations().stream().map(DecoderConfig::name)
                        .toList()) + "); network '" + networkName + "' is not one (an ONNX export of one decode step"
                        + " gets its phase from its graph)");
            }
            return InferencePhase.NONE;
        }
        if (kind == null) {
            kind = context != null ? null : InferencePhase.Kind.PREFILL;
            if (kind == null) {
                throw new InputException(where(file, contextKey) + ": the context of a decode step needs '"
                        + phaseKey + " decode'; maybe add it");
            }
        }
        if (kind == InferencePhase.Kind.PREFILL && context != null) {
            throw new InputException(where(file, contextKey) + ": a prefill has no cached context; use '"
                    + promptKey + "' for its prompt, or '" + phaseKey + " decode'");
        }
        if (kind == InferencePhase.Kind.DECODE && prompt != null) {
            throw new InputException(where(file, promptKey) + ": a decode step has no prompt; use '"
                    + contextKey + "' for the tokens already cached, or '" + phaseKey + " prefill'");
        }
        if (kind == InferencePhase.Kind.PREFILL) {
            int s = prompt == null ? Zoo.DEFAULT_PROMPT_TOKENS : prompt;
            if (s <= 0 || s > decoder.maxPositions()) {
                throw InputException.field(file, promptKey, "a prompt of 1 to " + String.format("%,d",
                        decoder.maxPositions()) + " tokens (" + decoder.name() + "'s positions)", s);
            }
            return InferencePhase.prefill(s);
        }
        int l = context == null ? DEFAULT_CONTEXT : context;
        if (l <= 0 || l >= decoder.maxPositions()) {
            throw InputException.field(file, contextKey, "a context of 1 to " + String.format("%,d",
                    decoder.maxPositions() - 1) + " tokens (" + decoder.name() + "'s positions, the new token included)", l);
        }
        return InferencePhase.decode(l);
    }

    /** The decoder's network for a phase (prefill or decode). */
    public static Network network(DecoderConfig decoder, InferencePhase phase) {
        return switch (phase.kind()) {
            case PREFILL -> Decoders.prefill(decoder, phase.tokens());
            case DECODE -> Decoders.decode(decoder, phase.tokens());
            case NONE -> throw new IllegalArgumentException("a decoder needs a phase of inference");
        };
    }

    /** "file: field 'key'" in a file, the option itself ({@code file} null) on the command line. */
    private static String where(String file, String key) {
        return file == null ? key : file + ": field '" + key + "'";
    }
}
