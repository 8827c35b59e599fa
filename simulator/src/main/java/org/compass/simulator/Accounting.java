package org.compass.simulator;

import java.util.ArrayList;
import java.util.List;
import org.compass.model.hardware.Hardware;

/**
 * What one run measures: per partition the rows written, the DRAM bytes, the energy of writes, DRAM
 * traffic and MVMs and the busy crossbar-seconds, and the events executed; at the end it assembles the
 * {@link SimulationResult} (totals, static energy, utilizations and per-partition traces).
 */
final class Accounting {
    private final ProgramTables t;
    private final Hardware hw;
    private final long[] partRows;
    private final long[] partDram;
    private final double[] partWriteJ;
    private final double[] partDramJ;
    private final double[] partMvmJ;
    private final double[] partBusy;
    private long events;
    private final long[] crossbarRows;
    private final long[] crossbarWrites;
    private long kvRead;
    private long kvWritten;

    Accounting(ProgramTables t) {
        this.t = t;
        this.hw = t.hw;
        partRows = new long[t.parts];
        partDram = new long[t.parts];
        partWriteJ = new double[t.parts];
        partDramJ = new double[t.parts];
        partMvmJ = new double[t.parts];
        partBusy = new double[t.parts];
        crossbarRows = new long[t.cores * t.perCore];
        crossbarWrites = new long[t.cores * t.perCore];
    }

    /** A write of {@code rows} rows onto crossbar {@code index} of a core (one that exists: the run checked it). */
    void crossbarWritten(int core, int index, long rows) {
        crossbarRows[core * t.perCore + index] += rows;
        crossbarWrites[core * t.perCore + index]++;
    }

    /** One instruction or band executed. */
    void event() {
        events++;
    }

    /** Rows programmed into a crossbar by partition p. */
    void rowsWritten(int p, long rows) {
        partRows[p] += rows;
        partWriteJ[p] += rows * hw.rowWriteJoules();
    }

    /** Bytes moved to or from DRAM by partition p. */
    void dramTraffic(int p, long bytes) {
        partDram[p] += bytes;
        partDramJ[p] += bytes * hw.dramJoulesPerByte();
    }

    /** Bytes of the KV cache read from DRAM (part of the DRAM traffic already counted). */
    void kvRead(long bytes) {
        kvRead += bytes;
    }

    /** Bytes of new KV-cache entries stored to DRAM (part of the DRAM traffic already counted). */
    void kvWritten(long bytes) {
        kvWritten += bytes;
    }

    /** One MVM band of partition p. */
    void mvm(int p, double joules, double busySeconds) {
        partMvmJ[p] += joules;
        partBusy[p] += busySeconds;
    }

    /** The result of the finished run. */
    SimulationResult result(Progress progress, long dramPeak, long peakBuffer) {
        double latency = 0;
        List<PartitionTrace> traces = new ArrayList<>();
        double write = 0;
        double dramJ = 0;
        double mvm = 0;
        long dramB = 0;
        long rows = 0;
        double allocated = 0;
        double busy = 0;
        int[][] perCore = t.program.placement().crossbarsPerCore(t.parts, t.cores);
        for (int p = 0; p < t.parts; p++) {
            double start = p == 0 ? 0 : progress.partitionEnd(p - 1);
            double end = progress.partitionEnd(p);
            int xbars = 0;
            for (int c : perCore[p]) {
                xbars += Math.min(c, t.perCore);
            }
            traces.add(new PartitionTrace(p, start, Math.max(start, progress.programDone(p)), end, xbars,
                    partRows[p], partDram[p], partWriteJ[p], partDramJ[p], partMvmJ[p], partBusy[p]));
            latency = Math.max(latency, end);
            write += partWriteJ[p];
            dramJ += partDramJ[p];
            mvm += partMvmJ[p];
            dramB += partDram[p];
            rows += partRows[p];
            allocated += xbars * (end - start);
            busy += partBusy[p];
        }
        double stat = hw.staticWatts() * latency;
        double chipSeconds = hw.crossbars() * latency;
        return new SimulationResult(latency, write + dramJ + mvm + stat, write, dramJ, mvm, stat, dramB, dramPeak,
                rows, chipSeconds > 0 ? allocated / chipSeconds : 0, chipSeconds > 0 ? busy / chipSeconds : 0,
                peakBuffer, events, traces, kvRead, kvWritten, new CrossbarWrites(t.perCore, hw.crossbarRows(),
                        crossbarRows, crossbarWrites));
    }
}
