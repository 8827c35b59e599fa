package org.compass.cli;

import org.compass.model.Suggest;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * A command line picocli cannot parse: one line on standard error with what is wrong, the nearest name
 * where the input looks like a typo, and where the usage is; exit code 2. (Picocli's default prints the
 * whole usage, 60 lines that push the error off the screen.)
 */
final class ParseErrors implements IParameterExceptionHandler {

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        PrintWriter err = cl.getErr();
        err.println("error: " + message(ex, args) + " (usage: " + cl.getCommandSpec().qualifiedName() + " --help)");
        err.flush();
        return ExitCodes.BAD_INPUT;
    }

    /** The one line, without the pointer to the usage. */
    static String message(ParameterException ex, String[] args) {
        CommandSpec spec = ex.getCommandLine().getCommandSpec();
        if (ex instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            String first = u.getUnmatched().get(0);
            if (first.startsWith("-") && first.length() > 1) {
                String name = first.contains("=") ? first.substring(0, first.indexOf('=')) : first;
                return "unknown option '" + name + "'" + Suggest.didYouMean(name, optionNames(spec));
            }
            String command = mistypedCommand(spec, args);
            if (command != null) {
                return "unknown command '" + command + "'" + Suggest.didYouMean(command, spec.subcommands().keySet());
            }
            String word = wordTakenForTheFile(spec);
            if (word != null) {
                // 'compass-solve solve FILE': the word took FILE's place, and FILE was left over
                return notACommand(word) + ", as in 'compass-solve " + first + "'";
            }
            return "unexpected argument '" + first + "'";
        }
        Matcher help = Pattern.compile("Unknown subcommand '(.*)'\\.")
                .matcher(ex.getMessage());
        if (help.matches()) {
            // 'help NAME' with a name that is no command
            return "unknown command '" + help.group(1) + "'" + Suggest.didYouMean(help.group(1),
                    spec.root().subcommands().keySet());
        }
        ArgSpec arg = ex.getArgSpec();
        if (ex.getCause() instanceof TypeConversionException t && arg instanceof OptionSpec o && ex.getValue() != null) {
            return o.longestName() + " " + ex.getValue() + ": " + t.getMessage();
        }
        return ex.getMessage();
    }

    /**
     * What to say about a word given where the main command's FILE goes that is neither a file nor a command
     * ({@code compass-solve solve}, {@code compass-solve run}): the main command solves the file itself.
     */
    static String notACommand(String word) {
        return "'" + word + "' is not a command: the main command takes the problem file directly";
    }

    /**
     * The value the main command read as its FILE when that is a bare word (no directory, no extension) naming no
     * file, such as {@code solve}; null otherwise or in a subcommand.
     */
    private static String wordTakenForTheFile(CommandSpec spec) {
        if (spec.parent() != null || spec.positionalParameters().isEmpty()) {
            return null;
        }
        Object value = spec.positionalParameters().get(0).getValue();
        return value != null && isBareWord(value.toString()) ? value.toString() : null;
    }

    /** A word with no directory and no extension that names no file: more likely meant as a command. */
    static boolean isBareWord(String s) {
        return !s.isEmpty() && !s.contains("/") && !s.contains("\\") && !s.contains(".") && !exists(s);
    }

    /** The visible option names of a command, for suggestions. */
    private static List<String> optionNames(CommandSpec spec) {
        List<String> names = new ArrayList<>();
        for (OptionSpec o : spec.options()) {
            if (!o.hidden()) {
                names.addAll(List.of(o.names()));
            }
        }
        return names;
    }

    /**
     * The first argument that is neither an option nor an existing file but close to a subcommand's name
     * ({@code compass-solve lsit networks}), or null.
     */
    private static String mistypedCommand(CommandSpec spec, String[] args) {
        if (spec.subcommands().isEmpty()) {
            return null;
        }
        for (String a : args) {
            if (a.startsWith("-")) {
                continue;
            }
            return !exists(a) && Suggest.nearest(a, spec.subcommands().keySet()).isPresent() ? a : null;
        }
        return null;
    }

    private static boolean exists(String path) {
        try {
            return Files.exists(Path.of(path));
        } catch (InvalidPathException e) {
            return false;
        }
    }
}
