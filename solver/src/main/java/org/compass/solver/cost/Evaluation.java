package org.compass.solver.cost;

import java.util.List;

/**
 * The reference cost model's verdict on a plan for one batch.
 *
 * @param partitions           cost of each partition, in plan order
 * @param latencySeconds       T: one batch through all partitions
 * @param throughput           inferences per second, B / T
 * @param energyJoules         E for one batch
 * @param edp                  E x T (J s)
 * @param dramBytes            bytes moved to or from DRAM (weights + activations)
 * @param dramPeakBytes        most activation bytes alive in DRAM at once: at a partition boundary, and in cost
 *                             model v2 also within partitions (CostModel#dramPeakBytes)
 * @param rowsWritten          crossbar rows programmed
 * @param crossbarUtilization  time-weighted fraction of the chip's crossbars in use
 * @param writeJoules          energy part: crossbar writes
 * @param dramJoules           energy part: DRAM
 * @param mvmJoules            energy part: MVM
 * @param staticJoules         energy part: static power
 * @param cellWritesPerSecond  programmings per cell per second in continuous operation at the plan's throughput,
 *                             with ideal wear levelling: rows written per batch / rows of the chip / latency
 * @param lifetimeSeconds      seconds of continuous operation until the cells reach the chip's endurance:
 *                             endurance / cellWritesPerSecond (infinite when nothing is written or cells do not wear)
 * @param tokens               per-token metrics and the KV cache when the problem is a phase of language-model
 *                             inference; null otherwise
 * @param resident             what the plan's resident units hold and save; null when it keeps none
 */
public record Evaluation(List<PartitionCost> partitions, double latencySeconds, double throughput,
                         double energyJoules, double edp, long dramBytes, long dramPeakBytes, long rowsWritten,
                         double crossbarUtilization, double writeJoules, double dramJoules, double mvmJoules,
                         double staticJoules, double cellWritesPerSecond, double lifetimeSeconds,
                         TokenMetrics tokens, ResidentMetrics resident) {

    public Evaluation {
        partitions = List.copyOf(partitions);
    }
}
