package org.compass.model.onnx;

/**
 * A family of related ONNX operators translated by one class (convolution and pooling, linear layers,
 * activations, ...): it registers one {@link OperatorTranslator} per operator it understands.
 */
interface OperatorFamily {

    /** Adds this family's operators to the registry. */
    void register(OperatorRegistry registry);
}
