package org.compass.model.problem;

import org.compass.model.Labelled;

/** Which partitions a formulation may choose. */
public enum SearchSpace implements Labelled {
    /** Ranges of one fixed topological order of the units. */
    CONTIGUOUS("contiguous"),
    /** Any assignment of units to an ordered sequence of partitions that respects dependences. */
    DAG("dag");

    private final String label;

    SearchSpace(String label) {
        this.label = label;
    }

    /** The name used in files and on the command line. */
    @Override
    public String label() {
        return label;
    }

    /** The space with the given label, or null. */
    public static SearchSpace byLabel(String text) {
        return Labelled.byLabel(SearchSpace.class, text);
    }
}
