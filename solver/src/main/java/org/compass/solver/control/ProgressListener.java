package org.compass.solver.control;

/** Receives progress of a long solve (new incumbents, bounds, phases). */
@FunctionalInterface
public interface ProgressListener {

    /** Ignores everything. */
    ProgressListener NONE = message -> { };

    /** One line of progress. */
    void report(String message);
}
