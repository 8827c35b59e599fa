package org.compass.model.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.compass.model.InputException;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads YAML files safely (plain types only, no duplicate keys, few aliases) with one-line errors. Integers
 * are decimal as in YAML 1.2: YAML 1.1's octal ({@code 017} = 15), hexadecimal ({@code 0x10}), binary and
 * base-60 ({@code 1:30} = 90) forms are read as strings, which the field checks then refuse.
 */
final class SafeYaml {

    /** Integer forms of YAML 1.1 that YAML 1.2 does not read as decimal numbers. */
    static final Pattern NOT_DECIMAL = Pattern.compile(
            "^[-+]?0[0-9_]+$|^[-+]?0[xXoObB][0-9a-fA-F_]+$|^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+$");

    /** SnakeYAML's resolver with the forms of {@link #NOT_DECIMAL} resolved as strings (checked first). */
    private static final class DecimalIntegers extends Resolver {
        @Override
        protected void addImplicitResolvers() {
            addImplicitResolver(Tag.STR, NOT_DECIMAL, "-+0123456789");
            super.addImplicitResolvers();
        }
    }

    private SafeYaml() {
    }

    /**
     * The file's text; a missing or unreadable file, or one that is not UTF-8, is an input error naming it (and for
     * text that is not UTF-8, the line and byte of the first bad byte).
     */
    static String read(Path path) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new InputException(path + ": no such file");
        } catch (IOException e) {
            throw new InputException(path + ": cannot read: " + e.getMessage());
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult r = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(in, out, true);
        if (r.isError()) {
            // what Files.readString says is "Input length = 1", which names neither the problem, nor where, nor the fix
            int at = in.position();
            int line = 1;
            for (int i = 0; i < at; i++) {
                line += bytes[i] == '\n' ? 1 : 0;
            }
            throw new InputException(String.format("%s: not UTF-8 text (line %d, byte %,d: 0x%02X); expected a YAML "
                    + "file saved as UTF-8", path, line, at + 1, bytes[at] & 0xFF));
        }
        return out.flip().toString();
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
            DumperOptions dump = new DumperOptions();
            Object root = new Yaml(new SafeConstructor(options), new Representer(dump), dump, options,
                    new DecimalIntegers()).load(text);
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
