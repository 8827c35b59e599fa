package org.compass.cli.report;

import java.util.ArrayList;
import java.util.List;
import org.compass.cli.format.Units;
import org.compass.cli.json.JsonPath;
import org.compass.cli.json.ResultDocument;
import org.compass.cli.json.ResultDocument.PartitionFigures;
import org.compass.cli.json.ResultDocument.PartitionTimes;
import org.compass.cli.json.ResultDocument.ScheduleSummary;
import org.compass.formulations.schedule.ScheduleResult;
import org.compass.model.problem.Problem;
import org.compass.solver.cost.PartitionCost;
import org.compass.solver.schedule.ScheduleEvaluation;
import org.compass.solver.schedule.ScheduleRecord;
import org.compass.solver.SolveResult;

/** What each core does over one batch: the v1 phases, or the write schedule when there is one. */
final class TimelineSection {

    private TimelineSection() {
    }

    static void phases(Html h, Problem problem, SolveResult r, JsonPath<ResultDocument> doc) {
        h.heading(2, "timeline", "Timeline: what each core does");
        h.paragraph("Each partition first writes its weights into the crossbars (orange) while they stream from DRAM, "
                + "then runs the batch (blue) while activations move to and from DRAM (purple). The next partition "
                + "starts when both are done. Durations are the cost model's phases; which core holds which layer "
                + "is drawn by packing each partition's crossbars onto the cores in layer order, since the v1 model "
                + "does not place layers on cores. Grey cores hold nothing in that partition.");
        if (r.plan().size() <= Timeline.MAX_PARTITIONS) {
            h.figure(Timeline.draw(PhaseTimeline.bars(problem, r.plan(), r.evaluation()), HtmlReport.WIDTH,
                    "per-core timeline of one batch"), null);
        } else {
            binnedPhases(h, problem, r);
        }
        phaseTable(h, problem, r, PhaseTimeline.busyLanes(problem, r.plan()), PhaseTimeline.laneUnit(problem), doc);
    }

    /** The phase timeline of a plan of more than {@link Timeline#MAX_PARTITIONS} partitions, in time bins. */
    private static void binnedPhases(Html h, Problem problem, SolveResult r) {
        List<PartitionCost> costs = r.evaluation().partitions();
        List<double[]> spans = new ArrayList<>(costs.size());
        double t = 0;
        for (PartitionCost c : costs) {
            spans.add(new double[] {t, t + c.seconds()});
            t += c.seconds();
        }
        PartitionCharts.Groups groups = PartitionCharts.Groups.of(costs);
        h.figure(Timeline.binned(sink -> PhaseTimeline.forEach(problem, r.plan(), r.evaluation(), false, sink),
                Timeline.groups(spans, groups.size()), t, Timeline.BINS, HtmlReport.WIDTH,
                "per-core timeline of one batch, in time bins"), binnedCaption(costs.size(), groups.size(), t));
    }

    private static String binnedCaption(int partitions, int groupSize, double span) {
        return "The plan has " + Units.count(partitions, "partition") + ", more than the " + Timeline.MAX_PARTITIONS
                + " drawn one bar each (on average a partition would be " + String.format(java.util.Locale.ROOT,
                "%.2f", (HtmlReport.WIDTH - 120) / partitions) + " px wide). So time is cut into " + Timeline.BINS
                + " bins of " + Units.seconds(span / Timeline.BINS) + ", and in each bin a lane is filled from the"
                + " bottom in proportion to the time it spends on each activity there (hover for the shares). The band"
                + " on top groups " + groupSize + " consecutive partitions, as the charts below do; the table has each"
                + " partition's phases.";
    }

    static void phaseTable(Html h, Problem problem, SolveResult r, int[] busyLanes, String lanes,
                           JsonPath<ResultDocument> doc) {
        List<PartitionCost> costs = r.evaluation().partitions();
        double[] start = new double[costs.size() + 1];
        for (int p = 0; p < costs.size(); p++) {
            start[p + 1] = start[p] + costs.get(p).seconds();
        }
        List<PartitionRuns.Run> runs = LongTables.runs(problem.graph(), r.plan(), costs);
        LongTables.table(h, "Phases of each partition (end = start + program + max(compute, I/O)"
                + (runs.size() < costs.size() ? "; a row of several partitions starts with the first and ends with the"
                + " last)" : ")"), List.of("partition", "start", "program", "compute", "DRAM I/O", "end", "busy"),
                runs, run -> {
                    int p = run.first();
                    PartitionCost c = costs.get(p);
                    JsonPath<PartitionTimes> k = doc.item(ResultDocument::partitions, p).get(PartitionFigures::timeS);
                    double t = start[p];
                    double end = start[run.last() + 1];
                    return List.of(LongTables.label(run), Cell.number(Units.seconds(t), t),
                            Cell.json(Units.seconds(c.programSeconds()), k.get(PartitionTimes::program)),
                            Cell.json(Units.seconds(c.computeSeconds()), k.get(PartitionTimes::compute)),
                            Cell.json(Units.seconds(c.ioSeconds()), k.get(PartitionTimes::io)),
                            Cell.number(Units.seconds(end), end),
                            Cell.of(busyLanes[p] + lanes));
                }, List.of());
    }

