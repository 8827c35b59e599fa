package org.compass.cli.json;

import java.util.List;

/**
 * The simulator's figures in the JSON result ({@code simulation}): when it stopped on a violation only
 * {@code violations}, else its measurements beside the cost model's.
 */
public sealed interface SimulationFigures permits SimulationFigures.Stopped, SimulationFigures.Measured {

    /** The simulator stopped the plan: why. */
    record Stopped(List<String> violations) implements SimulationFigures {
    }

    /**
     * The simulator ran the plan to the end.
     *
     * @param latencyS           simulated latency of one batch, seconds
     * @param energyJ            simulated energy, joules
     * @param dramBytes          DRAM bytes moved
     * @param dramPeakBytes      the most bytes held in DRAM at once
     * @param rowsWritten        crossbar rows written
     * @param events             events simulated
     * @param violations         empty
     * @param partitionLatencyS  simulated time of each partition, seconds
     * @param latencyDifference  simulated / cost model latency - 1
     * @param modelFillS         the cost model's fill term, seconds (0 where it charges none)
     * @param note               why the latencies differ by more than 5%, or null
     * @param scheduleExecuted   whether a write schedule was executed
     * @param scheduleMode       its mode, or null
     * @param scheduleMakespanS  its makespan, seconds, or null
     * @param scheduleDifference simulated latency / makespan - 1, or null
     */
    record Measured(double latencyS, double energyJ, long dramBytes, long dramPeakBytes, long rowsWritten, long events,
                    List<String> violations, List<Double> partitionLatencyS, double latencyDifference,
                    double modelFillS, String note, boolean scheduleExecuted, String scheduleMode,
                    Double scheduleMakespanS, Double scheduleDifference) implements SimulationFigures {
    }
}
