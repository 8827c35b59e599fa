package org.compass.model.problem;

import org.compass.model.Labelled;

/** What a plan is optimized for. */
public enum Objective implements Labelled {
    /** Maximize inferences per second (equivalently, minimize the latency of one batch). */
    THROUGHPUT("throughput", true),
    /** Minimize the latency of one batch. */
    LATENCY("latency", false),
    /** Minimize the energy of one batch. */
    ENERGY("energy", false),
    /** Minimize energy x latency of one batch. */
    EDP("edp", false);

    private final String label;
    private final boolean maximize;

    Objective(String label, boolean maximize) {
        this.label = label;
        this.maximize = maximize;
    }

    /** The name used in files and on the command line. */
    @Override
    public String label() {
        return label;
    }

    /** Whether larger values are better. */
    public boolean maximize() {
        return maximize;
    }

    /**
     * What a plan with these totals minimizes: its seconds for throughput and latency (throughput is batch /
     * seconds), its joules for energy, their product for EDP.
     */
    public double minimized(double seconds, double joules) {
        return switch (this) {
            case THROUGHPUT, LATENCY -> seconds;
            case ENERGY -> joules;
            case EDP -> seconds * joules;
        };
    }

    /** The unit of the objective's value: inferences/s for throughput, s, J, J s. */
    public String unit() {
        return switch (this) {
            case THROUGHPUT -> "inferences/s";
            case LATENCY -> "s";
            case ENERGY -> "J";
            case EDP -> "J s";
        };
    }

    /** The unit of what a plan minimizes ({@link #minimized}): s for throughput and latency, J, J s. */
    public String minimizedUnit() {
        return this == THROUGHPUT ? "s" : unit();
    }

    /** The objective with the given label, or null. */
    public static Objective byLabel(String text) {
        return Labelled.byLabel(Objective.class, text);
    }
}
