package org.compass.model.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.compass.model.hardware.Hardware;
import org.compass.model.mapping.LayerTooLargeException;
import org.compass.model.network.Network;
import org.compass.model.problem.InputException;
import org.compass.model.problem.Limits;
import org.compass.model.problem.Objective;
import org.compass.model.problem.PipelineMode;
import org.compass.model.problem.Problem;
import org.compass.model.problem.ProblemFile;
import org.compass.model.problem.ReplicationSet;
import org.compass.model.problem.SearchSpace;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/** Reads a problem file (YAML, safely: no types, no duplicate keys, few aliases). */
public final class ProblemReader {

    /** Top-level fields a problem file may have. */
    public static final List<String> FIELDS = List.of("network", "hardware", "batch", "objective", "formulation",
            "space", "backend", "pipeline", "replication", "limits");

    private ProblemReader() {
    }

    /** Reads and validates a problem file. */
    public static ProblemFile read(Path path) {
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

    /** Parses problem-file text; {@code path} names it in messages and anchors relative paths. */
    public static ProblemFile parse(Path path, String text) {
        String file = path.toString();
        Object root = load(file, text);
        YamlFields f = YamlFields.of(file, "", root);
        f.rejectUnknown(FIELDS);
        Path baseDir = path.toAbsolutePath().getParent();
        Network network = NetworkReader.read(file, baseDir, f.raw("network"));
        Hardware hardware = HardwareReader.read(file, "hardware", f.raw("hardware"));
        int batch = f.positiveInt("batch", 16);
        Objective objective = SettingsReader.objective(file, "objective", f.string("objective", "throughput"));
        PipelineMode pipeline = SettingsReader.pipeline(f);
        SearchSpace space = SearchSpace.byLabel(f.string("space", "contiguous"));
        if (space == null) {
            throw InputException.field(file, "space", "contiguous or dag", f.raw("space"));
        }
        ReplicationSet replication = SettingsReader.replication(f);
        Limits limits = SettingsReader.limits(f);
        String formulation = f.string("formulation", "dp");
        String backend = f.string("backend", null);
        Problem problem;
        try {
            problem = Problem.of(network, hardware, batch, objective, pipeline, replication);
        } catch (LayerTooLargeException e) {
            throw new LayerTooLargeException(file, e);
        }
        return new ProblemFile(path, problem, formulation, space, backend, limits);
    }

    private static Object load(String file, String text) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(10);
        options.setAllowRecursiveKeys(false);
        try {
            Object root = new Yaml(new SafeConstructor(options)).load(text);
            if (root == null) {
                throw new InputException(file + ": the file is empty; expected a mapping with a 'network' field");
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
