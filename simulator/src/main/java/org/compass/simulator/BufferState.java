package org.compass.simulator;

/**
 * The buffers' counters in one run: per buffer the rows filled (by its producer, a LOAD_A or a RECV), the
 * rows arrived (SENDs from another core) and the rows released (the smallest release mark of its readers),
 * and the bytes it occupies in its core's memory; per reader id its release mark. Each growth of a counter
 * wakes the buffer's waiters ({@link Waits#bufferChanged}), each change of the rows held re-counts the bytes.
 */
final class BufferState {
    private final ProgramTables t;
    private final CoreMemory memory;
    private final Waits waits;
    private final long[] filled;
    private final long[] arrived;
    private final long[] minRel;
    private final long[] occ;
    private final long[] mark;

    BufferState(ProgramTables t, CoreMemory memory, Waits waits) {
        this.t = t;
        this.memory = memory;
        this.waits = waits;
        filled = new long[t.nb];
        arrived = new long[t.nb];
        minRel = new long[t.nb];
        occ = new long[t.nb];
        mark = new long[t.readerCount];
    }

    long filled(int b) {
        return filled[b];
    }

    long arrived(int b) {
        return arrived[b];
    }

    /** Rows of buffer b its readers have released (without readers: all it holds). */
    long release(int b) {
        return t.bufReaders[b].length == 0 ? Math.max(filled[b], arrived[b]) : minRel[b];
    }

    /** The value of one of buffer b's counters ({@link Waits#C_FILLED} and so on). */
    long count(int b, int counter) {
        return switch (counter) {
            case Waits.C_FILLED -> filled[b];
            case Waits.C_ARRIVED -> arrived[b];
            default -> release(b);
        };
    }

    /** Rows filled into buffer b (not yet re-counted: call {@link #refresh}). */
    void fill(int b, long rows) {
        filled[b] += rows;
    }

    /** Rows arrived at buffer b from another core. */
    void arrive(int b, long rows) {
        arrived[b] += rows;
    }

    /** A counter of buffer b has grown: its waiters take their turn in the current instant's queue. */
    void changed(int b) {
        waits.bufferChanged(b);
    }

    /** Moves a reader's release mark up to value; when the buffer's released rows grow, frees their bytes. */
    void setMark(int reader, long value, Instruction in, double now) {
        if (value <= mark[reader]) {
            return;
        }
        mark[reader] = value;
        int b = t.markBuf[reader];
        long m = Long.MAX_VALUE;
        for (int r : t.bufReaders[b]) {
            m = Math.min(m, mark[r]);
        }
        if (m > minRel[b]) {
            minRel[b] = m;
            refresh(b, in, now);
            changed(b);
        }
    }

    /** Re-counts a buffer's occupied bytes and checks the core's capacity. */
    void refresh(int b, Instruction in, double now) {
        long held = Math.max(filled[b], arrived[b]);
        long now0 = Math.max(0, t.bytes(b, held) - t.bytes(b, Math.min(held, release(b))));
        memory.allocate(t.bufCore[b], now0 - occ[b], in, now);
        occ[b] = now0;
    }
}
