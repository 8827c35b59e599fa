package org.compass.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.compass.cli.format.Units;
import org.compass.cli.json.ResultDocument;
import org.compass.formulations.schedule.DpJointScheduler;
import org.compass.formulations.schedule.ScheduleResult;
import org.compass.formulations.schedule.WriteScheduler;
import org.compass.model.InputException;
import org.compass.model.mapping.MappedGraph;
import org.compass.model.problem.Limits;
import org.compass.model.problem.Problem;
import org.compass.solver.SolveResult;
import org.compass.solver.Status;
import org.compass.solver.control.Cancellation;
import org.compass.solver.control.ProgressListener;
import org.compass.solver.plan.Partition;
import org.compass.solver.schedule.ScheduleEvaluation;
import org.compass.solver.schedule.ScheduleMode;
import org.compass.solver.schedule.ScheduleRecord;

/** The work behind {@code --schedule}: schedules the solved plan, prints the overlap gained and writes JSON. */
final class ScheduleReport {

    private ScheduleReport() {
    }

    /**
     * Schedules a result's plan within {@code seconds} (CP-SAT with {@link WriteScheduler#DEFAULT_WORKERS} workers,
     * the limits' seed), each improvement of its makespan or bound going to {@code progress}.
     */
    static ScheduleResult run(Problem problem, SolveResult result, ScheduleMode mode, double seconds, Limits limits,
                              Cancellation cancel, ProgressListener progress) {
        return WriteScheduler.schedule(problem, result.plan(), mode, seconds, WriteScheduler.DEFAULT_WORKERS,
                limits.seed(), cancel, progress);
    }

    /**
     * The result as its schedule runs it (issue 12): the cost model's figures at the makespan (static energy over
     * it, {@link ScheduleResult#scheduled()}), the objective's value there and its bound from the schedule's bound
     * (for this plan and mode; the same value when the schedule is proved optimal). The status is the headline's:
     * OPTIMAL only when the solve proved the plan in phases and the schedule is proved for that plan, FEASIBLE when
     * either is not (a phase optimum beside a scheduled figure with a gap is not called optimal). Plan, time and
     * message stay the solve's, whose phase figures the caller keeps beside.
     */
    static SolveResult asScheduled(Problem problem, SolveResult phases, ScheduleResult s) {
        double objective = s.objective(problem);
        double bound = s.status() == Status.OPTIMAL ? objective : s.objectiveBound(problem);
        double gap = Double.isNaN(bound) ? Double.NaN : Math.abs(objective - bound) / Math.abs(objective);
        Status status = phases.status() == Status.OPTIMAL && s.status() != Status.OPTIMAL ? Status.FEASIBLE
                : phases.status();
        return new SolveResult(phases.formulation(), phases.space(), status, phases.plan(), s.scheduled(),
                objective, bound, gap, phases.seconds(), phases.message());
    }

    /**
     * Joint mode ({@code --schedule-joint SECONDS}): the DP over the cuts of contiguous plans whose pieces are
     * scheduled by CP-SAT ({@link DpJointScheduler}), within {@code seconds}, each improvement of its bound or of
     * its best plan going to {@code progress}; prints what it proved and changed and returns the result's schedule
     * (never worse than the solved plan's own schedule, which is a candidate).
     */
    static ScheduleResult joint(PrintWriter out, Problem problem, SolveResult result, ScheduleMode mode,
                                double planSeconds, double seconds, Limits limits, Cancellation cancel,
                                ProgressListener progress) {
        if (!result.plan().contiguous()) {
            throw new InputException("--schedule-joint: needs a contiguous plan (space: contiguous)");
        }
        if (!(seconds > 0)) {
            throw new InputException("--schedule-joint: expected a positive number of seconds, got " + seconds);
        }
        // the solved plan is scheduled as plain --schedule would schedule it, with the same time, so that the
        // joint result is never worse than what --schedule alone gives; the DP then has its own seconds
        ScheduleResult first = run(problem, result, mode, planSeconds, limits, cancel, progress);
        DpJointScheduler.Result r = DpJointScheduler.optimize(problem, first, mode, seconds,
                WriteScheduler.DEFAULT_WORKERS, limits.seed(), cancel, progress);
        out.printf("Joint       dp over the cuts in %s: %s; %s, %s (%d solved)%n", Units.seconds(r.seconds()),
                verdict(r, mode, cancel.isCancelled() ? cancel.reason() : "time limit"),
                Units.count(r.ranges(), "range"), Units.count(r.pieces(), "piece"), r.solved());
        out.printf("            makespan %s (%s plan's schedule) -> %s (%s), cuts %s -> %s%n",
                Units.seconds(r.start().makespanSeconds()), result.formulation(),
                Units.seconds(r.schedule().makespanSeconds()), r.source(), result.plan().boundaries(),
                r.plan().boundaries());
        out.printf("            bound %s%s%n", Units.seconds(r.dpSeconds()),
                mode.prefetch() ? " under the assumption: " + DpJointScheduler.ASSUMPTION : " (exact for early start)");
        for (String line : wrap(r.schedule().message(), 100)) {
            out.printf("            %s%n", line);
        }
        out.println();
        return r.schedule();
    }

