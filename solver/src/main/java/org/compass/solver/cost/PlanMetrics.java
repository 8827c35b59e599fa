package org.compass.solver.cost;

import org.compass.model.hardware.Hardware;
import org.compass.model.mapping.MappedGraph;
import org.compass.model.mapping.Tensor;
import org.compass.model.mapping.Unit;
import org.compass.model.problem.InferencePhase;
import org.compass.model.problem.Problem;
import org.compass.solver.plan.Partition;
import org.compass.solver.plan.Plan;

/**
 * The whole-plan figures of the {@link CostModel} beyond time and energy: the DRAM peak at partition
 * boundaries, the per-token metrics of a decoder (docs/llm.md) and what resident weights hold and save. Part of
 * the cost model (it has no other caller), kept apart from the per-partition timing.
 */
final class PlanMetrics {

    private final CostModel cm;
    private final Problem problem;
    private final MappedGraph graph;
    private final Hardware hw;

    PlanMetrics(CostModel cm) {
        this.cm = cm;
        this.problem = cm.problem();
        this.graph = problem.graph();
        this.hw = problem.hardware();
    }

    /**
     * The most activation bytes alive in DRAM at once, times B. At a partition boundary (before the first partition,
     * between two, after the last): tensors produced before the boundary (network inputs at the start) and read after
     * it, or kept as network outputs or as part of a decoder's KV cache (which stays across decode steps). Cost model
     * v2 also counts the rise within a partition (docs/cost-model.md, "A batch"): with A and A' the bytes per input
     * alive at its start and end and X the excess of one input ({@link DramExcess#excess}: outputs stored
     * while inputs that leave DRAM after this partition are still being loaded), each input repeats that excess as
     * the batch streams through, so the partition holds at most (B - 1) max(A, A') + A + X. O(units + reads) over
     * the plan, plus each partition's stages once.
     */
    long dramPeakBytes(Plan plan) {
        return peakBytes(plan, !cm.v1());
    }

    /** The most activation bytes alive in DRAM at a partition boundary, times B (cost model v1's DRAM peak). */
    long boundaryPeakBytes(Plan plan) {
        return peakBytes(plan, false);
    }

    private long peakBytes(Plan plan, boolean within) {
        int[] part = plan.partitionOfUnits(graph.size());
        int parts = plan.size();
        // a tensor is alive at boundaries produced + 1 .. lastUse: add its bytes there by a difference array,
        // O(tensors + reads + partitions)
        long[] change = new long[parts + 2];
        // the last partition that loads each tensor from DRAM (-1: none), where it leaves DRAM unless kept
        int[] lastLoad = new int[graph.tensors().size()];
        for (Tensor t : graph.tensors()) {
            int produced = t.producer() < 0 ? -1 : part[t.producer()];
            // network outputs and the KV cache (cached and appended keys and values) stay to the end
            int lastUse = t.keptInDram() ? parts : -1;
            int loaded = -1;
            for (int c : t.consumers()) {
                lastUse = Math.max(lastUse, part[c]);
                if (part[c] != produced) {
                    loaded = Math.max(loaded, part[c]);
                }
            }
            lastLoad[t.id()] = t.keptInDram() ? -1 : loaded;
            if (produced + 1 <= lastUse) {
                change[produced + 1] += t.bytes();
                change[lastUse + 1] -= t.bytes();
            }
        }
        long[] alive = new long[parts + 1];
        long peak = 0;
        long running = 0;
        for (int b = 0; b <= parts; b++) {
            running += change[b];
            alive[b] = running;
            peak = Math.max(peak, running * problem.batch());
        }
        if (!within) {
            return peak;
        }
        long batch = problem.batch();
        for (int p = 0; p < parts; p++) {
            Partition pt = plan.partitions().get(p);
            int[] units = pt.unitArray();
            int q = p;
            double excess = cm.dramExcess(units, pt.replicationArray(), t -> lastLoad[t] == q);
            if (excess > 0) {
                long during = (batch - 1) * Math.max(alive[p], alive[p + 1]) + alive[p] + (long) Math.ceil(excess);
                peak = Math.max(peak, during);
            }
        }
        return peak;
    }

    /**
     * What a plan's resident units hold and save: their crossbars, the share of the chip and of the network's weight
     * bytes, the one-time program that writes them (rows, and T_prog of those rows and bytes, not charged to the
     * steady state), and the lifetime if the resident crossbars stay where they are (the streamed rows then wear
     * only the other crossbars; {@link Evaluation#lifetimeSeconds} assumes ideal levelling over the whole chip, the
     * resident region moved now and then).
     */
    ResidentMetrics residentMetrics(Plan plan, long residentCrossbars, long streamedRows, double latency) {
        int[] rep = plan.replicationOfUnits(graph.size());
        long rowsOnce = 0;
        long bytes = 0;
        long tiles = 0;
        long tileRows = 0;
        for (int u : plan.resident()) {
            Unit unit = graph.unit(u);
            rowsOnce += (long) rep[u] * unit.rowsWritten();
            bytes += unit.weightBytes();
            tiles += unit.crossbars();
            tileRows += unit.rowsWritten();
        }
        long allBytes = 0;
        for (Unit unit : graph.units()) {
            allBytes += unit.weighted() ? unit.weightBytes() : 0;
        }
        double setup = cm.programSeconds(new PartitionLoad(residentCrossbars, rowsOnce, bytes, 0, 0, 0, 0, 0, 0, 0, 0,
                tiles, tileRows));
        long streamingRows = (hw.crossbars() - residentCrossbars) * (long) hw.crossbarRows();
        double fixed = streamedRows == 0 || streamingRows <= 0 ? Double.POSITIVE_INFINITY
                : cm.lifetimeSeconds(streamedRows / (double) streamingRows / latency);
        return new ResidentMetrics(plan.resident().size(), residentCrossbars,
                (double) residentCrossbars / hw.crossbars(), bytes, allBytes == 0 ? 0 : (double) bytes / allBytes,
                rowsOnce, setup, fixed);
    }

    /**
     * Per-token metrics of a plan with the given batch latency and energy, and the KV cache's bytes (null without an
     * inference phase). Cached keys and values are network inputs read by the partitions that use them (each once,
     * as every DRAM input: {@link CostModel#inBytes}); new entries are network outputs stored by their producer's partition
     * (and loaded back by any other partition whose attention reads them).
     */
    TokenMetrics tokenMetrics(Plan plan, double latency, double energy, long rowsWritten) {
        InferencePhase phase = problem.phase();
        if (!phase.isLlm()) {
            return null;
        }
        int[] part = plan.partitionOfUnits(graph.size());
        long footprint = 0;
        long read = 0;
        long written = 0;
        for (Tensor t : graph.tensors()) {
            if (!t.kvCache()) {
                continue;
            }
            footprint += t.bytes();
            if (t.producer() >= 0) {
                written += t.bytes();
            }
            // loaded once by every partition that reads it (a new entry: by those other than its producer's)
            java.util.BitSet readers = new java.util.BitSet();
            for (int c : t.consumers()) {
                readers.set(part[c]);
            }
            if (t.producer() >= 0) {
                readers.clear(part[t.producer()]);
            }
            read += t.bytes() * readers.cardinality();
        }
        long b = problem.batch();
        long tokens = problem.tokensPerBatch();
        boolean prefill = phase.kind() == InferencePhase.Kind.PREFILL;
        return new TokenMetrics(phase, tokens, tokens / latency, energy / tokens, prefill ? latency : Double.NaN,
                prefill ? Double.NaN : latency, b * footprint, b * read, b * written, (double) rowsWritten / tokens);
    }
}
