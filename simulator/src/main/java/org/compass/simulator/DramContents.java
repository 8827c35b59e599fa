package org.compass.simulator;

/**
 * The activations in DRAM during one run: rows of each tensor stored so far (network inputs are there from
 * the start; loading rows never stored is a violation), and the bytes resident with their peak. A tensor
 * leaves DRAM after the last band of its last load, unless it is a network output or part of a KV cache (which
 * stays across decode steps).
 */
final class DramContents {
    private final ProgramTables t;
    private final long[] rows;
    private long live;
    private long peak;

    DramContents(ProgramTables t) {
        this.t = t;
        rows = t.initialDramRows.clone();
        live = t.initialDramLive;
        peak = live;
    }

    /** Whether the first {@code end} rows (over the batch) of tensor tensor are in DRAM. */
    boolean holds(int tensor, long end) {
        return rows[tensor] >= end;
    }

    /** A STORE_A band has written rows (bytes) of a tensor. */
    void stored(int tensor, long n, long bytes) {
        rows[tensor] += n;
        live += bytes;
        peak = Math.max(peak, live);
    }

    /** A LOAD_A band of partition p has read tensor tensor; after its last band of the last load the tensor leaves. */
    void loaded(int tensor, int p, boolean lastBand) {
        if (lastBand && t.lastLoadPartition[tensor] == p && !t.tensorKept[tensor]) {
            live -= (long) t.batch * t.tensorBytes[tensor];
        }
    }

    /** Most activation bytes resident at any instant so far. */
    long peak() {
        return peak;
    }
}