    /**
     * What the joint DP proved, in words (a user trial read "proved" as a proof of everything while ranges'
     * replications were unproven): with early start, converged, the DP's value is the optimum over every contiguous
     * plan (the early-start value over the class); with prefetch the value is the neighbour-window class's optimum,
     * which bounds no other schedule. Ranges whose replication search stayed unproven enter only through floors
     * (none lies on the chosen plan when the DP converged). {@code stopped}: why an unconverged DP stopped (the time
     * limit, or the interrupt's reason: a trial's Ctrl-C read "time limit").
     */
    static String verdict(DpJointScheduler.Result r, ScheduleMode mode, String stopped) {
        // converged, the proof counts the stopped ranges at their floors (a trial read "proved" beside "unproven" as a
        // contradiction)
        String floors = r.unprovenRanges() == 0 ? "" : r.converged() ? String.format(java.util.Locale.ROOT,
                "the proof counts the %d of %d ranges whose replication search stopped early at their floors (compute"
                        + " phase, DRAM, write ports); none lies on the chosen plan", r.unprovenRanges(), r.ranges())
                : String.format(java.util.Locale.ROOT, "%d of %d ranges' replications unproven, bounded only by floors"
                        + " (compute phase, DRAM, write ports)", r.unprovenRanges(), r.ranges());
        if (r.converged()) {
            String what = mode.prefetch()
                    ? "converged: " + Units.seconds(r.dpSeconds()) + " is the optimum of the neighbour-window class"
                            + " (a bound on that class only)"
                    : "proved: " + Units.seconds(r.dpSeconds()) + " is the early-start optimum over every contiguous plan";
            return floors.isEmpty() ? what : what + "; " + floors;
        }
        return floors.isEmpty() ? "not proved: " + stopped : "not proved: " + stopped + "; " + floors;
    }

    /** The solve result re-made for the plan that was scheduled (joint mode may change it). */
    static SolveResult withPlan(Problem problem, SolveResult result, ScheduleResult s) {
        if (s.plan().equals(result.plan())) {
            return result;
        }
        return SolveResult.withPlan(result.formulation() + "+joint-schedule", result.space(), problem,
                org.compass.solver.Status.FEASIBLE, s.plan(), Double.NaN, result.seconds() + s.seconds(),
                "this status is the " + problem.costModel().label() + " phase model's (cuts chosen by the joint dp"
                        + " for the scheduled makespan, not proved in phases); the schedule's status is on the"
                        + " Schedule line");
    }

