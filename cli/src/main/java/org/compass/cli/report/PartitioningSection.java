package org.compass.cli.report;

import java.util.ArrayList;
import java.util.List;
import org.compass.cli.format.Units;
import org.compass.cli.json.JsonPath;
import org.compass.cli.json.ResultDocument;
import org.compass.cli.json.ResultDocument.PartitionFigures;
import org.compass.model.mapping.MappedGraph;
import org.compass.model.mapping.Unit;
import org.compass.model.problem.Problem;
import org.compass.solver.plan.Partition;
import org.compass.solver.cost.PartitionCost;
import org.compass.solver.SolveResult;

/** The network drawn as a graph coloured by partition, the partition table and every layer's placement. */
final class PartitioningSection {

    private PartitioningSection() {
    }

    static void write(Html h, Problem problem, SolveResult r, JsonPath<ResultDocument> doc) {
        h.heading(2, "dag", "Partitioning: the network as a graph");
        h.paragraph("Each box is a layer, in dependence order from left to right and row by row; its area grows "
                + "with the crossbars it needs (the small white boxes, such as pooling and additions, need none). "
                + "The colour is the partition it runs in. Red dashed edges cross partitions, so their tensor goes "
                + "through DRAM; the label gives its bytes for the batch. A dark badge (x4) counts replicas: copies "
                + "of a layer that share its work so that the slowest pipeline stage is shorter.");
        h.figure(DagDiagram.draw(problem, r.plan(), HtmlReport.WIDTH), "Hover over a box or an edge for its numbers; byte labels that "
                + "would cover a box or another label are left out (the partition table has every DRAM transfer).");
        List<List<Cell>> rows = new ArrayList<>();
        MappedGraph g = problem.graph();
        int chip = problem.hardware().crossbars();
        for (int p = 0; p < r.plan().size(); p++) {
            Partition part = r.plan().partitions().get(p);
            PartitionCost c = r.evaluation().partitions().get(p);
            JsonPath<PartitionFigures> k = doc.item(ResultDocument::partitions, p);
            String first = g.unit(part.units().get(0)).name();
            String last = g.unit(part.units().get(part.size() - 1)).name();
            int maxR = part.replication().stream().mapToInt(Integer::intValue).max().orElse(1);
            long in = (long) problem.batch() * c.load().inBytes();
            long out = (long) problem.batch() * c.load().outBytes();
            rows.add(List.of(Cell.of("P" + p), Cell.of(part.size() == 1 ? first : first + " .. " + last),
                    Cell.of(part.size()),
                    Cell.json(Units.count(c.load().crossbars()), k.get(PartitionFigures::crossbars)),
                    Cell.of(Units.percent((double) c.load().crossbars() / chip)), Cell.of(maxR),
                    Cell.json(Units.count(c.load().rowsWritten()), k.get(PartitionFigures::rowsWritten)),
                    Cell.json(Units.bytes(in), k.get(PartitionFigures::inBytes)),
                    Cell.json(Units.bytes(out), k.get(PartitionFigures::outBytes))));
        }
        h.table("Partitions in execution order (in/out: activation bytes the batch loads from and stores to DRAM)",
                List.of("partition", "layers", "units", "crossbars", "of chip", "max replicas", "rows written",
                        "DRAM in", "DRAM out"), rows);
        h.details("Every layer: partition, crossbars and replicas (" + Units.count(g.size(), "unit") + ")", () -> {
            List<List<Cell>> units = new ArrayList<>();
            int[] part = r.plan().partitionOfUnits(g.size());
            int[] rep = r.plan().replicationOfUnits(g.size());
            int[] rank = DagDiagram.ranks(g);
            for (Unit u : g.units()) {
                units.add(List.of(Cell.of(u.id()), Cell.of(u.name()), Cell.of(u.kind().name().toLowerCase()),
                        Cell.of("P" + part[u.id()]), Cell.of(rank[u.id()]), Cell.of(u.crossbars()),
                        Cell.of(u.weighted() ? rep[u.id()] : 0), Cell.of(Units.count(u.mvmSteps())),
                        Cell.of(Units.bytes(g.tensor(u.outputTensor()).bytes()))));
            }
            h.table(null, List.of("unit", "layer", "kind", "partition", "rank (x)", "crossbars", "replicas",
                    "MVM steps / input", "output / input"), units);
        });
    }
}
