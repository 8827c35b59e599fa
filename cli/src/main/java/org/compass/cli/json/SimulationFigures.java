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
     * @param wear               the crossbars' wear (docs/endurance.md), or null with a schedule
     */
    record Measured(double latencyS, double energyJ, long dramBytes, long dramPeakBytes, long rowsWritten, long events,
                    List<String> violations, List<Double> partitionLatencyS, double latencyDifference,
                    double modelFillS, String note, boolean scheduleExecuted, String scheduleMode,
                    Double scheduleMakespanS, Double scheduleDifference, Wear wear) implements SimulationFigures {
    }

    /**
     * The crossbars' wear ({@code simulation.wear}, docs/endurance.md): the plain placement's, where every batch
     * writes the same crossbars from row 0, and with {@code --simulate-batches N} the levelled batches'.
     *
     * @param fixed          the plain placement's wear (one batch, repeated)
     * @param levelled       the levelled batches' wear, or null without {@code --simulate-batches}
     * @param policy         the levelling policy, or null without {@code --simulate-batches}
     * @param modelLifetimeS the cost model's lifetime (ideal levelling), seconds
     */
    record Wear(WearFigures fixed, WearFigures levelled, String policy, double modelLifetimeS) {
    }

    /**
     * One placement's wear over its batches.
     *
     * @param batches             batches simulated
     * @param rowsWritten         crossbar rows written over them
     * @param mostWrittenCrossbar the crossbar whose row was written most
     * @param meanRowWrites       writes per row, mean over every row of the chip
     * @param levellingFactor     the most-written row's writes / the mean
     * @param lifetimeS           time until the most-written row reaches its endurance, seconds
     * @param idealLifetimeS      the same with the writes spread perfectly evenly, seconds
     * @param batchLatencyS       the batches' simulated latency, seconds
     */
    record WearFigures(int batches, long rowsWritten, MostWritten mostWrittenCrossbar, double meanRowWrites,
                       double levellingFactor, double lifetimeS, double idealLifetimeS, BatchLatency batchLatencyS) {
    }

    /**
     * The most-written crossbar.
     *
     * @param core         its core
     * @param crossbar     its index in the core
     * @param rowsWritten  rows written into it
     * @param programmings times it was programmed
     * @param rowWrites    writes of its most-written row
     */
    record MostWritten(int core, int crossbar, long rowsWritten, long programmings, long rowWrites) {
    }

    /**
     * The batches' simulated latency, seconds.
     *
     * @param mean mean over the batches
     * @param min  the shortest
     * @param max  the longest
     */
    record BatchLatency(double mean, double min, double max) {
    }
}
