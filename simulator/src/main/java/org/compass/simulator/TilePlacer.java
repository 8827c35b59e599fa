package org.compass.simulator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.compass.model.hardware.Hardware;
import org.compass.solver.plan.Partition;

/**
 * Where {@link Lowering} puts a partition's tiles: largest tile first onto the core with a free crossbar and the
 * fewest rows of the partition to program (so the write ports stay balanced), on the core's next crossbar. Ties
 * between cores go to the first from the core numbered by the unit's ordinal among the partition's weighted units
 * on, so that the units' first tiles, where their stages run, spread over the cores (docs/simulator.md, "Placement"). With
 * wear levelling (docs/simulator.md, "Wear levelling") ties between cores go to the core written least so far,
 * and the tile takes the core's free crossbar written least (then the lowest index); the rows written are added
 * to the wear as they are placed.
 */
final class TilePlacer {

    private final Hardware hw;
    // with wear levelling: rows written so far onto each physical crossbar (core x perCore + index), earlier
    // batches and this batch's earlier partitions; null for the plain placement
    private final long[] wear;

    TilePlacer(Hardware hw, long[] wear) {
        this.hw = hw;
        this.wear = wear;
    }

    /** Largest tile first onto the core with a free crossbar and the least rows to write. */
    void place(int p, Partition pt, int[] rep, List<TileLayout> layouts, int[] slotBase,
                       List<Placement.Slot> slots) {
        record Demand(int unit, int replica, int tile, int rows) {
        }
        List<Demand> demands = new ArrayList<>();
        for (int u : pt.units()) {
            TileLayout l = layouts.get(u);
            if (l == null) {
                continue;
            }
            slotBase[u] = slots.size() + demands.size();
            for (int r = 0; r < rep[u]; r++) {
                for (int t = 0; t < l.tiles().size(); t++) {
                    demands.add(new Demand(u, r, t, l.tiles().get(t).rows()));
                }
            }
        }
        int base = slots.size();
        Placement.Slot[] placed = new Placement.Slot[demands.size()];
        Integer[] order = new Integer[demands.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingInt((Integer i) -> -demands.get(i).rows()).thenComparingInt(i -> i));
        int cores = hw.cores();
        int perCore = hw.crossbarsPerCore();
        int[] used = new int[cores];
        long[] rows = new long[cores];
        long[] coreWear = new long[cores];
        boolean[] taken = new boolean[cores * perCore];
        if (wear != null) {
            for (int x = 0; x < wear.length; x++) {
                coreWear[x / perCore] += wear[x];
            }
        }
        // each unit's ordinal among the partition's weighted units: ties between cores are broken from that core on
        java.util.Map<Integer, Integer> ordinal = new java.util.HashMap<>();
        for (Demand d : demands) {
            ordinal.putIfAbsent(d.unit, ordinal.size());
        }
        for (int i : order) {
            Demand d = demands.get(i);
            int best = -1;
            boolean free = false;
            int offset = ordinal.get(d.unit) % cores;
            for (int k = 0; k < cores; k++) {
                int c = (offset + k) % cores;
                boolean f = used[c] < perCore;
                if (best < 0 || (f && !free) || (f == free && (rows[c] < rows[best]
                        || (wear != null && rows[c] == rows[best] && coreWear[c] < coreWear[best])))) {
                    best = c;
                    free = f;
                }
            }
            int index = wear == null || !free ? used[best] : leastWorn(best, perCore, taken);
            used[best]++;
            placed[i] = new Placement.Slot(d.unit, d.replica, d.tile, p, best, index);
            rows[best] += d.rows;
            if (wear != null && index < perCore) {
                taken[best * perCore + index] = true;
                wear[best * perCore + index] += d.rows;
                coreWear[best] += d.rows;
            }
        }
        for (Placement.Slot s : placed) {
            slots.add(s);
        }
        assert slots.size() == base + demands.size();
    }

    /** The free crossbar of a core (not taken by this partition) written least so far, then the lowest index. */
    private int leastWorn(int core, int perCore, boolean[] taken) {
        int best = -1;
        for (int x = 0; x < perCore; x++) {
            int id = core * perCore + x;
            if (!taken[id] && (best < 0 || wear[id] < wear[core * perCore + best])) {
                best = x;
            }
        }
        return best;
    }
}
