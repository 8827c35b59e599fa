package org.compass.simulator;

import java.util.PriorityQueue;

/**
 * The order of a partition's weight loads and of each write port's writes in the plain lowering (docs/simulator.md,
 * "Writes"). The loads form one queue, the DMA's list, which the one DRAM channel serves in order; each load goes
 * into a free staging slot of the core that stages the tile, and a staged tile is written once per replica, on the
 * core that holds the replica, and leaves its slot after its last write. This class runs that program phase ahead of
 * time and chooses the queue: whenever the channel is free, among the tiles whose cores can take a load by then, the
 * one for the write port that runs out of writes first (ties: the core ready first, the lowest core, the first tile
 * in (unit, tile) order). The ports write in the order their tiles arrive, so no port waits for a tile while another
 * tile it has to write is staged, and no staging slot is full of tiles for later writes of a waiting port.
 *
 * <p>Until 2026-12 each port wrote in (unit, tile, replica) order: a port whose next tile in that order was
 * loaded late (by another core, behind every core's first load) idled while the tiles of its later writes were
 * staged. squeezenet1_0 on compass-l, batch 1, row pipeline, dp plan: partition 1's program phase took 38.9 us
 * against 32.7 us in the cost model, each port idle 4 to 10 us. Until 2026-12-01 (second change) each core loaded
 * its tiles in (unit, tile) order, the channel serving the cores first come first served: squeezenet1_1 on
 * compass-m, batch 1, row pipeline, partition 1 (every port writing 23.4 us, loads 21.5 us) took 30.8 us, ports idle
 * up to 4.6 us while the channel served tiles for ports with writes queued; 26.6 us with the hungriest port first.
 */
final class LoadOrder {

    private LoadOrder() {
    }

