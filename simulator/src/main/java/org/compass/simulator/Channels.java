package org.compass.simulator;

import org.compass.model.hardware.Hardware;

/**
 * The chip-wide resources one run shares out in time: the DRAM channel, the pool of links and the vector
 * units. Each is reserved first come, first served when an instruction issues: the transfer or the vector
 * work starts when both the instruction and the resource are free, and the resource is busy until it ends.
 */
final class Channels {
    private final Hardware hw;
    private final ChipModel chip;
    private final int cores;
    private double dramFree;
    private final double[] linkFree;
    // a band's vector work is split over every core's vector unit (docs/simulator.md): the units work as one
    private double vectorFree;

    Channels(Hardware hw, ChipModel chip, int cores) {
        this.hw = hw;
        this.chip = chip;
        this.cores = cores;
        this.linkFree = new double[cores];
    }

    /** Reserves the DRAM channel for bytes: when the transfer ends. */
    double dram(long bytes, double now) {
        double start = Math.max(now, dramFree);
        dramFree = start + bytes / hw.dramBytesPerSecond();
        return dramFree;
    }

    /**
     * Sends bytes over the link free first (the chip's links are a pool, docs/simulator.md): when they have
     * arrived; the link is free again a latency earlier.
     */
    double send(long bytes, double now) {
        int link = firstFree(linkFree);
        double start = Math.max(now, linkFree[link]);
        double t = start + bytes / chip.linkBytesPerSecond() + chip.linkLatencySeconds();
        linkFree[link] = t - chip.linkLatencySeconds();
        return t;
    }

    /** Runs elements of vector work on all vector units at once: when it ends. */
    double vector(double elements, double now) {
        double start = Math.max(now, vectorFree);
        double end = start + elements / (chip.vectorElementsPerSecond() * cores);
        vectorFree = end;
        return end;
    }

    /** The index of the earliest time in {@code freeAt} (the first on a tie): a link or a write port free first. */
    static int firstFree(double[] freeAt) {
        int best = 0;
        for (int i = 1; i < freeAt.length; i++) {
            if (freeAt[i] < freeAt[best]) {
                best = i;
            }
        }
        return best;
    }
}