    /** Per partition: its phase time (cost model v1 or v2), when it runs in the schedule, and the time its overlap saves. */
    static void print(PrintWriter out, Problem problem, SolveResult result, ScheduleResult s, boolean joint) {
        ScheduleEvaluation e = s.evaluation();
        out.printf("Schedule (%s): %s in %s - %s%n", s.mode().label(), s.status(), Units.seconds(s.seconds()),
                joint ? "the joint dp's schedule (its status; its lines above)" : s.message());
        String version = problem.costModel().label();
        TextTable t = new TextTable("#", "layers", version + " time", "start", "finish", "saved", "writes", "stages");
        MappedGraph g = problem.graph();
        List<Partition> parts = s.plan().partitions();
        for (int p = 0; p < parts.size(); p++) {
            ScheduleEvaluation.PartitionTiming pt = e.partitions().get(p);
            Partition part = parts.get(p);
            String first = g.unit(part.units().get(0)).name();
            String last = g.unit(part.units().get(part.size() - 1)).name();
            t.row(p, part.size() == 1 ? first : first + " .. " + last, Units.seconds(pt.phaseSeconds()),
                    Units.seconds(pt.startSeconds()), Units.seconds(pt.finishSeconds()), Units.seconds(pt.savedSeconds()),
                    span(s, p, ScheduleRecord.Kind.WRITE), span(s, p, ScheduleRecord.Kind.STAGE));
        }
        out.print(t.render());
        // a trial read "start 3.064 us" beside "writes 335.544 us - ..." and could not tell what started
        out.println("start: the partition's first activity (its first weight load, with prefetch often while an earlier"
                + " partition computes); writes, stages: first start - last end");
        if (e.partitions().stream().anyMatch(pt -> pt.savedSeconds() < 0)) {
            // a negative saving reads like a defect; it is a partition that waited for a later one's prefetch
            out.println("saved: phase time minus how much later a partition finishes than the previous one; negative"
                    + " where it gave way to a later partition's weight loads (the savings add up to the total)");
        }
        String bound = s.boundSeconds() > 0 ? "bound " + Units.seconds(s.boundSeconds()) : "no bound";
        if (s.message().startsWith(WriteScheduler.PHASES_KEPT)) {
            // "with full overlap ... 1.00x" read as an overlapped schedule no faster (a trial's interrupted run)
            out.printf("%nMakespan    %s, the phase schedule (%s), kept: no shorter %s schedule found (%s)%n%n",
                    Units.seconds(e.makespanSeconds()), version, s.mode().label(), bound);
            return;
        }
        out.printf("%nMakespan    %s with %s overlap vs %s in phases (%s): %s faster, %s saved (%s)%n%n",
                Units.seconds(e.makespanSeconds()), s.mode().label(), Units.seconds(e.phaseSeconds()), version,
                Units.ratio(e.speedup()), Units.seconds(e.savedSeconds()), bound);
    }

    /**
     * A schedule's status for a table cell: OPTIMAL, or FEASIBLE with its gap to the bound, (makespan - bound) /
     * makespan, as the progress lines give it (the comparison showed the status alone, and a trial found the
     * baselines' gaps only in the progress lines).
     */
    static String statusWithGap(ScheduleResult s) {
        if (s.status() != org.compass.solver.Status.FEASIBLE) {
            return s.status().name();
        }
        double makespan = s.makespanSeconds();
        return s.boundSeconds() > 0 && makespan > 0 ? "FEASIBLE " + Units.percent((makespan - s.boundSeconds())
                / makespan) : "FEASIBLE, no bound";
    }

    /** {@code text} cut at spaces into lines of at most {@code width} characters (a longer word stays whole). */
    static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(word);
        }
        if (line.length() > 0) {
            lines.add(line.toString());
        }
        return lines;
    }

    private static String span(ScheduleResult s, int partition, ScheduleRecord.Kind kind) {
        return Units.span(s.schedule().span(partition, kind), " - ");
    }

    /** The JSON {@code schedule}: one entry per record, rows and ports for a write, bytes for a transfer. */
    static List<ResultDocument.ScheduleEntry> records(ScheduleResult s) {
        List<ResultDocument.ScheduleEntry> out = new ArrayList<>();
        for (ScheduleRecord r : s.schedule().records()) {
            boolean write = r.kind() == ScheduleRecord.Kind.WRITE;
            out.add(new ResultDocument.ScheduleEntry(r.kind().label(), r.core(), r.partition(), r.unit(), r.start(),
                    r.end(), write ? r.rows() : null, write ? r.ports() : null, r.kind().transfer() ? r.bytes() : null));
        }
        return out;
    }

    /** The JSON {@code schedule_summary}: mode, makespan, phase latency, status, bound, time, partition timings. */
    static ResultDocument.ScheduleSummary summary(ScheduleResult s) {
        List<ResultDocument.PartitionTiming> parts = new ArrayList<>();
        for (ScheduleEvaluation.PartitionTiming pt : s.evaluation().partitions()) {
            parts.add(new ResultDocument.PartitionTiming(pt.startSeconds(), pt.finishSeconds(), pt.phaseSeconds(),
                    pt.savedSeconds()));
        }
        return new ResultDocument.ScheduleSummary(s.mode().label(), s.status().name(), s.makespanSeconds(),
                s.evaluation().phaseSeconds(), s.boundSeconds() > 0 ? s.boundSeconds() : null, s.seconds(), s.message(),
                parts);
    }
}
