package org.compass.simulator;

import java.util.Arrays;

/**
 * What the crossbars hold in one run: per crossbar of each core the placement slot whose tile it holds (or
 * -1: nothing, or being rewritten), and per unit how many of its slots do not hold their tile yet. A write
 * may not take a crossbar whose unit still needs it; an MVM runs only when none of its unit's slots is
 * missing.
 */
final class Crossbars {
    private final ProgramTables t;
    private final Placement placement;
    private final Violations violations;
    private final int[] content;
    private final int[] missing;

    Crossbars(ProgramTables t, Violations violations) {
        this.t = t;
        this.placement = t.program.placement();
        this.violations = violations;
        content = new int[t.cores * t.contentStride];
        Arrays.fill(content, -1);
        missing = t.initialMissing.clone();
    }

    /** Index of a WRITE_ROWS's crossbar in the content table. */
    int index(Instruction in) {
        return in.core() * t.contentStride + in.crossbar();
    }

    /** The slot a crossbar holds, or -1 (also for a crossbar beyond the table). */
    int holds(int core, int index) {
        return index < t.contentStride ? content[core * t.contentStride + index] : -1;
    }

    /** Whether every slot of unit u holds its tile. */
    boolean inPlace(int u) {
        return missing[u] <= 0;
    }

    /**
     * A WRITE_ROWS issues: checks that its crossbar exists and that the unit it held does not still need it;
     * the crossbar holds nothing while it is rewritten.
     */
    void beginWrite(Instruction in, double now, Progress progress) {
        if (in.crossbar() >= t.perCore || in.crossbar() < 0) {
            throw violations.noSuchCrossbar(in, now);
        }
        int x = index(in);
        int slot = placement.slot(in.unit(), in.replica(), in.tile());
        int old = content[x];
        if (old >= 0 && old != slot) {
            Placement.Slot os = placement.slotAt(old);
            if (!progress.unitDone(os.unit()) && os.core() == in.core() && os.index() == in.crossbar()) {
                throw violations.stillNeeded(in, now, os, progress.bandsDone(os.unit()));
            }
            if (os.core() == in.core() && os.index() == in.crossbar()) {
                missing[os.unit()]++;
            }
        }
        if (old != slot) {
            content[x] = -1;
        }
    }

    /** A WRITE_ROWS has completed: the crossbar holds its slot. Returns the slot. */
    int endWrite(Instruction in) {
        int x = index(in);
        int slot = placement.slot(in.unit(), in.replica(), in.tile());
        Placement.Slot sl = placement.slotAt(slot);
        if (content[x] != slot && sl.core() == in.core() && sl.index() == in.crossbar()) {
            missing[in.unit()]--;
        }
        content[x] = slot;
        return slot;
    }
}
