package org.compass.simulator;

/** The instruction set of a core (see {@code docs/simulator.md}). */
public enum Opcode {
    /** Wait until every core has finished the previous partition. */
    BARRIER,
    /** Read one crossbar tile's weights from DRAM into the core's buffer. */
    LOAD_W,
    /** Program a crossbar's rows with a tile's weights through one write port. */
    WRITE_ROWS,
    /** Wait until every crossbar of the partition is programmed (end of the program phase). */
    SYNC_W,
    /** Wait until every write of one unit is done (early start: a stage needs only its own weights). */
    SYNC_U,
    /** Wait until a unit has done all its bands, so a crossbar it holds may be reprogrammed (write schedules). */
    FREE_X,
    /** Wait until the core has issued every weight load of the earlier partitions (prefetched loads stay behind). */
    SYNC_PW,
    /** Read activation bands of a tensor from DRAM into the core's buffer. */
    LOAD_A,
    /** Matrix-vector products of one layer's replicas over one band of outputs. */
    MVM,
    /** A vector-unit operation (pool, add, concat, activation, ...) over one band. */
    VEC,
    /** Send bands of a tensor to another core. */
    SEND,
    /** Accept bands of a tensor sent by another core into the buffer. */
    RECV,
    /** Write activation bands of a tensor from the buffer to DRAM. */
    STORE_A
}
