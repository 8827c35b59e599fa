package org.compass.simulator;

/**
 * What one partition did in the simulation.
 *
 * @param partition           index in the plan
 * @param startSeconds        when its program phase could begin (the previous partition's end)
 * @param programDoneSeconds  when its last crossbar write finished
 * @param endSeconds          when its last instruction finished
 * @param crossbars           crossbars it placed on the chip
 * @param rowsWritten         crossbar rows programmed
 * @param dramBytes           bytes moved to or from DRAM (weights and activations)
 * @param writeJoules         energy of its writes
 * @param dramJoules          energy of its DRAM traffic
 * @param mvmJoules           energy of its MVMs
 * @param busyCrossbarSeconds crossbar-seconds spent computing MVMs (all replicas)
 */
public record PartitionTrace(int partition, double startSeconds, double programDoneSeconds, double endSeconds,
                             int crossbars, long rowsWritten, long dramBytes, double writeJoules, double dramJoules,
                             double mvmJoules, double busyCrossbarSeconds) {

    /** Time the partition took: from the previous partition's end to its own. */
    public double seconds() {
        return endSeconds - startSeconds;
    }
}
