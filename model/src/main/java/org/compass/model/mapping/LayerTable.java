package org.compass.model.mapping;

import java.util.ArrayList;
import java.util.List;
import org.compass.model.hardware.Hardware;
import org.compass.model.network.Network;
import org.compass.model.network.Node;
import org.compass.model.network.Shape;

/** A per-layer view of a network on a chip, one row per node, for an {@code info} table. */
public final class LayerTable {

    /**
     * One node of the network on the chip.
     *
     * @param id          node id (topological position)
     * @param name        node name
     * @param kind        kind label ("conv", "fc", "add", ...)
     * @param activation  fused activation, lower case, or "" when none
     * @param inputs      shapes of the node's inputs
     * @param output      shape of its output
     * @param weights     crossbar weights (K x M; 0 for vector-unit nodes)
     * @param rows        K, rows of the weight matrix (per group for grouped convolution); 0 if unweighted
     * @param cols        M, output channels; 0 if unweighted
     * @param macs        multiply-accumulates for one input
     * @param crossbars   crossbars one replica needs
     * @param rowsWritten crossbar rows programmed for one replica
     * @param mvmSteps    matrix-vector steps for one input
     */
    public record Row(int id, String name, String kind, String activation, List<Shape> inputs, Shape output,
                      long weights, long rows, long cols, long macs, long crossbars, long rowsWritten, long mvmSteps) {
    }

    private LayerTable() {
    }

    /** One row per node of the network, in topological order, mapped with {@link CrossbarMapper}. */
    public static List<Row> rows(Network network, Hardware hw) {
        List<Row> out = new ArrayList<>();
        for (Node n : network.nodes()) {
            String act = n.activation() == null || n.activation().name().equals("NONE") ? "" : n.activation().name().toLowerCase();
            if (n.weighted()) {
                CrossbarMapping m = CrossbarMapper.map(n, hw);
                out.add(new Row(n.id(), n.name(), n.kind().label(), act, n.inputShapes(), n.output(), n.crossbarWeights(),
                        m.rows(), m.cols(), n.macs(), m.crossbars(), m.rowsWritten(), m.mvmSteps()));
            } else {
                out.add(new Row(n.id(), n.name(), n.kind().label(), act, n.inputShapes(), n.output(), 0, 0, 0, 0, 0, 0, 0));
            }
        }
        return List.copyOf(out);
    }
}
