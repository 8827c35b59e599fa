package org.compass.model.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.compass.model.hardware.Hardware;
import org.compass.model.mapping.LayerTooLargeException;
import org.compass.model.network.Network;
import org.compass.model.InputException;
import org.compass.model.problem.Limits;
import org.compass.model.problem.Objective;
import org.compass.model.problem.PipelineMode;
import org.compass.model.problem.Problem;
import org.compass.model.problem.ReplicationSet;
import org.compass.model.problem.Suite;
import org.compass.model.zoo.Zoo;

/**
 * Reads a benchmark suite file (YAML): lists {@code networks} (zoo names), {@code hardware} (presets),
 * {@code batch} and {@code objectives}, and optional {@code formulation}, {@code pipeline},
 * {@code replication}, {@code limits} and {@code cost_model} as in a problem file. Every error names the file and field.
 */
public final class SuiteReader {

    /** Top-level fields a suite file may have. */
    public static final List<String> FIELDS = List.of("networks", "hardware", "batch", "objectives", "formulation",
            "pipeline", "replication", "limits", "cost_model");

    private SuiteReader() {
    }

    /** Reads and validates a suite file (every network and chip is checked here, before anything runs). */
    public static Suite read(Path path) {
        return parse(path, SafeYaml.read(path));
    }

    /** Parses suite text; {@code path} names it in messages. */
    public static Suite parse(Path path, String text) {
        String file = path.toString();
        String expected = "a mapping with 'networks', 'hardware', 'batch' and 'objectives'";
        YamlFields f = YamlFields.root(file, SafeYaml.load(file, text, expected), "a suite file (YAML: " + expected + ")");
        if (f.has("network") && !f.has("networks")) {
            // a problem file: one network, solved by the main command
            throw new InputException(file + ": a problem file (it has 'network'), not a suite; baseline needs a suite"
                    + " file, lists solved in every combination, e.g. 'networks: [resnet18, vgg16]', 'hardware:"
                    + " [compass-m]', 'batch: [1, 16]', 'objectives: [throughput]' (see problems/suite.yaml); solve a"
                    + " problem file with: compass-solve " + file);
        }
        f.rejectUnknown(FIELDS);
        List<String> networks = new ArrayList<>();
        List<Object> raw = required(f, "networks", "a list of zoo networks");
        for (int i = 0; i < raw.size(); i++) {
            String name = String.valueOf(raw.get(i));
            if (Zoo.build(name).isEmpty()) {
                throw InputException.choice(file, "networks[" + i + "]", "a zoo network ("
                        + String.join(", ", Zoo.names()) + ")", Zoo.names(), raw.get(i));
            }
            networks.add(name);
        }
        List<String> hardware = new ArrayList<>();
        raw = required(f, "hardware", "a list of hardware presets");
        for (int i = 0; i < raw.size(); i++) {
            hardware.add(HardwareReader.preset(file, "hardware[" + i + "]", String.valueOf(raw.get(i))).name());
        }
        List<Integer> batches = new ArrayList<>();
        raw = required(f, "batch", "a list of positive batch sizes");
        for (int i = 0; i < raw.size(); i++) {
            batches.add(SettingsReader.batch(f, "batch[" + i + "]", f.positiveInt("batch[" + i + "]", raw.get(i))));
        }
        List<Objective> objectives = new ArrayList<>();
        raw = required(f, "objectives", "a list of objectives");
        for (int i = 0; i < raw.size(); i++) {
            objectives.add(SettingsReader.objective(file, "objectives[" + i + "]", raw.get(i)));
        }
        PipelineMode pipeline = SettingsReader.pipeline(f);
        ReplicationSet replication = SettingsReader.replication(f);
        Limits limits = SettingsReader.limits(f);
        Suite suite = new Suite(path, networks, hardware, batches, objectives, f.string("formulation", "dp"),
                pipeline, replication, limits, SettingsReader.costModel(f));
        for (String n : networks) {
            for (String h : hardware) {
                problem(suite, new Suite.Case(n, h, batches.get(0), objectives.get(0)));
            }
        }
        return suite;
    }

    /** The problem of one case; a network that cannot be mapped on a chip is an input error naming both. */
    public static Problem problem(Suite suite, Suite.Case c) {
        Network network = Zoo.build(c.network()).orElseThrow();
        Hardware hw = HardwareReader.preset(suite.source().toString(), "hardware", c.hardware());
        try {
            Problem p = Problem.of(network, hw, c.batch(), c.objective(), suite.pipeline(), suite.replication())
                    .withCostModel(suite.costModel());
            // a decoder in a suite is a prefill of its default prompt, as in a problem file without a phase
            return Zoo.decoder(c.network()).isPresent()
                    ? p.withPhase(org.compass.model.problem.InferencePhase.prefill(Zoo.DEFAULT_PROMPT_TOKENS), network) : p;
        } catch (LayerTooLargeException e) {
            throw new InputException(suite.source() + ": field 'hardware': " + c.network() + " on " + c.hardware()
                    + ": " + e.getMessage());
        }
    }

    private static List<Object> required(YamlFields f, String key, String expected) {
        if (!f.has(key)) {
            throw InputException.field(f.file(), key, expected + " (missing)", null);
        }
        Object v = f.raw(key);
        List<Object> list = v instanceof List<?> ? f.list(key) : List.of(v);
        if (list.isEmpty()) {
            throw InputException.field(f.file(), key, expected + " (empty)", null);
        }
        return list;
    }
}
