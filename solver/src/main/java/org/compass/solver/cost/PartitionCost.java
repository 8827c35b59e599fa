package org.compass.solver.cost;

/**
 * Time and energy of one partition under the reference cost model.
 *
 * @param load             what the cost was computed from
 * @param programSeconds   T_prog: writing the weights (bounded by write ports and by DRAM)
 * @param computeSeconds   T_comp: the batch through the layer pipeline
 * @param ioSeconds        T_io: activations to and from DRAM (overlapped with compute)
 * @param seconds          T = T_prog + max(T_comp, T_io)
 * @param writeJoules      energy of programming crossbar rows
 * @param dramJoules       energy of DRAM traffic (weights and activations)
 * @param mvmJoules        energy of the MVM steps
 * @param staticJoules     static power over T
 */
public record PartitionCost(PartitionLoad load, double programSeconds, double computeSeconds, double ioSeconds,
                            double seconds, double writeJoules, double dramJoules, double mvmJoules,
                            double staticJoules) {

    /** Energy of the partition. */
    public double joules() {
        return writeJoules + dramJoules + mvmJoules + staticJoules;
    }
}
