package org.compass.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code compass-solve completion}: prints picocli's generated completion script for bash (and zsh with
 * {@code bashcompinit}), made from the command's own options, so it is never out of date. It completes
 * {@code compass-solve} on the PATH and {@code ./compass-solve} in the repository.
 */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = "Prints the bash/zsh completion script: source <(./compass-solve completion).")
final class CompletionCommand implements Callable<Integer> {

    @ParentCommand
    CompassSolve parent;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        String script = AutoComplete.bash("compass-solve", spec.root().commandLine());
        parent.out().print(script);
        // bash looks completions up by the command word as typed; the launcher is usually run as ./compass-solve
        parent.out().println("complete -F _complete_compass-solve -o default ./compass-solve");
        parent.out().flush();
        return ExitCodes.OK;
    }
}
