package org.compass.model.mapping;

import java.util.List;

/**
 * An activation tensor between units.
 *
 * @param id            tensor id
 * @param name          producing node's name (with slice suffix)
 * @param producer      producing unit, or -1 for a network input (resident in DRAM)
 * @param bytes         bytes for one input sample
 * @param consumers     units reading it
 * @param networkOutput whether it is a result of the network (stored to DRAM at the end): read by no unit, or
 *                      new KV-cache entries (stored even though the step's attention also reads them)
 * @param kvCache       whether it is part of a decoder's KV cache, which stays in DRAM across decode steps: a network
 *                      input holding the cached keys or values, or the new entries appended to it
 *                      ({@code Network.kvCache})
 */
public record Tensor(int id, String name, int producer, long bytes, List<Integer> consumers, boolean networkOutput,
                     boolean kvCache) {

    public Tensor {
        consumers = List.copyOf(consumers);
    }

    /** A tensor outside any KV cache. */
    public Tensor(int id, String name, int producer, long bytes, List<Integer> consumers, boolean networkOutput) {
        this(id, name, producer, bytes, consumers, networkOutput, false);
    }

    /** Whether it is kept in DRAM until the end of the step: a network output or part of the KV cache. */
    public boolean keptInDram() {
        return networkOutput || kvCache;
    }
}
