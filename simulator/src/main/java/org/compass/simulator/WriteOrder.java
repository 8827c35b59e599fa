package org.compass.simulator;

import java.util.List;

/**
 * How the writes of one write port are ordered and timed. The default keeps the lowering's order
 * (layer, tile, replica) with no start times; a write schedule (crossbar writes with start times from a
 * scheduling formulation) plugs in here by reordering the list and setting {@link Instruction#notBefore}.
 */
@FunctionalInterface
public interface WriteOrder {

    /** The lowering's own order. */
    WriteOrder AS_LOWERED = (partition, core, port, writes) -> writes;

    /**
     * The writes a port executes, in order.
     *
     * @param partition plan partition
     * @param core      core
     * @param port      write port of the core
     * @param writes    the lowering's {@code WRITE_ROWS} instructions for that port
     */
    List<Instruction> order(int partition, int core, int port, List<Instruction> writes);
}
