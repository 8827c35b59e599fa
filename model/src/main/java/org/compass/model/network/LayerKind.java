package org.compass.model.network;

import org.compass.model.Labelled;

/** What a node of the network computes; weighted kinds live in crossbars, the others on vector units. */
public enum LayerKind implements Labelled {
    INPUT(false, "input"),
    CONV(true, "conv"),
    FC(true, "fc"),
    MAX_POOL(false, "maxpool"),
    AVG_POOL(false, "avgpool"),
    GLOBAL_AVG_POOL(false, "gap"),
    ADD(false, "add"),
    MUL(false, "mul"),
    CONCAT(false, "concat"),
    ACTIVATION(false, "act"),
    FLATTEN(false, "flatten"),
    RESHAPE(false, "reshape"),
    NORM(false, "norm"),
    SOFTMAX(false, "softmax"),
    MATMUL(false, "matmul"),
    /** Slicing, gathering or splitting an activation (imported models; a data move on vector units). */
    SLICE(false, "slice");

    private final boolean weighted;
    private final String label;

    LayerKind(boolean weighted, String label) {
        this.weighted = weighted;
        this.label = label;
    }

    /** Whether this kind holds weights in crossbars. */
    public boolean weighted() {
        return weighted;
    }

    /** Short lower-case name used in files and tables. */
    @Override
    public String label() {
        return label;
    }

    /** Looks a kind up by its label or enum name, case-insensitively; null when unknown. */
    public static LayerKind byLabel(String text) {
        return Labelled.byLabel(LayerKind.class, text);
    }
}
