package org.compass.cli;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.compass.cli.format.Units;
import org.compass.model.mapping.LayerTable;
import org.compass.model.problem.Problem;
import org.compass.solver.ProblemFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code compass-solve info FILE}: one line per node of the network as mapped on the chip. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Print one line per node: kind, shapes, weights, MACs, crossbars, rows written, MVM steps.")
final class InfoCommand implements Callable<Integer> {

    /** The shared options info does not take (it solves nothing); hidden from its help. */
    static final List<String> REFUSED = List.of("--formulation", "--backend", "--time-limit", "--threads", "--seed",
            "--space");

    @ParentCommand
    CompassSolve parent;

    @Mixin
    ProblemFileMixin input;

    @Mixin
    ProblemOptions options;

    @Override
    public Integer call() {
        options.refuse("info", "it describes the network on the chip and solves nothing",
                REFUSED.toArray(String[]::new));
        ProblemFile pf = options.load(input.file, parent.progress());
        Problem p = pf.problem();
        TextTable t = new TextTable("#", "name", "kind", "act", "input", "output", "weights", "K x M", "MACs",
                "xbars", "rows written", "MVM steps");
        long weights = 0;
        long macs = 0;
        long xbars = 0;
        long rows = 0;
        for (LayerTable.Row r : LayerTable.rows(p.network(), p.hardware())) {
            t.row(r.id(), r.name(), r.kind(), r.activation().isEmpty() ? "-" : r.activation(),
                    r.inputs().stream().map(Object::toString).collect(Collectors.joining(", ")), r.output(),
                    r.weights() == 0 ? "-" : Units.count(r.weights()),
                    r.rows() == 0 ? "-" : Units.count(r.rows()) + " x " + Units.count(r.cols()),
                    r.macs() == 0 ? "-" : Units.count(r.macs()), r.crossbars() == 0 ? "-" : Units.count(r.crossbars()),
                    r.rowsWritten() == 0 ? "-" : Units.count(r.rowsWritten()),
                    r.mvmSteps() == 0 ? "-" : Units.count(r.mvmSteps()));
            weights += r.weights();
            macs += r.macs();
            xbars += r.crossbars();
            rows += r.rowsWritten();
        }
        t.row("", "total", "", "", "", "", Units.count(weights), "", Units.count(macs), Units.count(xbars), Units.count(rows), "");
        parent.out().printf("%s on %s (%s of %dx%d, %d-bit weights on %d-bit cells)%n", p.network().name(),
                p.hardware().name(), Units.count(p.hardware().crossbars(), "crossbar"), p.hardware().crossbarRows(),
                p.hardware().crossbarCols(),
                p.hardware().weightBits(), p.hardware().cellBits());
        parent.out().print(t.render());
        // "after slicing layers larger than the chip" read as if something had been sliced on a tiny model
        parent.out().printf("%s to partition (one per layer; a layer larger than the chip is sliced into several)%n",
                Units.count(p.graph().size(), "unit"));
        parent.out().flush();
        return ExitCodes.OK;
    }
}
