package org.compass.model.io;

import java.nio.file.Path;
import java.util.Map;
import org.compass.model.hardware.Hardware;
import org.compass.model.network.Network;
import org.compass.model.problem.InferencePhase;
import org.compass.model.problem.InputException;
import org.compass.model.zoo.DecoderConfig;
import org.compass.model.zoo.Zoo;
import org.compass.model.problem.ProblemFile;
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
        var decoder = Zoo.decoder(spec);
        if (decoder.isPresent()) {
            // a decoder keeps the problem's phase (a prefill of the default prompt when it had none)
            InferencePhase phase = problem.phase().isLlm() ? problem.phase()
                    : PhaseReader.phase(field, "--phase", "--prompt", "--context", decoder.get(), spec, null, null, null);
            checkPhase(field, decoder.get(), phase);
            Network network = PhaseReader.network(decoder.get(), phase);
            return Problem.of(network, problem.hardware(), problem.batch(), problem.objective(), problem.pipeline(),
                    problem.replication()).withCostModel(problem.costModel()).withMinLifetime(problem.minLifetimeSeconds())
                    .withPhase(phase, network);
        }
        Network network = NetworkReader.read(field, Path.of("."), spec.endsWith(".onnx") ? Map.of("onnx", spec) : spec);
        return Problem.of(network, problem.hardware(), problem.batch(), problem.objective(), problem.pipeline(),
                problem.replication()).withCostModel(problem.costModel()).withMinLifetime(problem.minLifetimeSeconds());
    }

    /**
     * The problem with the phase of inference the command line gives ({@code --phase}, {@code --prompt},
     * {@code --context}; null when not given, the problem's own then apply), its decoder rebuilt for it.
     */
    public static Problem withPhase(Problem problem, String phase, Integer prompt, Integer context) {
        if (phase == null && prompt == null && context == null) {
            return problem;
        }
        var decoder = Zoo.decoder(problem.network().name()).filter(d -> problem.phase().isLlm());
        InferencePhase old = problem.phase();
        String kind = phase;
        if (kind == null && decoder.isPresent()) {
            // --prompt alone keeps prefill; --context alone keeps decode (or asks for it)
            kind = prompt != null && old.kind() == InferencePhase.Kind.PREFILL ? "prefill"
                    : context != null && old.kind() == InferencePhase.Kind.DECODE ? "decode" : null;
        }
        InferencePhase p = PhaseReader.phase("command line", "--phase", "--prompt", "--context", decoder.orElse(null),
                problem.network().name(), kind, prompt, context);
        checkPhase("command line", decoder.orElseThrow(), p);
        return problem.withPhase(p, PhaseReader.network(decoder.get(), p));
    }

    private static void checkPhase(String field, DecoderConfig decoder, InferencePhase phase) {
        if (!phase.isLlm()) {
            throw new InputException(field + ": " + decoder.name() + " needs a phase of inference");
        }
    }

    /** A default problem file for an ONNX file given directly on the command line. */
    public static ProblemFile forOnnx(Path onnx) {
        return ProblemReader.parse(onnx, "network: {onnx: '" + onnx.toAbsolutePath().toString().replace("'", "''") + "'}\n");
    }

    /** The problem on another hardware preset, by name; unknown names are input errors. */
    public static Problem remap(String file, Problem problem, String preset) {
        Hardware hw = HardwareReader.preset(file, "--hardware", preset);
        return problem.withHardware(hw);
    }
}
