package org.compass.model.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.compass.model.problem.InputException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/** Reads YAML files safely (plain types only, no duplicate keys, few aliases) with one-line errors. */
final class SafeYaml {

    private SafeYaml() {
    }

    /** The file's text; a missing or unreadable file is an input error naming it. */
    static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (NoSuchFileException e) {
            throw new InputException(path + ": no such file");
        } catch (IOException e) {
            throw new InputException(path + ": cannot read: " + e.getMessage());
        }
    }

    /**
     * The document's root; malformed YAML names the file and line, an empty document says what was expected.
     *
     * @param expected what an empty file lacks, e.g. "a mapping with a 'network' field"
     */
    static Object load(String file, String text, String expected) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(10);
        options.setAllowRecursiveKeys(false);
        try {
            Object root = new Yaml(new SafeConstructor(options)).load(text);
            if (root == null) {
                throw new InputException(file + ": the file is empty; expected " + expected);
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
