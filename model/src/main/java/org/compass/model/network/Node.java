package org.compass.model.network;

import java.util.List;

/**
 * One node of a network DAG with its inferred shapes.
 *
 * @param id          position in the network's topological order
 * @param name        unique name
 * @param kind        what the node computes
 * @param inputs      ids of the nodes whose outputs this node reads, in operand order
 * @param inputShapes shapes of those inputs
 * @param output      shape of this node's output for one input sample
 * @param window      kernel window of a conv or pool, else null
 * @param groups      groups of a convolution (1 for dense, Cin for depthwise), else 1
 * @param bias        whether a weighted node has a bias vector
 * @param activation  activation fused at the output (or applied by an ACTIVATION node)
 */
public record Node(int id, String name, LayerKind kind, List<Integer> inputs, List<Shape> inputShapes,
                   Shape output, Window window, int groups, boolean bias, Activation activation) {

    public Node {
        inputs = List.copyOf(inputs);
        inputShapes = List.copyOf(inputShapes);
    }

    /** Whether the node's weights live in crossbars. */
    public boolean weighted() {
        return kind.weighted();
    }

    /** Rows of the node's weight matrix: kh*kw*Cin/groups for conv, input features for fc; 0 if unweighted. */
    public long weightRows() {
        return switch (kind) {
            case CONV -> (long) window.kernelH() * window.kernelW() * (inputShapes.get(0).channels() / groups);
            case FC -> inputShapes.get(0).channels();
            default -> 0;
        };
    }

    /** Columns (output channels) of the node's weight matrix; 0 if unweighted. */
    public long weightCols() {
        return kind.weighted() ? output.channels() : 0;
    }

    /** Weights held in crossbars (the weight matrix, groups included, bias excluded). */
    public long crossbarWeights() {
        return switch (kind) {
            case CONV -> weightRows() * output.channels();
            case FC -> weightRows() * weightCols();
            default -> 0;
        };
    }

    /** Trainable parameters: crossbar weights plus bias. */
    public long parameters() {
        return crossbarWeights() + (kind.weighted() && bias ? output.channels() : 0);
    }

    /** Matrix-vector products of one input through this node: output positions for conv, tokens for fc. */
    public long mvmSteps() {
        return kind.weighted() ? output.positions() : 0;
    }

    /** Multiply-accumulates for one input (conv and linear layers only). */
    public long macs() {
        return kind.weighted() ? mvmSteps() * weightRows() * output.channels() : 0;
    }

    /**
     * Element operations of the vector unit for one input (0 for a weighted node, whose activation is applied
     * in its crossbars' read-out, and for nodes that only move data: concat, flatten, reshape, slice, input).
     * Per output element: a pooling window's kh * kw reads (the whole input for a global pool), one read per
     * operand of an addition or product, the inner dimension of an activation-by-activation matmul, one
     * otherwise (activation, normalization, softmax).
     */
    public long vectorOps() {
        long out = output.elements();
        return switch (kind) {
            case CONV, FC, INPUT, CONCAT, FLATTEN, RESHAPE, SLICE -> 0;
            case MAX_POOL, AVG_POOL -> out * window.kernelH() * window.kernelW();
            case GLOBAL_AVG_POOL -> inputShapes.get(0).elements();
            case ADD, MUL -> out * inputs.size();
            case MATMUL -> out * inputShapes.get(0).width();
            default -> out;
        };
    }
}
