package org.compass.model.problem;

/**
 * How long and with what a solver may search: wall-clock seconds, worker threads, random seed.
 */
public record Limits(double seconds, int threads, long seed) {

    /** 60 s, 2 threads, seed 1. */
    public static final Limits DEFAULT = new Limits(60, 2, 1);

    public Limits {
        if (!(seconds > 0)) {
            throw new IllegalArgumentException("time limit must be positive, got " + seconds);
        }
        if (threads <= 0) {
            throw new IllegalArgumentException("threads must be positive, got " + threads);
        }
    }

    /** The same limits with another time. */
    public Limits withSeconds(double s) {
        return new Limits(s, threads, seed);
    }
}
