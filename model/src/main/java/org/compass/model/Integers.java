package org.compass.model;

/** Integer arithmetic that the mapping, the cost model, the simulator and the GA share. */
public final class Integers {

    private Integers() {
    }

    /** {@code a / b} rounded up, for {@code a >= 0} and {@code b > 0} (tiles, pipeline periods, write rounds). */
    public static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
