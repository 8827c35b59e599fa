package org.compass.model.network;

/**
 * An elementwise activation applied at a node's output (fused into conv/fc or standalone).
 *
 * <p>ReLU, ReLU6, GELU, sigmoid and tanh may be fused into the layer that produces their input; the others
 * (hard-swish, hard-sigmoid, leaky ReLU, PReLU with its per-channel slopes, SiLU = x * sigmoid(x)) come
 * from imported models as standalone activation nodes on the vector units.
 */
public enum Activation {
    NONE, RELU, RELU6, GELU, SIGMOID, TANH, HARD_SWISH, HARD_SIGMOID, LEAKY_RELU, PRELU, SILU;

    /** Looks an activation up by name, case-insensitively, with or without the underscore; null when unknown. */
    public static Activation byName(String text) {
        for (Activation a : values()) {
            if (a.name().equalsIgnoreCase(text) || a.name().replace("_", "").equalsIgnoreCase(text)) {
                return a;
            }
        }
        return null;
    }
}
