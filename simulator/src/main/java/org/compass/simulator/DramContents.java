package org.compass.simulator;

/**
 * The activations in DRAM during one run: rows of each tensor stored so far (network inputs are there from
 * the start; loading rows never stored is a violation), and the bytes resident with their peak. Each input's
 * copy of a tensor leaves DRAM after that input's last band in the tensor's last load, unless it is a network
 * output or part of a KV cache (which stays across decode steps).
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

    /**
     * A LOAD_A band of partition p has read tensor tensor; when it completes one input of the last partition
     * that loads the tensor, that input's copy leaves DRAM (activations are kept per input: an input's copy is
     * freed once nothing will read it, not when the whole batch has been read).
     */
    void loaded(int tensor, int p, boolean inputDone) {
        if (inputDone && t.lastLoadPartition[tensor] == p && !t.tensorKept[tensor]) {
            live -= t.tensorBytes[tensor];
        }
    }

    /** Most activation bytes resident at any instant so far. */
    long peak() {
        return peak;
    }
}
