package org.compass.simulator;

import java.util.Arrays;

/**
 * Who waits for what in one run: per stream the condition it is blocked on (its kind and argument, and for a
 * buffer the counter and threshold it waits for), and per condition the list of streams waiting on it. When
 * a condition may have changed, its waiters are woken in the order they blocked: each takes a place in the
 * current instant's FIFO of the {@link EventQueue} and re-checks its condition when its turn comes.
 */
final class Waits {
    // what a stream waits for (also names it in a deadlock message)
    static final int SLOT = 0;
    static final int PART = 1;
    static final int BUF = 2;
    static final int TILE = 3;
    static final int UNIT_WRITES = 4;
    static final int UNIT_DONE = 5;
    static final int LOADS = 6;
    // the buffer counter a stream waits for
    static final int C_NONE = 0;
    static final int C_FILLED = 1;
    static final int C_ARRIVED = 2;
    static final int C_RELEASED = 3;

    private final EventQueue queue;
    private final int[] kind;
    private final int[] arg;
    private final int[] counter;
    private final long[] threshold;

    private final WaitList[] partWait;
    private final WaitList[] bufWait;
    private final WaitList[] tileWait;
    private final WaitList[] unitWriteWait;
    private final WaitList[] unitDoneWait;
    private final WaitList[] loadWait;
    private final WaitList[] slotWait;

    Waits(ProgramTables t, EventQueue queue) {
        this.queue = queue;
        int ns = t.code.length;
        int n = t.units.totalBands.length;
        kind = new int[ns];
        arg = new int[ns];
        counter = new int[ns];
        threshold = new long[ns];
        partWait = new WaitList[t.parts];
        bufWait = new WaitList[t.nb];
        tileWait = new WaitList[t.initialTileWrites.length];
        unitWriteWait = new WaitList[n];
        unitDoneWait = new WaitList[n];
        loadWait = new WaitList[t.cores];
        slotWait = new WaitList[t.cores];
    }

    // blocking: each returns NaN, the issue time of an instruction that must wait

    /** Stream s waits for partition p to end (or, for SYNC_W, for p's writes). */
    double onPartition(int s, int p) {
        return block(s, PART, p, partWait, p);
    }

    /** Stream s waits for a weight tile's LOAD_W. */
    double onTile(int s, int tile) {
        return block(s, TILE, tile, tileWait, tile);
    }

    /** Stream s waits for every write of unit u. */
    double onUnitWrites(int s, int u) {
        return block(s, UNIT_WRITES, u, unitWriteWait, u);
    }

    /** Stream s waits for unit u to finish all its bands. */
    double onUnitDone(int s, int u) {
        return block(s, UNIT_DONE, u, unitDoneWait, u);
    }

    /** Stream s waits for a core's load front to move. */
    double onLoads(int s, int core) {
        return block(s, LOADS, core, loadWait, core);
    }

    /** Stream s waits for a free weight staging slot on a core. */
    double onSlot(int s, int core) {
        return block(s, SLOT, core, slotWait, core);
    }

    /** Stream s waits for a counter of buffer b to reach a threshold. */
    double onBuffer(int s, int b, int c, long value) {
        kind[s] = BUF;
        arg[s] = b;
        counter[s] = c;
        threshold[s] = value;
        WaitList w = bufWait[b];
        if (w == null) {
            w = new WaitList();
            bufWait[b] = w;
        }
        w.add(s);
        return Double.NaN;
    }

    private double block(int s, int k, int a, WaitList[] lists, int i) {
        kind[s] = k;
        arg[s] = a;
        WaitList list = lists[i];
        if (list == null) {
            list = new WaitList();
            lists[i] = list;
        }
        list.add(s);
        return Double.NaN;
    }

    /** Puts stream s back on its buffer's list (its counter has not reached the threshold yet). */
    void requeue(int s) {
        bufWait[arg[s]].add(s);
    }

    /** The buffer counter stream s waits for, or {@link #C_NONE}. */
    int counter(int s) {
        return counter[s];
    }

    long threshold(int s) {
        return threshold[s];
    }

    /** Stream s no longer waits for a buffer counter. */
    void clearCounter(int s) {
        counter[s] = C_NONE;
    }

    /** What stream s waits (or last waited) for. */
    int kind(int s) {
        return kind[s];
    }

    /** The partition, buffer, tile, unit or core stream s waits (or last waited) for. */
    int arg(int s) {
        return arg[s];
    }

    // waking

    void partitionChanged(int p) {
        wake(partWait, p);
    }

    /** A counter of buffer b has grown: its waiters take their turn in the current instant's queue. */
    void bufferChanged(int b) {
        wake(bufWait, b);
    }

    void tileLoaded(int tile) {
        wake(tileWait, tile);
    }

    void unitWritten(int u) {
        wake(unitWriteWait, u);
    }

    void unitDone(int u) {
        wake(unitDoneWait, u);
    }

    void loadsAdvanced(int core) {
        wake(loadWait, core);
    }

    void slotFreed(int core) {
        wake(slotWait, core);
    }

    private void wake(WaitList[] lists, int i) {
        WaitList list = lists[i];
        if (list == null) {
            return;
        }
        for (int k = 0; k < list.n; k++) {
            queue.wakeNow(list.s[k]);
        }
        list.n = 0;
    }

    /** Streams waiting for one condition, in the order they blocked. */
    private static final class WaitList {
        int[] s = new int[4];
        int n;

        void add(int x) {
            if (n == s.length) {
                s = Arrays.copyOf(s, n * 2);
            }
            s[n++] = x;
        }
    }
}
