package org.compass.simulator;

/**
 * A region of one core's buffer holding a tensor's bands during one partition.
 *
 * @param id          buffer id
 * @param partition   partition it lives in
 * @param tensor      the tensor held
 * @param core        the core
 * @param kind        how it is filled
 * @param creditRows  rows it may hold at once (producers wait beyond that: flow control)
 */
public record BufferSpec(int id, int partition, int tensor, int core, Kind kind, long creditRows) {

    /** How a buffer is filled. */
    public enum Kind {
        /** by a layer on the same core */
        PRODUCED,
        /** from DRAM ({@code LOAD_A}) */
        LOADED,
        /** from another core ({@code RECV}) */
        RECEIVED
    }
}