    /**
     * Runs the program phase of a partition ahead of time.
     *
     * @param loader       per tile in (unit, tile) order, the core that stages it (its load takes a slot there)
     * @param loadSeconds  per tile, its load time over the DRAM channel
     * @param writeSeconds per tile, the time of one write of it (rows x t_row)
     * @param cores        per tile, the core of each of its writes (one per replica)
     * @param coreCount    cores of the chip
     * @param ports        write ports per core
     * @param slots        staging slots per core
     * @param port         out: per tile, the port of each of its writes (parallel to {@code cores})
     * @return the tiles in the order they are loaded (and arrive): the load queue
     */
    static int[] order(int[] loader, double[] loadSeconds, double[] writeSeconds, int[][] cores, int coreCount,
                       int ports, int slots, int[][] port) {
        int n = loader.length;
        boolean[] loaded = new boolean[n];
        int[] left = new int[coreCount]; // tiles each core has still to load
        for (int c : loader) {
            left[c]++;
        }
        // A tile written once is written on the core that stages it, so all such tiles of one core are equally hungry
        // and the first of them is the only one of them that can be chosen: each core's are scanned from a cursor, the
        // replicated ones one by one (the same choice as a scan of every tile, in O(cores + replicated) per load)
        int[][] single = new int[coreCount][];
        int[] singles = new int[coreCount];
        int[] replicated = new int[n];
        int replicatedCount = 0;
        for (int i = 0; i < n; i++) {
            if (cores[i].length == 1 && cores[i][0] == loader[i]) {
                singles[loader[i]]++;
            } else {
                replicated[replicatedCount++] = i;
            }
        }
        for (int c = 0; c < coreCount; c++) {
            single[c] = new int[singles[c]];
            singles[c] = 0;
        }
        for (int i = 0; i < n; i++) {
            if (cores[i].length == 1 && cores[i][0] == loader[i]) {
                single[loader[i]][singles[loader[i]]++] = i;
            }
        }
        int[] cursor = new int[coreCount];
        double[] issued = new double[coreCount]; // when the core may issue its next load (its last one done)
        @SuppressWarnings("unchecked")
        PriorityQueue<Double>[] staged = new PriorityQueue[coreCount]; // when each staged tile leaves its slot
        for (int c = 0; c < coreCount; c++) {
            staged[c] = new PriorityQueue<>();
        }
        double[][] free = new double[coreCount][ports];
        double[] portFree = new double[coreCount]; // per core: when its first port is free
        double[] ready = new double[coreCount]; // when each core can issue its next load: its last load and a slot
        int[] out = new int[n];
        double channel = 0;
        for (int k = 0; k < n; k++) {
            double earliest = Double.POSITIVE_INFINITY;
            for (int c = 0; c < coreCount; c++) {
                if (left[c] == 0) {
                    continue;
                }
                double issue = issued[c];
                if (staged[c].size() >= slots) {
                    // the slot freed first among those that would leave fewer than one free
                    PriorityQueue<Double> q = new PriorityQueue<>(staged[c]);
                    for (int j = 0; j < staged[c].size() - slots; j++) {
                        q.poll();
                    }
                    issue = Math.max(issue, q.peek());
                }
                ready[c] = issue;
                earliest = Math.min(earliest, issue);
            }
            for (int c = 0; c < coreCount; c++) {
                double f = free[c][0];
                for (int j = 1; j < ports; j++) {
                    f = Math.min(f, free[c][j]);
                }
                portFree[c] = f;
            }
            // every core that can issue by the time the channel is free competes; the tile for the port that runs
            // out of writes first goes next (ties: the core ready first, the lowest core, the tile first in (unit,
            // tile) order)
            double start = Math.max(channel, earliest);
            int tile = -1;
            double hungriest = Double.POSITIVE_INFINITY;
            for (int c = 0; c < coreCount; c++) {
                while (cursor[c] < single[c].length && loaded[single[c][cursor[c]]]) {
                    cursor[c]++;
                }
                if (cursor[c] < single[c].length && ready[c] <= start) {
                    int i = single[c][cursor[c]];
                    if (hungrier(i, portFree[c], tile, hungriest, loader, ready)) {
                        hungriest = portFree[c];
                        tile = i;
                    }
                }
            }
            for (int m = 0; m < replicatedCount; m++) {
                int i = replicated[m];
                if (loaded[i] || ready[loader[i]] > start) {
                    continue;
                }
                double f = Double.POSITIVE_INFINITY;
                for (int c : cores[i]) {
                    f = Math.min(f, portFree[c]);
                }
                if (hungrier(i, f, tile, hungriest, loader, ready)) {
                    hungriest = f;
                    tile = i;
                }
            }
            int best = loader[tile];
            loaded[tile] = true;
            left[best]--;
            double issueAt = ready[best];
            PriorityQueue<Double> q = staged[best];
            while (!q.isEmpty() && q.peek() <= issueAt) {
                q.poll();
            }
            channel = Math.max(channel, issueAt) + loadSeconds[tile];
            issued[best] = channel;
            out[k] = tile;
            port[tile] = new int[cores[tile].length];
            double last = channel;
            for (int w = 0; w < cores[tile].length; w++) {
                double[] f = free[cores[tile][w]];
                int p = 0;
                for (int j = 1; j < ports; j++) {
                    if (f[j] < f[p]) {
                        p = j;
                    }
                }
                f[p] = Math.max(f[p], channel) + writeSeconds[tile];
                port[tile][w] = p;
                last = Math.max(last, f[p]);
            }
            q.add(last);
        }
        return out;
    }

    /** Whether tile i, whose hungriest port is free at {@code f}, goes before the best so far (the class's order). */
    private static boolean hungrier(int i, double f, int best, double bestFree, int[] loader, double[] ready) {
        if (best < 0 || f != bestFree) {
            return best < 0 || f < bestFree;
        }
        double r = ready[loader[i]];
        double rb = ready[loader[best]];
        if (r != rb) {
            return r < rb;
        }
        return loader[i] != loader[best] ? loader[i] < loader[best] : i < best;
    }
}
