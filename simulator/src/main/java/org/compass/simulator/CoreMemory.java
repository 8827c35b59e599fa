package org.compass.simulator;

/**
 * Each core's local buffer in one run: the activation bands its buffers hold and the weight tiles staged
 * for its writes share it. Every growth is checked against the capacity (a violation beyond it), and the
 * largest occupancy of any core is kept for the result.
 */
final class CoreMemory {
    private final long[] occupied;
    private final long capacity;
    private final Violations violations;
    private long peak;

    CoreMemory(int cores, long capacity, Violations violations) {
        this.occupied = new long[cores];
        this.capacity = capacity;
        this.violations = violations;
    }

    /** Adds delta bytes (may be negative) to a core's occupancy; checks the capacity when it grows. */
    void allocate(int core, long delta, Instruction in, double now) {
        occupied[core] += delta;
        if (delta > 0 && occupied[core] > capacity) {
            throw violations.overCapacity(in, now, core, occupied[core], capacity);
        }
        peak = Math.max(peak, occupied[core]);
    }

    /** Frees bytes of a core (a staged tile written everywhere it goes). */
    void free(int core, long bytes) {
        occupied[core] -= bytes;
    }

    /** Largest occupancy of any core so far. */
    long peak() {
        return peak;
    }
}
