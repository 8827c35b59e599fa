package org.compass.cli;

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
