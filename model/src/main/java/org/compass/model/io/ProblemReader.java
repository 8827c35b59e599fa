package org.compass.model.io;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.compass.model.hardware.Hardware;
import org.compass.model.mapping.LayerTooLargeException;
import org.compass.model.mapping.MappingTooLargeException;
import org.compass.model.network.Network;
import org.compass.model.zoo.DecoderConfig;
import org.compass.model.problem.CostModelVersion;
import org.compass.model.InputException;
import org.compass.model.problem.InferencePhase;
import org.compass.model.problem.Objective;
import org.compass.model.problem.PipelineMode;
import org.compass.model.problem.Problem;
import org.compass.model.problem.ReplicationSet;
import org.compass.model.problem.ResidentMode;

/**
 * Reads the problem of a problem file (YAML, safely: no types, no duplicate keys, few aliases): the network, the
 * chip and the settings that say which plans are allowed and what they cost. How to solve it (formulation, space,
 * back-end, limits) may sit in the same file and is read by the solver's own settings
 * ({@code org.compass.solver.ProblemFile}); this reader only knows the names of those fields.
 */
public final class ProblemReader {

    /** Top-level fields of a problem file that describe the problem. */
    public static final List<String> FIELDS = List.of("network", "hardware", "batch", "objective", "pipeline",
            "replication", "cost_model", "min_lifetime_years", "phase", "prompt", "context", "resident",
            "slice_crossbars");

    private ProblemReader() {
    }

    /** Reads and validates the problem of a problem file that holds no solver settings. */
    public static Problem read(Path path) {
        return parse(path, SafeYaml.read(path));
    }

    /** Parses problem-file text that holds no solver settings; {@code path} names it in messages. */
    public static Problem parse(Path path, String text) {
        YamlFields f = fields(path, text);
        f.rejectUnknown(FIELDS);
        return problem(path, f);
    }

    /** The top-level fields of a problem file on disk ({@link #fields(Path, String)}). */
    public static YamlFields fields(Path path) {
        return fields(path, SafeYaml.read(path));
    }

    /**
     * The top-level fields of problem-file text, a mapping (a suite file is refused, pointing to the command that
     * solves it); {@code path} names it in messages.
     */
    public static YamlFields fields(Path path, String text) {
        String file = path.toString();
        Object root = SafeYaml.load(file, text, "a mapping with a 'network' field");
        YamlFields f = YamlFields.root(file, root, "a problem file (YAML with a 'network' field, or an .onnx file)");
        if (!f.has("network") && f.has("networks")) {
            // a suite lists networks x chips x batch sizes x objectives, which the baseline command solves
            throw new InputException(file + ": a suite file (it lists 'networks'), not a problem file; solve a suite"
                    + " with: compass-solve baseline " + file);
        }
        return f;
    }

    /**
     * The problem of a problem file's fields ({@link #FIELDS}; other fields are the caller's to check);
     * {@code path} anchors relative paths.
     */
    public static Problem problem(Path path, YamlFields f) {
        String file = path.toString();
        Path baseDir = path.toAbsolutePath().getParent();
        DecoderConfig decoder = PhaseReader.decoderOf(f.raw("network")).orElse(null);
        if (decoder != null && f.raw("network") instanceof Map<?, ?> m && m.containsKey("input_size")) {
            throw InputException.field(file, "network.input_size", "no input size for decoder " + decoder.name()
                    + " (its tokens are the top-level 'prompt' of a prefill or 'context' of a decode step)",
                    m.get("input_size"));
        }
        InferencePhase phase = PhaseReader.phase(file, "phase", "prompt", "context", decoder,
                String.valueOf(f.raw("network") instanceof Map<?, ?> m ? m.get("zoo") : f.raw("network")),
                f.has("phase") ? f.string("phase", null) : null,
                f.has("prompt") ? f.positiveInt("prompt", 0) : null, f.has("context") ? f.positiveInt("context", 0) : null);
        Network network = phase.isLlm() ? PhaseReader.network(decoder, phase)
                : NetworkReader.read(file, baseDir, f.raw("network"));
        Hardware hardware = HardwareReader.read(file, "hardware", f.raw("hardware"));
        int batch = SettingsReader.batch(f, "batch", f.positiveInt("batch", 16));
        Objective objective = SettingsReader.objective(file, "objective", f.string("objective", "throughput"));
        PipelineMode pipeline = SettingsReader.pipeline(f);
        ReplicationSet replication = SettingsReader.replication(f);
        CostModelVersion costModel = SettingsReader.costModel(f);
        // a floor on the chip's lifetime is part of the problem (what plans are allowed), not a solver limit
        double minLifetimeYears = f.nonNegativeNumber("min_lifetime_years", 0);
        if (Double.isInfinite(minLifetimeYears) || minLifetimeYears > 1e6) {
            throw InputException.field(file, "min_lifetime_years", "a number of years from 0 to 1,000,000",
                    f.raw("min_lifetime_years"));
        }
        ResidentMode resident = ResidentMode.byLabel(f.string("resident", "none"));
        if (resident == null) {
            throw InputException.choice(file, "resident", "none or auto (auto: the solver keeps some weights on chip"
                    + " across batches)", SettingsReader.labels(ResidentMode.values()), f.raw("resident"));
        }
        int sliceCrossbars = f.has("slice_crossbars") ? f.positiveInt("slice_crossbars", 0) : 0;
        Problem problem;
        try {
            problem = Problem.of(network, hardware, batch, objective, pipeline, replication).withCostModel(costModel)
                    .withMinLifetime(minLifetimeYears * Problem.YEAR_SECONDS)
                    .withPhase(phase.isLlm() ? phase : InferencePhase.ofGraph(network), network)
                    .withResident(resident).withSliceCrossbars(sliceCrossbars);
        } catch (LayerTooLargeException e) {
            throw new LayerTooLargeException(file, e);
        } catch (MappingTooLargeException e) {
            throw new MappingTooLargeException(file, e);
        }
        return problem;
    }
}
