package org.compass.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.compass.model.InputException;
import org.compass.solver.FormulationRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.TypeConversionException;

/** {@code compass-solve list networks|hardware|formulations}: what is built in. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "Lists the built-in networks (crossbars needed per preset), hardware presets or formulations;"
                + " all three without WHAT.")
final class ListCommand implements Callable<Integer> {

    @ParentCommand
    CompassSolve parent;

    @Parameters(arity = "0..*", paramLabel = "WHAT", completionCandidates = Choice.Catalogs.class,
            description = "${COMPLETION-CANDIDATES}.")
    List<String> what;

    @Override
    public Integer call() {
        Choice.Catalogs catalogs = new Choice.Catalogs();
        List<String> names = new ArrayList<>();
        for (String w : what == null ? List.<String>of() : what) {
            try {
                names.add(catalogs.convert(w));
            } catch (TypeConversionException e) {
                throw new InputException("list " + w + ": " + e.getMessage());
            }
        }
        return print(names.isEmpty() ? List.of("networks", "hardware", "formulations") : names, parent.out(),
                parent.registry());
    }

    /** Prints the catalogs named, a blank line between two. */
    static int print(List<String> what, PrintWriter out, FormulationRegistry registry) {
        for (int i = 0; i < what.size(); i++) {
            if (i > 0) {
                out.println();
            }
            switch (what.get(i)) {
                case "networks" -> Catalog.networks(out);
                case "hardware" -> Catalog.hardware(out);
                case "formulations" -> Catalog.formulations(out, registry);
                default -> throw new IllegalArgumentException(what.get(i));
            }
        }
        out.flush();
        return ExitCodes.OK;
    }
}
