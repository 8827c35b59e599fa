package org.compass.simulator;

import org.compass.model.mapping.MappedGraph;
import org.compass.model.mapping.Tensor;
import org.compass.model.network.LayerKind;
import org.compass.model.network.Node;
import org.compass.model.network.Window;

/** Row dependences of the row pipeline: which input rows an output row needs, and when rows can be freed. */
final class Geometry {

    private Geometry() {
    }

    /** Rows (feature-map height, or tokens) of a tensor for one input. */
    static int rows(MappedGraph g, int tensor) {
        return node(g, tensor).output().height();
    }

    /** The node that produces a tensor (the input node for a network input). */
    static Node node(MappedGraph g, int tensor) {
        Tensor t = g.tensor(tensor);
        if (t.producer() >= 0) {
            return g.network().node(g.unit(t.producer()).nodeId());
        }
        for (Node n : g.network().nodes()) {
            if (n.kind() == LayerKind.INPUT && n.name().equals(t.name())) {
                return n;
            }
        }
        throw new IllegalStateException("no node produces tensor " + t.name());
    }

    /**
     * For each output row j of a node (or the single band of the image pipeline), how many rows of an input
     * of height {@code inRows} must be present: {@code need[j]}; and how many rows are no longer needed once
     * row j is done: {@code release[j]}.
     */
    static int[][] dependence(Node node, int inRows, boolean image) {
        int outRows = node.output().height();
        if (image) {
            return new int[][] {{inRows}, {inRows}};
        }
        int[] need = new int[outRows];
        int[] release = new int[outRows];
        Window w = node.window();
        boolean windowed = w != null && (node.kind() == LayerKind.CONV || node.kind() == LayerKind.MAX_POOL
                || node.kind() == LayerKind.AVG_POOL);
        boolean rowwise = !windowed && inRows == outRows && node.kind() != LayerKind.GLOBAL_AVG_POOL
                && node.kind() != LayerKind.FLATTEN && node.kind() != LayerKind.SOFTMAX
                && node.kind() != LayerKind.MATMUL && node.kind() != LayerKind.RESHAPE;
        for (int j = 0; j < outRows; j++) {
            if (windowed) {
                long last = (long) j * w.strideH() - w.padH() + (long) (w.kernelH() - 1) * w.dilationH();
                need[j] = (int) Math.max(1, Math.min(inRows, last + 1));
                long next = (long) (j + 1) * w.strideH() - w.padH();
                release[j] = (int) Math.max(0, Math.min(inRows, next));
            } else if (rowwise) {
                need[j] = j + 1;
                release[j] = j + 1;
            } else {
                need[j] = inRows;
                release[j] = 0;
            }
        }
        release[outRows - 1] = inRows;
        for (int j = 1; j < outRows; j++) {
            release[j] = Math.max(release[j], release[j - 1]);
        }
        return new int[][] {need, release};
    }
}
