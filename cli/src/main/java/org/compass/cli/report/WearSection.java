package org.compass.cli.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.compass.cli.format.Units;
import org.compass.cli.json.JsonPath;
import org.compass.cli.json.ResultDocument;
import org.compass.cli.json.ResultDocument.Metrics;
import org.compass.cli.json.SimulationFigures;
import org.compass.cli.json.SimulationFigures.WearFigures;
import org.compass.cli.report.HtmlReport.Inputs;
import org.compass.simulator.WearLevelling;
import org.compass.solver.cost.Evaluation;

/**
 * The wear of the simulated crossbars (docs/endurance.md): the plain placement, which writes the same crossbars
 * every batch, and with {@code --simulate-batches} the levelled batches, beside the cost model's ideal lifetime.
 */
final class WearSection {

    private WearSection() {
    }

    static void write(Html h, Inputs in) {
        WearLevelling.Report fixed = in.fixedWear();
        if (fixed == null || fixed.writes().totalRows() == 0) {
            return;
        }
        Evaluation e = in.result().evaluation();
        JsonPath<SimulationFigures.Wear> wear = SimulationSection.simulated(in).get(SimulationFigures.Measured::wear);
        h.heading(3, "wear", "Wear of the crossbars");
        List<List<Cell>> rows = new ArrayList<>();
        rows.add(row("without levelling (every batch alike)", fixed, wear.get(SimulationFigures.Wear::fixed)));
        WearLevelling.Report lv = in.levelledWear();
        if (lv != null) {
            rows.add(row("levelled over " + Units.count(lv.batches()) + " batches", lv,
                    wear.get(SimulationFigures.Wear::levelled)));
        }
        rows.add(List.of(Cell.of("cost model (ideal levelling)"), Cell.of(""), Cell.of(""), Cell.of("1"),
                Cell.json(Units.duration(e.lifetimeSeconds()),
                        in.json().get(ResultDocument::metrics).get(Metrics::lifetimeS))));
        h.table("The most-written row decides when the chip wears out; levelling factor = its writes / the mean writes"
                + " per row", List.of("placement", "most-written crossbar", "its most-written row", "levelling factor",
                "lifetime"), rows);
        h.paragraph("Without levelling the plain placement writes the same crossbars every batch, each tile from "
                + "row 0. " + (lv == null ? "With --simulate-batches N the simulator places N batches with wear "
                + "levelling, policy " : "The levelled batches use the policy ") + WearLevelling.POLICY
                + "; every batch is simulated (docs/simulator.md, \"Wear levelling\").");
    }

    private static List<Cell> row(String what, WearLevelling.Report w, JsonPath<WearFigures> figures) {
        int x = w.mostWritten();
        return List.of(Cell.of(what), Cell.of(w.name(x) + ": " + Units.count(w.writes().rows(x)) + " rows"),
                Cell.json(Units.count(w.maxRowWrites()) + " writes",
                        figures.get(WearFigures::mostWrittenCrossbar).get(SimulationFigures.MostWritten::rowWrites)),
                Cell.json(String.format(Locale.ROOT, "%.3f", w.levellingFactor()),
                        figures.get(WearFigures::levellingFactor)),
                Cell.json(Units.duration(w.lifetimeSeconds()), figures.get(WearFigures::lifetimeS)));
    }
}
