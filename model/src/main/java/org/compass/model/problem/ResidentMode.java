package org.compass.model.problem;

import org.compass.model.Labelled;

/**
 * Whether a plan may keep weights resident across batches ({@code resident: none | auto}, {@code --resident};
 * docs/llm.md, "Resident weights"). A plan runs batch after batch (a decoder: decode step after decode step); a
 * resident unit is written into crossbars reserved for it once, before the first batch, and never rewritten, while
 * the other units stream through the crossbars left.
 */
public enum ResidentMode implements Labelled {
    /** Every unit is loaded and written in every batch (the paper's model and the default). */
    NONE("none"),
    /** The solver chooses the resident set jointly with the partitioning of the rest. */
    AUTO("auto");

    private final String label;

    ResidentMode(String label) {
        this.label = label;
    }

    /** The name used in files and on the command line. */
    @Override
    public String label() {
        return label;
    }

    /** The mode with the given label, or null. */
    public static ResidentMode byLabel(String text) {
        return Labelled.byLabel(ResidentMode.class, text);
    }
}
