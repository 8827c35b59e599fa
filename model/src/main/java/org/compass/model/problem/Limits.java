package org.compass.model.problem;

/**
 * How long and with what a solver may search: wall-clock seconds, worker threads, random seed.
 */
public record Limits(double seconds, int threads, long seed) {

    /** 60 s, 2 threads, seed 1. */
    public static final Limits DEFAULT = new Limits(60, 2, 1);

    /** Longest time limit (a million seconds, 11.6 days): deadlines in nanoseconds stay far from overflow. */
    public static final double MAX_SECONDS = 1e6;

    /** Most solver threads. */
    public static final int MAX_THREADS = 1024;

    public Limits {
        if (!(seconds > 0) || seconds > MAX_SECONDS) {
            throw new IllegalArgumentException("time limit must be positive and at most " + MAX_SECONDS + " s, got "
                    + seconds);
        }
        if (threads <= 0 || threads > MAX_THREADS) {
            throw new IllegalArgumentException("threads must be 1 to " + MAX_THREADS + ", got " + threads);
        }
    }

    /** The same limits with another time. */
    public Limits withSeconds(double s) {
        return new Limits(s, threads, seed);
    }
}
