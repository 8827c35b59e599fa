package org.compass.solver.cost;

import java.util.Arrays;
import org.compass.model.mapping.MappedGraph;
import org.compass.model.mapping.Tensor;
import org.compass.model.mapping.Unit;

/**
 * The DRAM bytes per input of the contiguous ranges [i, j) of the unit order for one start i and growing j, kept up
 * to date one unit at a time: {@link CostModel#inBytes(int[])} and {@link CostModel#outBytes(int[])} of
 * {@code range(i, j)}, the same integers, without a pass over the range per range. Shared by the range scans of
 * both cost models ({@link RangeScan}, {@link RangeFloorScan}).
 *
 * <p>Per added unit: O(its inputs + the units whose last reader it is), by a stamp per tensor (counted once per
 * start) and the units' last readers.
 */
final class RangeBytes {

    private final MappedGraph g;
    /** Per unit: the largest id of a unit reading its output, -1 when none. */
    private final int[] lastReader;
    /** Per unit: whether its output is a network output. */
    private final boolean[] output;
    /** Units whose output's last reader is v: lastReadStart[v] .. lastReadStart[v + 1] in lastRead. */
    private final int[] lastReadStart;
    private final int[] lastRead;
    /** Per tensor: the scan that counted it as read from outside. */
    private final int[] counted;
    private int scan;
    private int start;
    private long inBytes;
    private long outBytes;

    RangeBytes(MappedGraph g) {
        this.g = g;
        int n = g.size();
        lastReader = new int[n];
        output = new boolean[n];
        int[] count = new int[n + 1];
        for (int u = 0; u < n; u++) {
            Tensor t = g.tensor(g.unit(u).outputTensor());
            int last = -1;
            for (int c : t.consumers()) {
                last = Math.max(last, c);
            }
            lastReader[u] = last;
            output[u] = t.networkOutput();
            if (last >= 0) {
                count[last + 1]++;
            }
        }
        lastReadStart = new int[n + 1];
        for (int v = 0; v < n; v++) {
            lastReadStart[v + 1] = lastReadStart[v] + count[v + 1];
        }
        lastRead = new int[lastReadStart[n]];
        int[] next = Arrays.copyOf(lastReadStart, n);
        for (int u = 0; u < n; u++) {
            if (lastReader[u] >= 0) {
                lastRead[next[lastReader[u]]++] = u;
            }
        }
        counted = new int[g.tensors().size()];
        Arrays.fill(counted, -1);
    }

    /** Starts the empty range [i, i). */
    void start(int i) {
        scan++;
        start = i;
        inBytes = 0;
        outBytes = 0;
    }

    /** Adds unit v, the range's next unit: [i, v) becomes [i, v + 1). */
    void add(int v) {
        Unit unit = g.unit(v);
        for (int t : unit.inputTensors()) {
            Tensor tensor = g.tensor(t);
            if (tensor.producer() < start && counted[t] != scan) {
                counted[t] = scan;
                inBytes += tensor.bytes();
            }
        }
        // outputs whose last reader is v stop leaving the range (unless they are network outputs)
        for (int k = lastReadStart[v]; k < lastReadStart[v + 1]; k++) {
            int u = lastRead[k];
            if (u >= start && !output[u]) {
                outBytes -= g.tensor(g.unit(u).outputTensor()).bytes();
            }
        }
        if (output[v] || lastReader[v] > v) {
            outBytes += g.tensor(unit.outputTensor()).bytes();
        }
    }

    /** Bytes per input the range loads: tensors produced before it (or network inputs) and read in it, once each. */
    long inBytes() {
        return inBytes;
    }

    /** Bytes per input the range stores: tensors produced in it and read after it, or network outputs. */
    long outBytes() {
        return outBytes;
    }
}
