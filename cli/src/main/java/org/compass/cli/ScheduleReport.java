package org.compass.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.compass.cli.format.Units;
import org.compass.cli.json.ResultDocument;
import org.compass.formulations.schedule.JointScheduler;
import org.compass.formulations.schedule.ScheduleResult;
import org.compass.formulations.schedule.WriteScheduler;
import org.compass.model.mapping.MappedGraph;
import org.compass.model.InputException;
import org.compass.model.problem.Limits;
import org.compass.model.problem.Problem;
import org.compass.solver.control.Cancellation;
import org.compass.solver.plan.Partition;
import org.compass.solver.control.ProgressListener;
import org.compass.solver.schedule.ScheduleEvaluation;
import org.compass.solver.schedule.ScheduleMode;
import org.compass.solver.schedule.ScheduleRecord;
import org.compass.solver.SolveResult;

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
     * (for this plan and mode; the same value when the schedule is proved optimal). Status, plan, time and message
     * stay the solve's, whose phase figures the caller keeps beside.
     */
    static SolveResult asScheduled(Problem problem, SolveResult phases, ScheduleResult s) {
        double objective = s.objective(problem);
        double bound = s.status() == org.compass.solver.Status.OPTIMAL ? objective : s.objectiveBound(problem);
        double gap = Double.isNaN(bound) ? Double.NaN : Math.abs(objective - bound) / Math.abs(objective);
        return new SolveResult(phases.formulation(), phases.space(), phases.status(), phases.plan(), s.scheduled(),
                objective, bound, gap, phases.seconds(), phases.message());
    }

    /**
     * Joint mode: local search over the cuts scored by the scheduled makespan; prints what it changed and
     * returns the best plan's schedule.
     */
    static ScheduleResult joint(PrintWriter out, Problem problem, SolveResult result, ScheduleMode mode,
                                double seconds, Limits limits, Cancellation cancel) {
        if (!result.plan().contiguous()) {
            throw new InputException("--schedule-joint: needs a contiguous plan (space: contiguous)");
        }
        if (!(seconds > 0)) {
            throw new InputException("--schedule-joint: expected a positive number of seconds, got " + seconds);
        }
        JointScheduler.Result r = JointScheduler.optimize(problem, result.plan(), mode, seconds,
                Math.min(limits.seconds(), 2.0), WriteScheduler.DEFAULT_WORKERS, limits.seed(), cancel);
        out.printf("Joint       %d candidate plans scheduled, %d improving moves in %s: makespan %s -> %s, cuts %s -> %s%n%n",
                r.evaluations(), r.moves(), Units.seconds(r.seconds()), Units.seconds(r.start().makespanSeconds()),
                Units.seconds(r.schedule().makespanSeconds()), result.plan().boundaries(), r.plan().boundaries());
        return new ScheduleResult(r.plan(), mode, r.schedule().schedule(), r.schedule().evaluation(), r.schedule().status(),
                r.schedule().boundSeconds(), r.seconds(), "joint local search; " + r.schedule().message());
    }

    /** The solve result re-made for the plan that was scheduled (joint mode may change it). */
    static SolveResult withPlan(Problem problem, SolveResult result, ScheduleResult s) {
        if (s.plan().equals(result.plan())) {
            return result;
        }
        return SolveResult.withPlan(result.formulation() + "+joint-schedule", result.space(), problem,
                org.compass.solver.Status.FEASIBLE, s.plan(), Double.NaN, result.seconds() + s.seconds(),
                "cuts moved by the joint schedule search; the objective is the v1 phase model's");
    }

    /** Per partition: its phase time (cost model v1 or v2), when it runs in the schedule, and the time its overlap saves. */
    static void print(PrintWriter out, Problem problem, SolveResult result, ScheduleResult s) {
        ScheduleEvaluation e = s.evaluation();
        out.printf("Schedule (%s): %s in %s - %s%n", s.mode().label(), s.status(), Units.seconds(s.seconds()),
                s.message());
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
        out.printf("%nMakespan    %s with %s overlap vs %s in phases (%s): %s faster, %s saved (bound %s)%n%n",
                Units.seconds(e.makespanSeconds()), s.mode().label(), Units.seconds(e.phaseSeconds()), version,
                Units.ratio(e.speedup()), Units.seconds(e.savedSeconds()), Units.seconds(s.boundSeconds()));
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
                s.evaluation().phaseSeconds(), s.boundSeconds(), s.seconds(), s.message(), parts);
    }
}
