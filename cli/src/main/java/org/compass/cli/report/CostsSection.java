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
    static void write(Html h, org.compass.model.mapping.MappedGraph g, SolveResult r, Evaluation phases,
                      String scheduleLabel, JsonPath<ResultDocument> doc) {
        h.heading(2, "costs", "Time and energy of each partition");
        List<PartitionCost> costs = r.evaluation().partitions();
        List<PartitionRuns.Run> runs = LongTables.runs(g, r.plan(), costs);
        PartitionCharts.Groups groups = PartitionCharts.Groups.of(costs);
        h.figure(PartitionCharts.time(groups, HtmlReport.WIDTH), "Compute and DRAM I/O overlap, so a partition takes program + "
                + "the longer of the two." + groups.caption());
        h.figure(PartitionCharts.energy(groups, HtmlReport.WIDTH), groups.grouped() ? groups.caption().strip() : null);
        if (groups.grouped()) {
            groups.table(h);
        }
        List<List<Cell>> totals = new ArrayList<>();
        if (phases == null) {
            totals.add(totalRow("all", r.evaluation(), doc.get(ResultDocument::metrics)));
        } else {
            totals.add(totalRow("all, in phases", phases, doc.get(ResultDocument::phaseMetrics)));
            totals.add(totalRow("all, scheduled (" + scheduleLabel + ")", r.evaluation(), doc.get(ResultDocument::metrics)));
        }
        LongTables.table(h, "Time and energy by partition and component" + (phases == null ? ""
                : " (partitions in phases; the schedule overlaps them and charges static power over its makespan)"),
                List.of("partition", "time", "crossbar writes", "DRAM", "MVM", "static", "energy"), runs, run -> {
                    PartitionCost c = costs.get(run.first());
                    JsonPath<PartitionFigures> k = doc.item(ResultDocument::partitions, run.first());
                    return List.of(LongTables.label(run), Cell.json(Units.seconds(c.seconds()),
                                    k.get(PartitionFigures::timeS).get(PartitionTimes::total)),
                            Cell.number(Units.joules(c.writeJoules()), c.writeJoules()),
                            Cell.number(Units.joules(c.dramJoules()), c.dramJoules()),
                            Cell.number(Units.joules(c.mvmJoules()), c.mvmJoules()),
                            Cell.number(Units.joules(c.staticJoules()), c.staticJoules()),
                            Cell.json(Units.joules(c.joules()), k.get(PartitionFigures::energyJ)));
                }, totals);
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
