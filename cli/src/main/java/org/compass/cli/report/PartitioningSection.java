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

    /** Units listed one per row in the layer table; a larger graph lists each sliced layer once. */
    static final int MAX_UNIT_ROWS = 500;

    private PartitioningSection() {
    }

    static void write(Html h, Problem problem, SolveResult r, JsonPath<ResultDocument> doc) {
        h.heading(2, "dag", "Partitioning: the network as a graph");
        h.paragraph("Each box is a layer, in dependence order from left to right and row by row; its area grows "
                + "with the crossbars it needs (the small white boxes, such as pooling and additions, need none). "
                + "The colour is the partition it runs in. Red dashed edges cross partitions, so their tensor goes "
                + "through DRAM; the label gives its bytes for the batch. A dark badge (x4) counts replicas: copies "
                + "of a layer that share its work so that the slowest pipeline stage is shorter.");
        MappedGraph graph = problem.graph();
        int lastRank = DagDiagram.lastRank(graph);
        if (lastRank != Integer.MAX_VALUE) {
            int[] rank = DagDiagram.ranks(graph);
            int drawn = 0;
            int partitions = 0;
            int[] part = r.plan().partitionOfUnits(graph.size());
            for (int u = 0; u < graph.size(); u++) {
                if (rank[u] <= lastRank) {
                    drawn++;
                    partitions = Math.max(partitions, part[u] + 1);
                }
            }
            h.paragraph("The mapped network has " + Units.count(graph.size(), "unit") + " (layers and their column "
                    + "slices), more than the " + DagDiagram.MAX_UNITS + " a readable picture holds, so it shows the first "
                    + Units.count(drawn, "unit") + " (ranks 1 to " + lastRank + ", in partitions P0 to P"
                    + (partitions - 1) + ") and leaves out the other " + Units.count(graph.size() - drawn, "unit")
                    + " and the network output. The tables below summarise every partition, and the JSON result"
                    + " (--json) lists each partition's layers and figures.", "warning");
        }
        h.figure(DagDiagram.draw(problem, r.plan(), HtmlReport.WIDTH, lastRank), "Hover over a box or an edge for its numbers; byte labels that "
                + "would cover a box or another label are left out (the partition table has every DRAM transfer).");
        MappedGraph g = problem.graph();
        int chip = problem.hardware().crossbars();
        LongTables.table(h, "Partitions in execution order (in/out: activation bytes the batch loads from and stores to DRAM)",
                List.of("partition", "layers", "units", "crossbars", "of chip", "max replicas", "rows written",
                        "DRAM in", "DRAM out"), LongTables.runs(g, r.plan(), r.evaluation().partitions()), run -> {
                    int p = run.first();
                    Partition part = r.plan().partitions().get(p);
                    Partition lastPart = r.plan().partitions().get(run.last());
                    PartitionCost c = r.evaluation().partitions().get(p);
                    JsonPath<PartitionFigures> k = doc.item(ResultDocument::partitions, p);
                    String first = g.unit(part.units().get(0)).name();
                    String last = g.unit(lastPart.units().get(lastPart.size() - 1)).name();
                    int maxR = part.replication().stream().mapToInt(Integer::intValue).max().orElse(1);
                    long in = (long) problem.batch() * c.load().inBytes();
                    long out = (long) problem.batch() * c.load().outBytes();
                    return List.of(LongTables.label(run), Cell.of(part.size() == 1 && run.size() == 1 ? first
                                    : first + " .. " + last),
                            Cell.of(part.size()),
                            Cell.json(Units.count(c.load().crossbars()), k.get(PartitionFigures::crossbars)),
                            Cell.of(Units.percent((double) c.load().crossbars() / chip)), Cell.of(maxR),
                            Cell.json(Units.count(c.load().rowsWritten()), k.get(PartitionFigures::rowsWritten)),
                            Cell.json(Units.bytes(in), k.get(PartitionFigures::inBytes)),
                            Cell.json(Units.bytes(out), k.get(PartitionFigures::outBytes)));
                }, List.of());
        h.details("Every layer: partition, crossbars and replicas (" + Units.count(g.size(), "unit") + ")", () -> {
            int[] part = r.plan().partitionOfUnits(g.size());
            int[] rep = r.plan().replicationOfUnits(g.size());
            int[] rank = DagDiagram.ranks(g);
            List<PartitionRuns.Run> runs = unitRows(g);
            LongTables.table(h, runs.size() < g.size() ? "Column slices of one layer are one row (units i–j)"
                            : null, List.of("unit", "layer", "kind", "partition", "rank (x)", "crossbars",
                            "replicas", "MVM steps / input", "output / input"), runs, run -> {
                        Unit u = g.unit(run.first());
                        Unit v = g.unit(run.last());
                        boolean one = run.size() == 1;
                        return List.of(one ? Cell.of(u.id()) : Cell.of(u.id() + "–" + v.id()),
                                Cell.of(one ? u.name() : u.name() + " .. " + v.name()),
                                Cell.of(u.kind().name().toLowerCase()),
                                Cell.of(part[u.id()] == part[v.id()] ? "P" + part[u.id()]
                                        : new PartitionRuns.Run(part[u.id()], part[v.id()]).label()),
                                Cell.of(rank[u.id()]), Cell.of(u.crossbars()),
                                Cell.of(u.weighted() ? rep[u.id()] : 0), Cell.of(Units.count(u.mvmSteps())),
                                Cell.of(Units.bytes(g.tensor(u.outputTensor()).bytes())));
                    }, List.of(), MAX_UNIT_ROWS, false);
        });
    }

    /**
     * The rows of the layer table: one per unit for a graph of at most {@link #MAX_UNIT_ROWS} units, else one per
     * run of consecutive units of the same network node (a column-sliced layer's slices).
     */
    static List<PartitionRuns.Run> unitRows(MappedGraph g) {
        List<PartitionRuns.Run> runs = new ArrayList<>();
        int n = g.size();
        for (int a = 0; a < n; a++) {
            int b = a;
            while (n > MAX_UNIT_ROWS && b + 1 < n && g.unit(b + 1).nodeId() == g.unit(a).nodeId()) {
                b++;
            }
            runs.add(new PartitionRuns.Run(a, b));
            a = b;
        }
        return runs;
    }
}
