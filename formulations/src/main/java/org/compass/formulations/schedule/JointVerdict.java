package org.compass.formulations.schedule;

import java.util.Locale;
import org.compass.model.problem.CostModelVersion;
import org.compass.solver.Status;
import org.compass.solver.schedule.ScheduleMode;

/**
 * What {@link DpJointScheduler}'s outcome claims: the result's status, bound and message, and its progress lines.
 * The rules (docs/scheduling.md, "Joint partitioning and scheduling"): nothing is bounded unless every range of the
 * space was built; with prefetch the DP's value bounds only the neighbour-window class, so the bound claimed is
 * {@link JointRelaxation}'s (OPTIMAL only when the result meets it);
 * with early start OPTIMAL needs the DP converged (every piece on its plan proved, and under cost model v2 every
 * range on it at a proven latency-best replication) and the result at its value; otherwise FEASIBLE with the DP's
 * value as the bound.
 *
 * @param status       OPTIMAL or FEASIBLE
 * @param boundSeconds the bound claimed over every schedule of the space, seconds; 0 for none
 * @param dpSeconds    the DP's value as reported (0 when nothing bounds the space), seconds
 * @param message      one line saying what was proved and over which space
 */
record JointVerdict(Status status, double boundSeconds, double dpSeconds, String message) {

    /** The facts a verdict is drawn from. */
    record Outcome(ScheduleMode mode, CostModelVersion costModel, boolean complete, boolean converged,
                   boolean windowsRejected, double dpSeconds, double makespanSeconds, double tickSeconds,
                   String source, int ranges, int unproven, int pieces, int solved, JointRelaxation.Bound relaxation) {
    }

    static JointVerdict of(Outcome o) {
        double dp = o.dpSeconds();
        double makespan = o.makespanSeconds();
        String what = (o.mode().prefetch() ? "under the assumption (" + DpJointScheduler.ASSUMPTION + ")"
                : "(exact for early start)") + replicationNote(o);
        String counts = String.format(Locale.ROOT, "%d ranges, %d pieces, %d solved", o.ranges(), o.pieces(),
                o.solved());
        if (!o.complete()) {
            return new JointVerdict(Status.FEASIBLE, 0, 0, "joint dp: stopped at the time limit before every range"
                    + " was priced (" + o.ranges() + " ranges built): no bound; " + counts);
        }
        if (o.mode().prefetch()) {
            // the window optimum bounds only the schedules its assumption allows (one outside can be shorter); the
            // relaxations bound every schedule of every plan of the space
            JointRelaxation.Bound rb = o.relaxation();
            double bound = Math.min(rb.seconds(), makespan);
            boolean optimal = !o.windowsRejected() && makespan <= rb.seconds() * (1 + 1e-9);
            return new JointVerdict(optimal ? Status.OPTIMAL : Status.FEASIBLE, bound, dp, String.format(Locale.ROOT,
                    "joint dp: %s schedule %s, bound %s over every schedule of every contiguous plan (relaxations:"
                    + " DRAM %s, write ports %s, compute chain %s%s), makespan gap %.1f%%; window %s %s %s; %s",
                    o.source(), CpSatScheduler.SearchLog.time(makespan), CpSatScheduler.SearchLog.time(bound),
                    CpSatScheduler.SearchLog.time(rb.dramSeconds()), CpSatScheduler.SearchLog.time(rb.portSeconds()),
                    CpSatScheduler.SearchLog.time(rb.chainSeconds()), rb.handoverSeconds() > 0 ? ", with the crossbar"
                    + " hand-over " + CpSatScheduler.SearchLog.time(rb.handoverSeconds()) : "",
                    100 * (makespan - bound) / makespan,
                    o.converged() ? "optimum" : "bound", CpSatScheduler.SearchLog.time(dp), what, counts));
        }
        if (o.converged() && !o.windowsRejected() && makespan <= dp + 1e-9 * makespan + o.tickSeconds()) {
            return new JointVerdict(Status.OPTIMAL, Math.min(dp, makespan), dp, "joint dp: optimal over every"
                    + " contiguous plan " + what + ", " + counts);
        }
        return new JointVerdict(Status.FEASIBLE, dp, dp, String.format(Locale.ROOT, "joint dp: bound %s over every"
                + " contiguous plan %s, makespan gap %.1f%%; %s", CpSatScheduler.SearchLog.time(dp), what,
                100 * (makespan - dp) / makespan, counts));
    }

    /**
     * Under cost model v2, what the space's replication is and how many ranges' searches stopped with floors
     * (those ranges are bounded by floors that hold for any replication, not by their own schedules); empty
     * under v1.
     */
    private static String replicationNote(Outcome o) {
        if (o.costModel() == CostModelVersion.V1) {
            return "";
        }
        return ", each range at its v2 latency-best replication" + (o.unproven() == 0 ? ""
                : String.format(Locale.ROOT, " (%d of %d ranges' replication searches unproven: bounded by floors on their"
                        + " compute phase, DRAM and write-port time)", o.unproven(), o.ranges()));
    }

    /**
     * A progress line: the best fully solved plan (ticks; Long.MAX_VALUE for none yet) against the DP's bound
     * (ticks).
     */
    static String progress(ScheduleMode mode, long incumbent, long bound, double tick, int solved, int pieces,
                           double seconds) {
        double b = bound * tick;
        if (incumbent == Long.MAX_VALUE) {
            return String.format(Locale.ROOT, "joint dp (%s): no plan solved yet, bound %s, %d of %d pieces solved"
                    + " after %.2f s", mode.label(), CpSatScheduler.SearchLog.time(b), solved, pieces, seconds);
        }
        double m = incumbent * tick;
        return String.format(Locale.ROOT, "joint dp (%s): best plan %s, %s %s, gap %.1f%%, %d of %d pieces"
                + " solved after %.2f s", mode.label(), CpSatScheduler.SearchLog.time(m),
                mode.prefetch() ? "window bound" : "bound",
                CpSatScheduler.SearchLog.time(b), 100 * (m - b) / m, solved, pieces, seconds);
    }
}
