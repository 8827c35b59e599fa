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
        List<Bar> bars = PhaseTimeline.bars(problem, r.plan(), r.evaluation());
        h.figure(Timeline.draw(bars, HtmlReport.WIDTH, "per-core timeline of one batch"), null);
        phaseTable(h, r, bars, doc);
    }

    static void phaseTable(Html h, SolveResult r, List<Bar> bars, JsonPath<ResultDocument> doc) {
        List<List<Cell>> rows = new ArrayList<>();
        double t = 0;
        // compute bars per partition, counted in one pass (a pass per partition is quadratic at LLM scale)
        int[] computeBars = new int[r.plan().size()];
        for (Bar b : bars) {
            if (b.kind() == Bar.Kind.COMPUTE && b.partition() >= 0 && b.partition() < computeBars.length) {
                computeBars[b.partition()]++;
            }
        }
        String lanes = bars.stream().anyMatch(b -> b.lane().startsWith("cores")) ? " lanes" : " cores";
        for (int p = 0; p < r.plan().size(); p++) {
            PartitionCost c = r.evaluation().partitions().get(p);
            JsonPath<PartitionTimes> k = doc.item(ResultDocument::partitions, p).get(PartitionFigures::timeS);
            int busy = computeBars[p];
            rows.add(List.of(Cell.of("P" + p), Cell.number(Units.seconds(t), t),
                    Cell.json(Units.seconds(c.programSeconds()), k.get(PartitionTimes::program)),
                    Cell.json(Units.seconds(c.computeSeconds()), k.get(PartitionTimes::compute)),
                    Cell.json(Units.seconds(c.ioSeconds()), k.get(PartitionTimes::io)),
                    Cell.number(Units.seconds(t + c.seconds()), t + c.seconds()),
                    Cell.of(busy + lanes)));
            t += c.seconds();
        }
        h.table("Phases of each partition (end = start + program + max(compute, I/O))",
                List.of("partition", "start", "program", "compute", "DRAM I/O", "end", "busy"), rows);
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
        h.figure(Timeline.draw(bars, ScheduleTimeline.bands(s.schedule(), s.plan().size()), HtmlReport.WIDTH,
                "per-core timeline of the write schedule"), "Hover over a bar for the layer, its rows or bytes "
                + "and its times. " + Units.count(s.schedule().records().size(), "record") + ": "
                + countOf(s, ScheduleRecord.Kind.WRITE) + " writes, "
                + countOf(s, ScheduleRecord.Kind.STAGE) + " stages, "
                + (s.schedule().records().size() - countOf(s, ScheduleRecord.Kind.WRITE)
                - countOf(s, ScheduleRecord.Kind.STAGE)) + " DRAM transfers.");
        List<List<Cell>> rows = new ArrayList<>();
        JsonPath<ScheduleSummary> summary = doc.get(ResultDocument::scheduleSummary);
        for (int p = 0; p < se.partitions().size(); p++) {
            ScheduleEvaluation.PartitionTiming pt = se.partitions().get(p);
            JsonPath<ResultDocument.PartitionTiming> k = summary.item(ScheduleSummary::partitions, p);
            rows.add(List.of(Cell.of("P" + p),
                    Cell.json(Units.seconds(pt.phaseSeconds()), k.get(ResultDocument.PartitionTiming::phaseS)),
                    Cell.json(Units.seconds(pt.startSeconds()), k.get(ResultDocument.PartitionTiming::startS)),
                    Cell.json(Units.seconds(pt.finishSeconds()), k.get(ResultDocument.PartitionTiming::finishS)),
                    Cell.json(Units.seconds(pt.savedSeconds()), k.get(ResultDocument.PartitionTiming::savedS)),
                    Cell.of(span(s, p, ScheduleRecord.Kind.WRITE)),
                    Cell.of(span(s, p, ScheduleRecord.Kind.STAGE))));
        }
        rows.add(List.of(Cell.of("all"), Cell.json(Units.seconds(se.phaseSeconds()), summary.get(
                ScheduleSummary::phaseLatencyS)), Cell.number(Units.seconds(0), 0), Cell.json(Units.seconds(
                se.makespanSeconds()), summary.get(ScheduleSummary::makespanS)), Cell.number(Units.seconds(se.savedSeconds()),
                se.savedSeconds()), Cell.of(""), Cell.of("")));
        h.table("When each partition runs in the schedule (saved: v1 time minus what it adds to the makespan)",
                List.of("partition", "v1 time", "first record", "finish", "saved", "writes", "stages"), rows);
        h.details("The same plan in the v1 phases (no overlap)", () -> phaseTable(h, r,
                PhaseTimeline.bars(problem, r.plan(), r.evaluation()), doc));
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
