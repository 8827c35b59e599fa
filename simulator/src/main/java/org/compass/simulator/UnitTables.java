package org.compass.simulator;

import static org.compass.model.Integers.ceilDiv;

import java.util.List;
import org.compass.model.hardware.Hardware;
import org.compass.model.mapping.Unit;
import org.compass.model.network.Node;

/**
 * Per unit (layer), what one band needs and costs: its reader ids and row dependences on each input buffer
 * (rows needed before band j, rows it releases after), its band counts, and its MVM energy, crossbar busy
 * time, issue time and vector work. A unit's entries are filled when {@link ProgramTables} meets its first
 * MVM or VEC; after that they are only read.
 */
final class UnitTables {
    private final Program program;
    private final Hardware hw;
    private final int batch;
    private final boolean image;

    final int[] replicas;
    final int[] totalBands;
    final int[] bandsPerInput;
    /** Reader id of each input buffer (null until the unit is set up). */
    final int[][] readerIds;
    /** Rows of input i that band j of one input needs: need[u][i][j]. */
    final int[][][] need;
    /** Rows of input i that may be released once band j of one input is done: release[u][i][j]. */
    final int[][][] release;
    final long[] outWidth;
    final long[] outPositions;
    final double[] vectorElements;
    final double[] bandMvmJoules;
    final double[] bandBusySeconds;
    final double[] bandIssueSeconds;

    UnitTables(Program program, Hardware hw, int batch, boolean image) {
        this.program = program;
        this.hw = hw;
        this.batch = batch;
        this.image = image;
        int n = program.graph().size();
        replicas = program.plan().replicationOfUnits(n);
        totalBands = new int[n];
        bandsPerInput = new int[n];
        readerIds = new int[n][];
        need = new int[n][][];
        release = new int[n][][];
        outWidth = new long[n];
        outPositions = new long[n];
        vectorElements = new double[n];
        bandMvmJoules = new double[n];
        bandBusySeconds = new double[n];
        bandIssueSeconds = new double[n];
    }

    /** Fills unit u's entries (once): its inputs become readers of their buffers. */
    void setUp(int u, ReaderIds readers, int[] bufRows) {
        if (readerIds[u] != null) {
            return;
        }
        Unit unit = program.graph().unit(u);
        Node node = program.graph().network().node(unit.nodeId());
        List<Integer> inputs = program.unitInputs(u);
        int k = inputs.size();
        readerIds[u] = new int[k];
        need[u] = new int[k][];
        release[u] = new int[k][];
        for (int i = 0; i < k; i++) {
            int b = inputs.get(i);
            readerIds[u][i] = readers.add(b);
            int[][] dep = Geometry.dependence(node, bufRows[b], image);
            need[u][i] = dep[0];
            release[u][i] = dep[1];
        }
        bandsPerInput[u] = image ? 1 : node.output().height();
        totalBands[u] = batch * bandsPerInput[u];
        outWidth[u] = node.output().width();
        outPositions[u] = node.output().positions();
        // vector work of one band: the node's element operations for one input, spread evenly over its bands
        vectorElements[u] = (double) node.vectorOps() / bandsPerInput[u];
        long positions = image ? node.output().positions() : node.output().width();
        bandMvmJoules[u] = (double) positions * unit.crossbars() * hw.mvmJoulesPerCrossbarStep();
        bandBusySeconds[u] = (double) positions * unit.crossbars() * hw.mvmSeconds();
        if (unit.weighted()) {
            // the band's crossbar MVMs are started by the controllers of the cores holding the unit's tiles, and
            // their input vectors (one per crossbar: its tile's rows of activations) come from those cores'
            // local memories: the band takes at least the busier of the two, shared evenly over the cores
            long hosts = Math.max(1, program.placement().coresHolding(u));
            double issue = (double) positions * unit.crossbars() * hw.mvmIssueSeconds() / hosts;
            double prep = (double) positions * hw.activationBytes(unit.rowsWritten())
                    / (hw.localMemoryBytesPerSecond() * hosts);
            bandIssueSeconds[u] = Math.max(issue, prep);
        }
    }

    /**
     * Seconds the MVMs of band j of one input take: the band ends when both its crossbar steps and the issue (or
     * input preparation) of its positions are done, two progressions that run side by side over the input, so
     * its time is max(S_j t_mvm, (j + 1) I) - max(S_(j-1) t_mvm, j I), with S_j the steps of bands 0..j and I one
     * band's issue time. Over an input it sums to max(steps t_mvm, bands I). Before 2026-12-01 each band took
     * max(its steps t_mvm, I) on its own, which charged the issue of a heavily replicated unit's bands that take
     * no step of their own (a row of 8 positions on 64 replicas: one band in eight has the step) after the step:
     * +22 ns per input on 64 replicas of a 1-crossbar convolution, +13-18% on tiny networks (docs/fidelity.md).
     */
    double bandSeconds(int u, int j, double mvmSeconds) {
        double issue = bandIssueSeconds[u];
        double end = Math.max(stepsBefore(u, j + 1) * mvmSeconds, (j + 1) * issue);
        double start = Math.max(stepsBefore(u, j) * mvmSeconds, j * issue);
        return end - start;
    }

    /**
     * MVM steps of one input's bands 0 to j - 1 on r replicas: output positions interleaved over the replicas (the
     * image pipeline's one band per input takes ceil(positions / r)).
     */
    private long stepsBefore(int u, int j) {
        int r = Math.max(1, replicas[u]);
        if (image) {
            return j * ceilDiv(outPositions[u], r);
        }
        return ceilDiv(j * outWidth[u], r);
    }
}
