package org.compass.cli.report;

import java.util.ArrayList;
import java.util.List;
import org.compass.cli.format.Units;
import org.compass.cli.json.JsonPath;
import org.compass.cli.json.ResultDocument.Metrics;
import org.compass.cli.json.ResultDocument.PartitionFigures;
import org.compass.cli.json.ResultDocument.PartitionTimes;
import org.compass.cli.json.ResultDocument;
import org.compass.cli.json.SimulationFigures;
import org.compass.cli.report.HtmlReport.Inputs;
import org.compass.simulator.PartitionTrace;
import org.compass.simulator.SimulationResult;
import org.compass.solver.cost.Evaluation;
import org.compass.solver.cost.PartitionCost;
import org.compass.solver.SolveResult;

/** The simulator's figures beside the cost model's, partition by partition. */
final class SimulationSection {

    private SimulationSection() {
    }

    static void write(Html h, Inputs in) {
        SolveResult r = in.result();
        h.heading(2, "simulation", "Simulation: the plan on the crossbar simulator");
        if (in.simulation() == null) {
            h.paragraph("The simulator stopped the plan: " + in.simulationViolation(), "warning");
            return;
        }
        SimulationResult sim = in.simulation();
        Evaluation e = r.evaluation();
        JsonPath<ResultDocument> doc = in.json();
        JsonPath<SimulationFigures.Measured> measured = simulated(in);
        h.paragraph("The simulator lowers the plan to per-core programs and runs them event by event, deriving every "
                + "time from the hardware parameters without the cost model. " + (in.schedule() == null
                ? "It runs the phases (a partition's writes start when the previous partition ends), so its times "
                + "are compared with the cost model's. "
                : "It executes the write schedule above (docs/simulator.md), so its batch is compared with the "
                + "schedule's figures (the makespan, static energy over it) and its partitions with their phase "
                + "times. ") + "Its pipeline fill is the real row-pipeline fill, "
                + "where the cost model charges each layer's whole fill, so heavily replicated partitions come out "
                + "faster in the simulator.");
        List<double[]> model = new ArrayList<>();
        List<double[]> simulated = new ArrayList<>();
        List<Bar> bars = new ArrayList<>();
        List<Timeline.Band> bands = new ArrayList<>();
        double t = 0;
        for (int p = 0; p < e.partitions().size(); p++) {
            PartitionCost c = e.partitions().get(p);
            PartitionTrace pt = sim.partitions().get(p);
            model.add(new double[] {c.programSeconds(), c.seconds()});
            simulated.add(new double[] {pt.programDoneSeconds() - pt.startSeconds(), pt.seconds()});
            bars.add(new Bar("cost model", Bar.Kind.WRITE, p, t, t + c.programSeconds(), "P" + p + " program"));
            bars.add(new Bar("cost model", Bar.Kind.COMPUTE, p, t + c.programSeconds(), t + c.seconds(),
                    "P" + p + " compute and I/O"));
            t += c.seconds();
        }
        for (PartitionTrace pt : sim.partitions()) {
            int p = pt.partition();
            bars.add(new Bar("simulated", Bar.Kind.WRITE, p, pt.startSeconds(), pt.programDoneSeconds(),
                    "P" + p + " program"));
            bars.add(new Bar("simulated", Bar.Kind.SIMULATED, p, pt.programDoneSeconds(), pt.endSeconds(),
                    "P" + p + " run"));
            bands.add(new Timeline.Band(p, pt.startSeconds(), pt.endSeconds(), "simulated partition " + p + ": "
                    + Units.seconds(pt.startSeconds()) + " to " + Units.seconds(pt.endSeconds())));
        }
        int n = e.partitions().size();
        int size = PartitionCharts.Groups.of(e.partitions()).size();
        if (size == 1) {
            h.figure(PartitionCharts.simulated(model, simulated, HtmlReport.WIDTH), "Beside each pair: the simulated "
                    + "time and its difference from the cost model's (simulated / model - 1).");
        } else {
            List<double[]> groupModel = new ArrayList<>();
            List<double[]> groupSimulated = new ArrayList<>();
            List<String> labels = new ArrayList<>();
            for (int a = 0; a < n; a += size) {
                int b = Math.min(n, a + size) - 1;
                double[] m = new double[2];
                double[] q = new double[2];
                for (int p = a; p <= b; p++) {
                    m[0] += model.get(p)[0];
                    m[1] += model.get(p)[1];
                    q[0] += simulated.get(p)[0];
                    q[1] += simulated.get(p)[1];
                }
                groupModel.add(m);
                groupSimulated.add(q);
                labels.add(new PartitionRuns.Run(a, b).label());
            }
            h.figure(PartitionCharts.simulated(groupModel, groupSimulated, labels, HtmlReport.WIDTH), "The plan has "
                    + Units.count(n, "partition") + ", so each pair of bars sums " + size + " consecutive partitions"
                    + " (program, then the rest). Beside each pair: the simulated time and its difference from the"
                    + " cost model's (simulated / model - 1).");
        }
        if (n <= Timeline.MAX_PARTITIONS) {
            h.figure(Timeline.draw(bars, bands, HtmlReport.WIDTH, "cost model and simulated timelines of one batch"),
                    "The simulated partitions on top; the dotted lines mark where each starts in the simulator. The "
                    + "simulator reports per-partition times, not per-core ones, so this is one lane each.");
        } else {
            List<double[]> spans = new ArrayList<>();
            double end = 0;
            for (Timeline.Band b : bands) {
                spans.add(new double[] {b.start(), b.end()});
            }
            for (Bar b : bars) {
                end = Math.max(end, b.end());
            }
            h.figure(Timeline.binned(bars::forEach, Timeline.groups(spans, size), end, Timeline.BINS,
                    HtmlReport.WIDTH, "cost model and simulated timelines of one batch, in time bins"), "The plan has "
                    + Units.count(n, "partition") + ", more than the " + Timeline.MAX_PARTITIONS + " drawn one bar"
                    + " each, so time is cut into " + Timeline.BINS + " bins and each lane is filled in proportion to"
                    + " its time in each activity there; the band groups " + size + " consecutive simulated partitions."
                    + " The simulator reports per-partition times, not per-core ones, so this is one lane each.");
        }
        JsonPath<Metrics> metrics = doc.get(ResultDocument::metrics);
        List<List<Cell>> all = new ArrayList<>();
        all.add(List.of(Cell.of("all"), Cell.json(Units.seconds(e.latencySeconds()), metrics.get(Metrics::latencyS)),
                Cell.json(Units.seconds(sim.latencySeconds()), measured.get(SimulationFigures.Measured::latencyS)),
                Cell.json(PartitionCharts.difference(sim.latencySeconds(), e.latencySeconds()),
                        measured.get(SimulationFigures.Measured::latencyDifference)), Cell.of(""), Cell.of("")));
        LongTables.table(h, "Latency of each partition and of the batch: cost model and simulator", List.of("partition",
                "cost model", "simulated", "difference", "simulated program", "simulated end"), LongTables.single(n),
                run -> {
                    int p = run.first();
                    double m = e.partitions().get(p).seconds();
                    PartitionTrace pt = sim.partitions().get(p);
                    double s = pt.seconds();
                    return List.of(Cell.of("P" + p), Cell.json(Units.seconds(m), doc.item(ResultDocument::partitions, p)
                                    .get(PartitionFigures::timeS).get(PartitionTimes::total)),
                            Cell.json(Units.seconds(s), measured.item(SimulationFigures.Measured::partitionLatencyS, p)),
                            Cell.number(PartitionCharts.difference(s, m), m == 0 ? 0 : (s - m) / m),
                            Cell.number(Units.seconds(pt.programDoneSeconds() - pt.startSeconds()),
                                    pt.programDoneSeconds() - pt.startSeconds()),
                            Cell.number(Units.seconds(pt.endSeconds()), pt.endSeconds()));
                }, all);
        List<List<Cell>> totals = new ArrayList<>();
        totals.add(simRow("energy", Units.joules(e.energyJoules()), metrics.get(Metrics::energyJ),
                Units.joules(sim.energyJoules()), measured.get(SimulationFigures.Measured::energyJ)));
        totals.add(simRow("DRAM bytes", Units.bytes(e.dramBytes()), metrics.get(Metrics::dramBytes),
                Units.bytes(sim.dramBytes()), measured.get(SimulationFigures.Measured::dramBytes)));
        totals.add(simRow("DRAM peak", Units.bytes(e.dramPeakBytes()), metrics.get(Metrics::dramPeakBytes),
                Units.bytes(sim.dramPeakBytes()), measured.get(SimulationFigures.Measured::dramPeakBytes)));
        totals.add(simRow("rows written", Units.count(e.rowsWritten()), metrics.get(Metrics::rowsWritten),
                Units.count(sim.rowsWritten()), measured.get(SimulationFigures.Measured::rowsWritten)));
        h.table("Energy and traffic: cost model and simulator", List.of("figure", "cost model", "simulated",
                "difference"), totals);
        h.paragraph("The simulator ran " + Units.count(sim.events()) + " events; the fullest core buffer held "
                + Units.bytes(sim.peakBufferBytes()) + " and the crossbars computed " + Units.percent(
                sim.activeUtilization()) + " of the time. It measures the DRAM peak at every instant, the cost model "
                + "only at partition boundaries, so its peak can be higher.");
        WearSection.write(h, in);
    }

    static List<Cell> simRow(String what, String modelText, JsonPath<? extends Number> model, String simText,
                                     JsonPath<? extends Number> sim) {
        double m = model.value().doubleValue();
        double s = sim.value().doubleValue();
        return List.of(Cell.of(what), Cell.json(modelText, model), Cell.json(simText, sim),
                Cell.number(PartitionCharts.difference(s, m), m == 0 ? 0 : (s - m) / m));
    }

    /** The simulator's measurements in the JSON result (the simulation ran to the end). */
    static JsonPath<SimulationFigures.Measured> simulated(Inputs in) {
        return in.json().get(ResultDocument::simulation).as(SimulationFigures.Measured.class);
    }
}
