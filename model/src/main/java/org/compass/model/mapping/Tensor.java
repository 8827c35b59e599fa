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
 * @param networkOutput whether it is a result of the network (stored to DRAM at the end)
 */
public record Tensor(int id, String name, int producer, long bytes, List<Integer> consumers, boolean networkOutput) {

    public Tensor {
        consumers = List.copyOf(consumers);
    }
}