    static void schedule(Html h, Problem problem, SolveResult r, ScheduleResult s,
                                         JsonPath<ResultDocument> doc) {
        h.heading(2, "timeline", "Timeline: the write schedule (" + s.mode().label() + ")");
        ScheduleEvaluation se = s.evaluation();
        h.paragraph("One bar per activity of the schedule: crossbar writes (orange) on the core whose write ports "
                + "they use, each weighted layer's pipeline stage running the batch (blue), and the DRAM channel "
                + "(purple) loading weights and moving activations. The schedule model does not place a layer's "
                + "crossbars on cores (like the v1 cost model), so stages have lanes of their own; stages that run "
                + "at the same time are stacked on extra lanes. The band on top shows when each partition computes "
                + "(with prefetch its writes start earlier, under the partitions before it). Makespan "
                + Units.seconds(se.makespanSeconds()) + " against " + Units.seconds(se.phaseSeconds())
                + " in the v1 phases (" + Units.ratio(se.speedup()) + " faster).");
        List<Bar> bars = ScheduleTimeline.bars(problem.graph(), problem.hardware().cores(), s.schedule());
        List<Timeline.Band> bands = ScheduleTimeline.bands(s.schedule(), s.plan().size());
        boolean binned = s.plan().size() > Timeline.MAX_PARTITIONS;
        double end = 0;
        for (Bar b : bars) {
            end = Math.max(end, b.end());
        }
        List<double[]> spans = new ArrayList<>();
        for (Timeline.Band b : bands) {
            spans.add(new double[] {b.start(), b.end()});
        }
        int groupSize = PartitionCharts.Groups.of(r.evaluation().partitions()).size();
        h.figure(binned ? Timeline.binned(bars::forEach, Timeline.groups(spans, groupSize), end, Timeline.BINS,
                        HtmlReport.WIDTH, "per-core timeline of the write schedule, in time bins")
                        : Timeline.draw(bars, bands, HtmlReport.WIDTH, "per-core timeline of the write schedule"),
                (binned ? binnedCaption(s.plan().size(), groupSize, end) + " " : "Hover over a bar for the layer, its rows or bytes "
                + "and its times. ") + Units.count(s.schedule().records().size(), "record") + ": "
                + countOf(s, ScheduleRecord.Kind.WRITE) + " writes, "
                + countOf(s, ScheduleRecord.Kind.STAGE) + " stages, "
                + (s.schedule().records().size() - countOf(s, ScheduleRecord.Kind.WRITE)
                - countOf(s, ScheduleRecord.Kind.STAGE)) + " DRAM transfers.");
        JsonPath<ScheduleSummary> summary = doc.get(ResultDocument::scheduleSummary);
        List<List<Cell>> totals = new ArrayList<>();
        java.util.function.Function<PartitionRuns.Run, List<Cell>> row = run -> {
            int p = run.first();
            ScheduleEvaluation.PartitionTiming pt = se.partitions().get(p);
            JsonPath<ResultDocument.PartitionTiming> k = summary.item(ScheduleSummary::partitions, p);
            return List.of(Cell.of("P" + p),
                    Cell.json(Units.seconds(pt.phaseSeconds()), k.get(ResultDocument.PartitionTiming::phaseS)),
                    Cell.json(Units.seconds(pt.startSeconds()), k.get(ResultDocument.PartitionTiming::startS)),
                    Cell.json(Units.seconds(pt.finishSeconds()), k.get(ResultDocument.PartitionTiming::finishS)),
                    Cell.json(Units.seconds(pt.savedSeconds()), k.get(ResultDocument.PartitionTiming::savedS)),
                    Cell.of(span(s, p, ScheduleRecord.Kind.WRITE)),
                    Cell.of(span(s, p, ScheduleRecord.Kind.STAGE)));
        };
        totals.add(List.of(Cell.of("all"), Cell.json(Units.seconds(se.phaseSeconds()), summary.get(
                ScheduleSummary::phaseLatencyS)), Cell.number(Units.seconds(0), 0), Cell.json(Units.seconds(
                se.makespanSeconds()), summary.get(ScheduleSummary::makespanS)), Cell.number(Units.seconds(se.savedSeconds()),
                se.savedSeconds()), Cell.of(""), Cell.of("")));
        LongTables.table(h, "When each partition runs in the schedule (saved: v1 time minus what it adds to the makespan)",
                List.of("partition", "v1 time", "first record", "finish", "saved", "writes", "stages"),
                LongTables.single(se.partitions().size()), row, totals);
        h.details("The same plan in the v1 phases (no overlap)", () -> phaseTable(h, problem, r,
                PhaseTimeline.busyLanes(problem, r.plan()), PhaseTimeline.laneUnit(problem), doc));
    }

    static int countOf(ScheduleResult s, ScheduleRecord.Kind kind) {
        return s.schedule().ofKind(kind).size();
    }

    static String span(ScheduleResult s, int partition, ScheduleRecord.Kind kind) {
        return Units.span(s.schedule().span(partition, kind), " \u2013 ");
    }

    static String modeText(ScheduleResult s) {
        return switch (s.mode()) {
            case NONE -> "the v1 phases, no overlap";
            case EARLY -> "a stage starts once its own weights are written";
            case PREFETCH -> "the next partitions' weights are written while one computes";
            case FULL -> "early stage starts and prefetched writes";
        };
    }
}
