package org.compass.model.io;

import java.nio.file.Path;
import java.util.Map;
import org.compass.model.network.Network;
import org.compass.model.problem.InferencePhase;
import org.compass.model.InputException;
import org.compass.model.zoo.DecoderConfig;
import org.compass.model.zoo.Zoo;
import org.compass.model.problem.Problem;

/** Helpers for tools that change a read problem, with the same checks and messages as the reader. */
public final class ProblemReaderSupport {

    private ProblemReaderSupport() {
    }

    /**
     * The problem with another network: a zoo name, or a path ending in {@code .onnx}; the chip and
     * settings stay.
     */
    public static Problem withNetwork(String field, Problem problem, String spec) {
        return withNetworkAndPhase(problem, spec, null, null, null);
    }

    /**
     * The problem with the phase of inference the command line gives ({@code --phase}, {@code --prompt},
     * {@code --context}; null when not given, the problem's own then apply), its decoder rebuilt for it.
     */
    public static Problem withPhase(Problem problem, String phase, Integer prompt, Integer context) {
        return withNetworkAndPhase(problem, null, phase, prompt, context);
    }

    /**
     * The problem with another network ({@code --network}: a zoo name or an .onnx path; null to keep it) and the
     * phase of inference the command line gives (null where not given). A decoder keeps the problem's phase and
     * tokens unless the options change them (a prefill of the default prompt when the problem had no phase), checked
     * against its own positions; {@code --prompt} alone belongs to a prefill and {@code --context} alone to a decode.
     */
    public static Problem withNetworkAndPhase(Problem problem, String networkSpec, String phase, Integer prompt,
                                              Integer context) {
        String field = networkSpec != null ? "--network" : "command line";
        if (networkSpec != null && Zoo.decoder(networkSpec).isEmpty()) {
            Network network = NetworkReader.read("--network", Path.of("."),
                    networkSpec.endsWith(".onnx") ? Map.of("onnx", networkSpec) : networkSpec);
            Problem p = Problem.of(network, problem.hardware(), problem.batch(), problem.objective(), problem.pipeline(),
                    problem.replication()).withCostModel(problem.costModel()).withMinLifetime(problem.minLifetimeSeconds())
                    .withResident(problem.resident()).withSliceCrossbars(problem.sliceCrossbars());
            // a phase given now is refused for a network that is not a decoder
            PhaseReader.phase(null, "--phase", "--prompt", "--context", null, network.name(), phase, prompt,
                    context);
            return p;
        }
        if (networkSpec == null && phase == null && prompt == null && context == null) {
            return problem;
        }
        if (networkSpec == null && problem.network().cachedTokens() > 0) {
            // an exported decode step: its graph holds the cached tokens, which no option can change
            String given = phase != null ? "--phase " + phase : prompt != null ? "--prompt " + prompt
                    : "--context " + context;
            throw new InputException(given + ": the phase of '" + problem.network().name() + "' is fixed by its"
                    + " graph (an exported decode step with " + problem.network().cachedTokens() + " tokens cached);"
                    + " export another step to change it");
        }
        String name = networkSpec != null ? networkSpec : problem.network().name();
        DecoderConfig decoder = Zoo.decoder(name).filter(d -> networkSpec != null || problem.phase().isLlm()).orElse(null);
        InferencePhase old = problem.phase();
        String kind = phase;
        Integer s = prompt;
        Integer l = context;
        if (kind == null && old.isLlm()) {
            kind = old.kind().label();
            if (s == null && l == null) {
                // the problem's own tokens, checked against the new decoder's positions
                s = old.kind() == InferencePhase.Kind.PREFILL ? old.tokens() : null;
                l = old.kind() == InferencePhase.Kind.DECODE ? old.tokens() : null;
            }
        }
        InferencePhase p = PhaseReader.phase(null, "--phase", "--prompt", "--context", decoder, name, kind, s, l);
        checkPhase(field, decoder, p);
        Network network = PhaseReader.network(decoder, p);
        if (networkSpec == null) {
            return problem.withPhase(p, network);
        }
        return Problem.of(network, problem.hardware(), problem.batch(), problem.objective(), problem.pipeline(),
                problem.replication()).withCostModel(problem.costModel()).withMinLifetime(problem.minLifetimeSeconds())
                .withPhase(p, network).withResident(problem.resident()).withSliceCrossbars(problem.sliceCrossbars());
    }

    private static void checkPhase(String field, DecoderConfig decoder, InferencePhase phase) {
        if (!phase.isLlm()) {
            throw new InputException(field + ": " + decoder.name() + " needs a phase of inference");
        }
    }
}
