package org.compass.model.network;

/** An elementwise activation applied at a node's output (fused into conv/fc or standalone). */
public enum Activation {
    NONE, RELU, RELU6, GELU, SIGMOID, TANH;

    /** Looks an activation up by name, case-insensitively; null when unknown. */
    public static Activation byName(String text) {
        for (Activation a : values()) {
            if (a.name().equalsIgnoreCase(text)) {
                return a;
            }
        }
        return null;
    }
}
