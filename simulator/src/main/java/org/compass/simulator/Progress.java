package org.compass.simulator;

/**
 * How far one run has got: per partition the streams still running, the writes done, its end and the end of
 * its program phase; per unit the bands and the writes done. Reaching a milestone wakes who waits for it
 * (a barrier, SYNC_W, SYNC_U, FREE_X).
 */
final class Progress {
    private final ProgramTables t;
    private final Waits waits;
    private final int[] streamsLeft;
    private final int[] writesDone;
    private final boolean[] partDone;
    private final double[] partEnd;
    private final double[] programDone;
    private final int[] bandsDone;
    private final int[] unitWritesDone;

    Progress(ProgramTables t, Waits waits) {
        this.t = t;
        this.waits = waits;
        streamsLeft = t.initialStreams.clone();
        writesDone = new int[t.parts];
        partDone = new boolean[t.parts];
        partEnd = new double[t.parts];
        programDone = new double[t.parts];
        int n = t.units.totalBands.length;
        bandsDone = new int[n];
        unitWritesDone = new int[n];
    }

    /** Whether every stream of partition p has finished. */
    boolean partitionDone(int p) {
        return partDone[p];
    }

    /** Whether every write of partition p is done. */
    boolean writesDone(int p) {
        return writesDone[p] >= t.writesPlanned[p];
    }

    /** Whether every write of unit u is done. */
    boolean unitWritten(int u) {
        return unitWritesDone[u] >= t.unitWritesPlanned[u];
    }

    /** Whether unit u has done all its bands. */
    boolean unitDone(int u) {
        return bandsDone[u] >= t.units.totalBands[u];
    }

    int bandsDone(int u) {
        return bandsDone[u];
    }

    double partitionEnd(int p) {
        return partEnd[p];
    }

    double programDone(int p) {
        return programDone[p];
    }

    /** A stream of partition p has run its last instruction; the last one ends the partition. */
    void streamFinished(int p, double now) {
        if (--streamsLeft[p] == 0) {
            partDone[p] = true;
            partEnd[p] = now;
            if (t.writesPlanned[p] == 0) {
                programDone[p] = p > 0 ? partEnd[p - 1] : 0;
            }
            waits.partitionChanged(p);
        }
    }

    /** A WRITE_ROWS of unit u in partition p has completed. */
    void written(int u, int p, double now) {
        if (++unitWritesDone[u] == t.unitWritesPlanned[u]) {
            waits.unitWritten(u);
        }
        if (++writesDone[p] == t.writesPlanned[p]) {
            programDone[p] = now;
            waits.partitionChanged(p);
        }
    }

    /** A band of unit u has completed. */
    void bandDone(int u) {
        if (++bandsDone[u] == t.units.totalBands[u]) {
            waits.unitDone(u);
        }
    }
}
