package org.compass.model.onnx;

import org.compass.model.onnx.proto.Onnx.NodeProto;

/**
 * Translates one node of one operator: reads its inputs' values from the {@link GraphTranslator} and
 * defines its outputs (constants, or activations made by new layers). Failures are one-line
 * {@link org.compass.model.InputException}s naming the node.
 */
@FunctionalInterface
interface OperatorTranslator {

    void translate(NodeProto node);
}
