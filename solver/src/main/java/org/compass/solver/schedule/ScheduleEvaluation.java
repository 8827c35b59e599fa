package org.compass.solver.schedule;

import java.util.List;
import org.compass.solver.cost.Evaluation;

/**
 * A valid schedule's value next to the phase model's (cost model v1 or v2, the problem's).
 *
 * @param makespanSeconds the schedule's batch latency
 * @param phaseSeconds    the cost model's phase latency of the same plan
 * @param partitions      per partition: when its records start and finish, and how much earlier it finishes than
 *                        in the phase model
 * @param scheduled       the cost model's figures of the plan run by this schedule
 *                        ({@link CostModel#evaluateScheduled}): latency = the makespan, static energy over it
 * @param phases          the cost model's figures of the plan in phases ({@link CostModel#evaluate})
 */
public record ScheduleEvaluation(double makespanSeconds, double phaseSeconds, List<PartitionTiming> partitions,
                                 Evaluation scheduled, Evaluation phases) {

    public ScheduleEvaluation {
        partitions = List.copyOf(partitions);
    }

    /**
     * When a partition runs in a schedule.
     *
     * @param startSeconds  first record's start
     * @param finishSeconds last record's end
     * @param phaseSeconds  its time T(p) in the v1 cost model
     * @param savedSeconds  T(p) minus how much later it finishes than the previous partition (its overlap gain),
     *                      rounded to the picosecond; negative when the partition finishes more than T(p) after
     *                      the previous one (it gave way to a later partition's prefetch), but the savings add up
     *                      to {@link #savedSeconds()}
     */
    public record PartitionTiming(double startSeconds, double finishSeconds, double phaseSeconds,
                                  double savedSeconds) {
    }

    /**
     * Time saved against the phase model, rounded to the picosecond: never negative for a schedule of the write
     * scheduler, which returns the phase schedule when it finds no shorter one.
     */
    public double savedSeconds() {
        return ScheduleEvaluator.picoseconds(phaseSeconds - makespanSeconds);
    }

    /** Phase latency over makespan. */
    public double speedup() {
        return phaseSeconds / makespanSeconds;
    }
}
