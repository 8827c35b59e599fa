package org.compass.model.mapping;

import java.util.List;
import org.compass.model.network.LayerKind;

/**
 * The atom of partitioning: a whole network node, or one column slice of a layer too large for the chip.
 *
 * @param id           position in the topological order of units
 * @param name         node name, with "#i" appended for slice i
 * @param nodeId       the network node it comes from
 * @param slice        slice index (0 when not split)
 * @param slices       number of slices of its node (1 when not split)
 * @param kind         the node's kind
 * @param crossbars    crossbars of one replica (0 when unweighted)
 * @param rowsWritten  rows programmed for one replica
 * @param mvmSteps     MVM steps for one input
 * @param fillSteps    MVM steps before the first output row leaves (row-pipeline fill: f_l * steps_l)
 * @param weights      crossbar weights held
 * @param weightBytes  bytes of those weights in DRAM
 * @param macs         multiply-accumulates for one input
 * @param outputs      output channels computed (all channels when not split)
 * @param inputTensors tensors read
 * @param outputTensor tensor produced
 */
public record Unit(int id, String name, int nodeId, int slice, int slices, LayerKind kind, int crossbars,
                   long rowsWritten, long mvmSteps, double fillSteps, long weights, long weightBytes, long macs,
                   int outputs, List<Integer> inputTensors, int outputTensor) {

    public Unit {
        inputTensors = List.copyOf(inputTensors);
    }

    /** Whether this unit occupies crossbars. */
    public boolean weighted() {
        return crossbars > 0;
    }
}
