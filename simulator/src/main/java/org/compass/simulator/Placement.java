package org.compass.simulator;

import java.util.List;

/**
 * Where each crossbar tile of each replica of each layer sits: a slot per (unit, replica, tile) with the
 * core and the crossbar index inside the core. An index at or beyond the core's crossbar count means the
 * partition did not fit; the write to it fails at run time.
 *
 * @param layouts   tile layout of every unit (null for unweighted or unplaced units)
 * @param slotBase  first slot id of each unit (replica-major, then tile); -1 when the unit has none
 * @param slots     every slot
 */
public record Placement(List<TileLayout> layouts, int[] slotBase, List<Slot> slots) {

    /**
     * One crossbar tile of one replica.
     *
     * @param unit      the unit
     * @param replica   replica index
     * @param tile      tile index in the unit's layout
     * @param partition partition of the unit
     * @param core      core that holds it
     * @param index     crossbar index within the core
     */
    public record Slot(int unit, int replica, int tile, int partition, int core, int index) {
    }

    /** The slot id of a unit's replica and tile. */
    public int slot(int unit, int replica, int tile) {
        return slotBase[unit] + replica * layouts.get(unit).tiles().size() + tile;
    }

    /** The slot with the given id. */
    public Slot slotAt(int id) {
        return slots.get(id);
    }

    /**
     * Crossbars each partition places on each core: {@code [partition][core]}, in one pass over the slots (a pass
     * per partition made a 7B decode step's accounting quadratic: 848 partitions x 400,000 slots).
     */
    public int[][] crossbarsPerCore(int partitions, int cores) {
        int[][] n = new int[partitions][cores];
        for (Slot s : slots) {
            if (s.partition() < partitions && s.core() < cores) {
                n[s.partition()][s.core()]++;
            }
        }
        return n;
    }

    /**
     * The number of distinct cores that hold a unit's tiles (0 when it has none). A unit's slots are contiguous from
     * its {@code slotBase}, so this reads only them.
     */
    public int coresHolding(int unit) {
        if (slotBase[unit] < 0) {
            return 0;
        }
        java.util.BitSet cores = new java.util.BitSet();
        for (int id = slotBase[unit]; id < slots.size() && slots.get(id).unit() == unit; id++) {
            cores.set(slots.get(id).core());
        }
        return cores.cardinality();
    }
}
