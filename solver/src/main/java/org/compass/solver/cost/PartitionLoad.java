package org.compass.solver.cost;

/**
 * What the cost of one partition depends on, aggregated over its units for one replication choice.
 *
 * @param crossbars     crossbars the partition's streamed units occupy, replicas included: sum r_l * crossbars_l over
 *                      the units not kept resident (all of them without resident weights)
 * @param rowsWritten   crossbar rows programmed per batch, replicas included: sum r_l * rows_l over streamed units
 * @param weightBytes   bytes of weights read from DRAM per batch (once, whatever the replication), streamed units
 * @param periodSteps   pipeline period in MVM steps: max_l ceil(steps_l / r_l)
 * @param fillSteps     row-pipeline fill in MVM steps: sum_l f_l * steps_l (in unit order)
 * @param depth         weighted units in the partition
 * @param inBytes       bytes per input loaded from DRAM: tensors produced elsewhere and read here, once each
 * @param outBytes      bytes per input stored to DRAM: tensors produced here and read elsewhere or network outputs
 * @param crossbarSteps MVM crossbar-steps per input: sum_l steps_l * crossbars_l (replication does not change it)
 * @param periodSeconds pipeline period: v1 periodSteps * t_mvm; v2 the slowest stage or chip-wide resource
 *                      per input
 * @param computeSeconds the batch through the partition's pipeline (T_comp), in the problem's cost model version
 * @param tiles         weight tiles loaded from DRAM: crossbars of one replica of each unit, sum crossbars_l
 * @param tileRows      crossbar rows of one replica of each unit, sum rows_l (a tile's write is its rows through
 *                      one write port); both over streamed units
 * @param residentCrossbars crossbars of the partition's resident units, replicas included (written once, reserved
 *                      for the whole run; 0 without resident weights)
 */
public record PartitionLoad(long crossbars, long rowsWritten, long weightBytes, long periodSteps, double fillSteps,
                            int depth, long inBytes, long outBytes, long crossbarSteps, double periodSeconds,
                            double computeSeconds, long tiles, long tileRows, long residentCrossbars) {

    /** A load without resident units. */
    public PartitionLoad(long crossbars, long rowsWritten, long weightBytes, long periodSteps, double fillSteps,
                         int depth, long inBytes, long outBytes, long crossbarSteps, double periodSeconds,
                         double computeSeconds, long tiles, long tileRows) {
        this(crossbars, rowsWritten, weightBytes, periodSteps, fillSteps, depth, inBytes, outBytes, crossbarSteps,
                periodSeconds, computeSeconds, tiles, tileRows, 0);
    }

    /**
     * A load that no replication of the same units can beat: {@code rows} crossbar rows (at most those of the least
     * replication) and a compute phase of {@code computeSeconds} (at most that of the most replication). Costs are
     * non-decreasing in both, so the cost of this load bounds the cost of every completion of a partial choice
     * from below ({@link ReplicationSearch}).
     */
    PartitionLoad bound(long rows, double compute) {
        return new PartitionLoad(crossbars, rows, weightBytes, periodSteps, fillSteps, depth, inBytes, outBytes,
                crossbarSteps, periodSeconds, compute, tiles, tileRows, residentCrossbars);
    }
}
