package org.compass.model.problem;

import org.compass.model.Labelled;

/** How a batch flows through the layers of one partition. */
public enum PipelineMode implements Labelled {
    /** Rows of feature maps stream from layer to layer (ISAAC/PUMA-style); the pipeline fills once per batch. */
    ROW("row"),
    /** Whole inputs move from stage to stage (PIMCOMP's batch pipeline): (B + depth - 1) periods. */
    IMAGE("image");

    private final String label;

    PipelineMode(String label) {
        this.label = label;
    }

    /** The name used in files. */
    @Override
    public String label() {
        return label;
    }

    /** The mode with the given label, or null. */
    public static PipelineMode byLabel(String text) {
        return Labelled.byLabel(PipelineMode.class, text);
    }
}
