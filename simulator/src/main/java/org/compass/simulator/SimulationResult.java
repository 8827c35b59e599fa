package org.compass.simulator;

import java.util.List;

/**
 * The measured outcome of running a program for one batch.
 *
 * @param latencySeconds          time until the last instruction finished
 * @param energyJoules            writes + DRAM + MVM + static
 * @param writeJoules             energy of crossbar writes
 * @param dramJoules              energy of DRAM traffic
 * @param mvmJoules               energy of MVMs
 * @param staticJoules            static power over the latency
 * @param dramBytes               bytes moved to or from DRAM
 * @param dramPeakBytes           most activation bytes resident in DRAM at any instant
 * @param rowsWritten             crossbar rows programmed
 * @param allocatedUtilization    time-weighted fraction of the chip's crossbars holding the running partition's weights
 * @param activeUtilization       fraction of the chip's crossbar-seconds spent computing
 * @param peakBufferBytes         largest occupancy of any core's buffer
 * @param events                  instructions (bands) executed
 * @param partitions              per-partition trace, in plan order
 * @param kvReadBytes             bytes of a decoder's KV cache loaded from DRAM (part of dramBytes)
 * @param kvWriteBytes            bytes of new KV-cache entries stored to DRAM (part of dramBytes)
 * @param crossbarWrites          rows written onto each physical crossbar and how often it was programmed
 */
public record SimulationResult(double latencySeconds, double energyJoules, double writeJoules, double dramJoules,
                               double mvmJoules, double staticJoules, long dramBytes, long dramPeakBytes,
                               long rowsWritten, double allocatedUtilization, double activeUtilization,
                               long peakBufferBytes, long events, List<PartitionTrace> partitions,
                               long kvReadBytes, long kvWriteBytes, CrossbarWrites crossbarWrites) {

    public SimulationResult {
        partitions = List.copyOf(partitions);
    }
}
