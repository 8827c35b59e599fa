package org.compass.model.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.compass.model.hardware.Hardware;
import org.compass.model.mapping.LayerTooLargeException;
import org.compass.model.network.Network;
import org.compass.model.problem.InputException;
import org.compass.model.problem.Limits;
import org.compass.model.problem.Objective;
import org.compass.model.problem.PipelineMode;
import org.compass.model.problem.Problem;
import org.compass.model.problem.ReplicationSet;
import org.compass.model.problem.Suite;
import org.compass.model.zoo.Zoo;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads a benchmark suite file (YAML): lists {@code networks} (zoo names), {@code hardware} (presets),
 * {@code batch} and {@code objectives}, and optional {@code formulation}, {@code pipeline},
 * {@code replication} and {@code limits} as in a problem file. Every error names the file and field.
 */
public final class SuiteReader {

    /** Top-level fields a suite file may have. */
    public static final List<String> FIELDS = List.of("networks", "hardware", "batch", "objectives", "formulation",
            "pipeline", "replication", "limits");

    private SuiteReader() {
    }

    /** Reads and validates a suite file (every network and chip is checked here, before anything runs). */
    public static Suite read(Path path) {
        String file = path.toString();
        String text;
        try {
            text = Files.readString(path);
        } catch (NoSuchFileException e) {
            throw new InputException(file + ": no such file");
        } catch (IOException e) {
            throw new InputException(file + ": cannot read: " + e.getMessage());
        }
        return parse(path, text);
    }

    /** Parses suite text; {@code path} names it in messages. */
    public static Suite parse(Path path, String text) {
        String file = path.toString();
        YamlFields f = YamlFields.of(file, "", load(file, text));
        f.rejectUnknown(FIELDS);
        List<String> networks = new ArrayList<>();
        List<Object> raw = required(f, "networks", "a list of zoo networks");
        for (int i = 0; i < raw.size(); i++) {
            String name = String.valueOf(raw.get(i));
            if (Zoo.build(name).isEmpty()) {
                throw InputException.field(file, "networks[" + i + "]", "a zoo network ("
                        + String.join(", ", Zoo.names()) + ")", raw.get(i));
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
            batches.add(f.positiveInt("batch[" + i + "]", raw.get(i)));
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
                pipeline, replication, limits);
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
            return Problem.of(network, hw, c.batch(), c.objective(), suite.pipeline(), suite.replication());
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

    private static Object load(String file, String text) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(10);
        options.setAllowRecursiveKeys(false);
        try {
            Object root = new Yaml(new SafeConstructor(options)).load(text);
            if (root == null) {
                throw new InputException(file + ": the file is empty; expected a mapping with 'networks', "
                        + "'hardware', 'batch' and 'objectives'");
            }
            return root;
        } catch (MarkedYAMLException e) {
            String problem = e.getProblem() == null ? "malformed YAML" : e.getProblem();
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            throw new InputException(file + ":" + line + ": malformed YAML: " + problem.replace('\n', ' '));
        } catch (YAMLException e) {
            throw new InputException(file + ": malformed YAML: " + String.valueOf(e.getMessage()).replace('\n', ' '));
        }
    }
}
