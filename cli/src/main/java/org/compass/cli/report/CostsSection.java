package org.compass.cli.report;

import java.util.ArrayList;
import java.util.List;
import org.compass.cli.format.Units;
import org.compass.cli.json.JsonPath;
import org.compass.cli.json.ResultDocument;
import org.compass.cli.json.ResultDocument.Metrics;
import org.compass.cli.json.ResultDocument.PartitionFigures;
import org.compass.cli.json.ResultDocument.PartitionTimes;
import org.compass.solver.cost.Evaluation;
import org.compass.solver.cost.PartitionCost;
import org.compass.solver.SolveResult;

/** Time and energy of each partition by component. */
final class CostsSection {

    private CostsSection() {
    }

    /**
     * The section; with a schedule ({@code phases} not null) {@code r} carries the figures at the makespan, the
     * partitions' rows and their sum are the phase model's ({@code phases}), and a last row gives the scheduled total.
     */
    static void write(Html h, SolveResult r, Evaluation phases, String scheduleLabel, JsonPath<ResultDocument> doc) {
        h.heading(2, "costs", "Time and energy of each partition");
        List<PartitionCost> costs = r.evaluation().partitions();
        h.figure(PartitionCharts.time(costs, HtmlReport.WIDTH), "Compute and DRAM I/O overlap, so a partition takes program + "
                + "the longer of the two.");
        h.figure(PartitionCharts.energy(costs, HtmlReport.WIDTH), null);
        List<List<Cell>> rows = new ArrayList<>();
        for (int p = 0; p < costs.size(); p++) {
            PartitionCost c = costs.get(p);
            JsonPath<PartitionFigures> k = doc.item(ResultDocument::partitions, p);
            rows.add(List.of(Cell.of("P" + p), Cell.json(Units.seconds(c.seconds()),
                            k.get(PartitionFigures::timeS).get(PartitionTimes::total)),
                    Cell.number(Units.joules(c.writeJoules()), c.writeJoules()),
                    Cell.number(Units.joules(c.dramJoules()), c.dramJoules()),
                    Cell.number(Units.joules(c.mvmJoules()), c.mvmJoules()),
                    Cell.number(Units.joules(c.staticJoules()), c.staticJoules()),
                    Cell.json(Units.joules(c.joules()), k.get(PartitionFigures::energyJ))));
        }
        if (phases == null) {
            rows.add(totalRow("all", r.evaluation(), doc.get(ResultDocument::metrics)));
        } else {
            rows.add(totalRow("all, in phases", phases, doc.get(ResultDocument::phaseMetrics)));
            rows.add(totalRow("all, scheduled (" + scheduleLabel + ")", r.evaluation(), doc.get(ResultDocument::metrics)));
        }
        h.table("Time and energy by partition and component" + (phases == null ? ""
                : " (partitions in phases; the schedule overlaps them and charges static power over its makespan)"),
                List.of("partition", "time", "crossbar writes", "DRAM", "MVM", "static", "energy"), rows);
    }

    private static List<Cell> totalRow(String name, Evaluation e, JsonPath<Metrics> m) {
        JsonPath<ResultDocument.EnergyBreakdown> k = m.get(Metrics::energyBreakdownJ);
        return List.of(Cell.of(name), Cell.json(Units.seconds(e.latencySeconds()), m.get(Metrics::latencyS)),
                Cell.json(Units.joules(e.writeJoules()), k.get(ResultDocument.EnergyBreakdown::write)),
                Cell.json(Units.joules(e.dramJoules()), k.get(ResultDocument.EnergyBreakdown::dram)),
                Cell.json(Units.joules(e.mvmJoules()), k.get(ResultDocument.EnergyBreakdown::mvm)),
                Cell.json(Units.joules(e.staticJoules()), k.get(ResultDocument.EnergyBreakdown::staticPower)),
                Cell.json(Units.joules(e.energyJoules()), m.get(Metrics::energyJ)));
    }
}
