package org.compass.simulator;

/**
 * Weight tiles between DRAM and the crossbars in one run. A LOAD_W stages a tile in its core's memory, where
 * it stays until its last WRITE_ROWS; a core has {@code weightLookahead} staging slots, and a write waits for
 * its tile's load. Per core it also counts the loads issued per partition and keeps the load front (the
 * first partition with loads still to issue), which SYNC_PW waits on.
 */
final class WeightStaging {
    private final ProgramTables t;
    private final CoreMemory memory;
    private final Waits waits;
    private final int slots;
    private final boolean[] loaded;
    private final int[] writesLeft;
    private final int[] pending;
    private final int[][] loadsIssued;
    private final int[] loadFront;

    WeightStaging(ProgramTables t, int slots, CoreMemory memory, Waits waits) {
        this.t = t;
        this.memory = memory;
        this.waits = waits;
        this.slots = slots;
        loaded = new boolean[t.initialTileWrites.length];
        writesLeft = t.initialTileWrites.clone();
        pending = new int[t.cores];
        loadsIssued = new int[t.cores][t.parts];
        loadFront = new int[t.cores];
        for (int c = 0; c < t.cores; c++) {
            advanceLoads(c);
        }
    }

    /** Whether a core has a free staging slot for one more tile. */
    boolean slotFree(int core) {
        return pending[core] < slots;
    }

    /** A LOAD_W of partition p issues on a core: it takes a slot and may move the load front. */
    void issueLoad(int core, int p) {
        pending[core]++;
        loadsIssued[core][p]++;
        if (p == loadFront[core]) {
            advanceLoads(core);
        }
    }

    /** The first partition with weight loads a core has still to issue ({@code parts} when none). */
    int loadFront(int core) {
        return loadFront[core];
    }

    /** Whether a write of the tile must wait: it has a load, and the load has not completed. */
    boolean awaitsLoad(int tile) {
        return !loaded[tile] && t.tileLoader[tile] >= 0;
    }

    /** A LOAD_W has completed: the tile takes bytes of the core's memory until its writes are done. */
    void loadDone(int tile, int core, long bytes, Instruction in, double now) {
        loaded[tile] = true;
        memory.allocate(core, bytes, in, now);
        if (writesLeft[tile] < 0) {
            free(tile);
        }
        waits.tileLoaded(tile);
    }

    /** A WRITE_ROWS of the tile has completed; after the last one the tile leaves its slot. */
    void written(int tile) {
        if (--writesLeft[tile] == 0) {
            free(tile);
        }
    }

    /** Moves a core's load front past the partitions whose weight loads it has all issued. */
    private void advanceLoads(int core) {
        int before = loadFront[core];
        while (loadFront[core] < t.parts && loadsIssued[core][loadFront[core]] == t.loadsPlanned[core][loadFront[core]]) {
            loadFront[core]++;
        }
        if (loadFront[core] != before) {
            waits.loadsAdvanced(core);
        }
    }

    private void free(int tile) {
        int core = t.tileLoader[tile];
        if (core >= 0 && loaded[tile]) {
            memory.free(core, t.tileBytes[tile]);
            pending[core]--;
            waits.slotFreed(core);
        }
    }
}
