package org.compass.solver.cost;

import java.util.Arrays;
import java.util.function.IntPredicate;
import org.compass.model.hardware.Hardware;
import org.compass.model.mapping.MappedGraph;
import org.compass.model.mapping.Tensor;
import org.compass.model.mapping.Unit;

/**
 * Cost model v2: how far the activations in DRAM rise within a partition above its level at the partition's
 * start, for the DRAM peak ({@link PlanMetrics}; docs/cost-model.md, "A batch"). Part of the cost model: it reads
 * the partition's stages ({@link PipelineTiming}) and never the simulator. O(units + edges) per stage run, at most
 * three runs per partition, plus sorting the partition's DRAM inputs.
 */
final class DramExcess {

    private final PipelineTiming timing;
    private final MappedGraph g;
    private final Hardware hw;

    DramExcess(PipelineTiming timing, MappedGraph g, Hardware hw) {
        this.timing = timing;
        this.g = g;
        this.hw = hw;
    }

    /**
     * How far the activations in DRAM rise above their level at a partition's start while its compute phase
     * streams one input (bytes per input; docs/cost-model.md, "A batch"). The partition's outputs are stored band
     * by band as its stages make them, while an input tensor that no later partition loads leaves DRAM only once its
     * loads are done. The loads of all its DRAM inputs start with the compute phase and take the DRAM channel one band
     * of each in turn (a tensor of H bands is loaded when every input has moved min(its bands, H) bands), the stores
     * made meanwhile in between, so a round of the channel takes R = (the inputs' band bytes + the stores made in it)
     * / bandwidth. The stages are run with each DRAM input's band taking at least R (the cost model's stages give
     * each input the channel alone); a freed tensor's loads end at t_x, when the channel has moved its share of the
     * loads and the stores made by then, and R is the latest t_x over its bands (three rounds of that fixed point).
     * The excess is the largest, over the freed tensors, of the bytes stored by t_x less the freed tensors gone
     * before; 0 when no input is freed here (the stores then only add up to the partition's end, a boundary).
     *
     * @param units       unit ids, ascending
     * @param replication replication of each unit, parallel to units
     * @param position    the units' places
     * @param freed       whether an input tensor (produced outside the partition or a network input) leaves DRAM
     *                    after this partition's loads of it
     */
    double excess(int[] units, int[] replication, UnitPositions position, IntPredicate freed) {
        // inputs, each tensor once, in order of their bands
        int count = 0;
        for (int u : units) {
            count += g.unit(u).inputTensors().size();
        }
        int[] read = new int[count];
        int k = 0;
        for (int u : units) {
            for (int t : g.unit(u).inputTensors()) {
                int producer = g.tensor(t).producer();
                if (producer < 0 || position.of(producer) < 0) {
                    read[k++] = t;
                }
            }
        }
        Arrays.sort(read, 0, k);
        int n = 0;
        boolean anyFreed = false;
        for (int i = 0; i < k; i++) {
            if (i == 0 || read[i] != read[i - 1]) {
                read[n++] = read[i];
                anyFreed |= freed.test(read[i]);
            }
        }
        if (!anyFreed) {
            return 0;
        }
        long[] sorted = new long[n];
        for (int i = 0; i < n; i++) {
            sorted[i] = ((long) timing.tensorBands(read[i]) << 32) | read[i];
        }
        Arrays.sort(sorted);
        int[] in = new int[n];
        double round = 0;
        for (int i = 0; i < n; i++) {
            in[i] = (int) sorted[i];
            round += timing.bandBytes(in[i]) / hw.dramBytesPerSecond();
        }
        double bw = hw.dramBytesPerSecond();
        Outputs out = new Outputs(units.length);
        double excess = 0;
        for (int pass = 0; pass < 3; pass++) {
            out.run(units, replication, position, round);
            excess = 0;
            double latest = round;
            double done = 0;      // bytes of the inputs with fewer bands than the current group
            double perBand = 0;   // bytes per band of the inputs with at least the current group's bands
            for (int i = 0; i < n; i++) {
                perBand += timing.bandBytes(in[i]);
            }
            double gone = 0;      // freed bytes of the groups before
            for (int i = 0; i < n; ) {
                int h = timing.tensorBands(in[i]);
                int j = i;
                double groupBytes = 0;
                double groupFreed = 0;
                while (j < n && timing.tensorBands(in[j]) == h) {
                    long b = g.tensor(in[j]).bytes();
                    groupBytes += b;
                    groupFreed += freed.test(in[j]) ? b : 0;
                    j++;
                }
                if (groupFreed > 0) {
                    // the loads end once the channel has moved them and the stores made meanwhile
                    double loads = done + h * perBand;
                    double at = loads / bw;
                    for (int it = 0; it < 64; it++) {
                        double next = (loads + out.stored(at)) / bw;
                        if (next <= at * (1 + 1e-9)) {
                            break;
                        }
                        at = next;
                    }
                    latest = Math.max(latest, at / h);
                    excess = Math.max(excess, out.stored(at) - gone);
                }
                for (int m = i; m < j; m++) {
                    perBand -= timing.bandBytes(in[m]);
                }
                done += groupBytes;
                gone += groupFreed;
                i = j;
            }
            if (latest <= round * (1 + 1e-9)) {
                break;
            }
            round = latest;
        }
        return excess;
    }

    /**
     * The outputs of a partition that leave it (read by a later partition or network outputs) and when their stages
     * make them for the first input, from a run of the stages in which every DRAM input's band takes at least a given
     * round of the channel.
     */
    private final class Outputs {
        private final double[] bytes;
        private final double[] first;
        private final double[] end;
        private final int[] bands;
        private int count;

        Outputs(int capacity) {
            bytes = new double[capacity];
            first = new double[capacity];
            end = new double[capacity];
            bands = new int[capacity];
        }

        void run(int[] units, int[] replication, UnitPositions position, double round) {
            PipelineTiming.Run run = timing.sharedRun(units, replication, position, round);
            count = 0;
            for (int i = 0; i < units.length; i++) {
                Unit unit = g.unit(units[i]);
                Tensor t = g.tensor(unit.outputTensor());
                boolean leaves = t.networkOutput();
                for (int c : t.consumers()) {
                    leaves |= position.of(c) < 0;
                }
                if (leaves) {
                    int h = timing.bands(unit.id());
                    bytes[count] = t.bytes();
                    bands[count] = h;
                    first[count] = Math.min(run.firstEnd(i), run.start(i) + run.own(i) / h);
                    end[count] = run.firstEnd(i);
                    count++;
                }
            }
        }

        /** Bytes stored by time t: each output's bands made evenly from its first band's end to its first input's. */
        double stored(double t) {
            double s = 0;
            for (int o = 0; o < count; o++) {
                if (t >= end[o]) {
                    s += bytes[o];
                } else if (t >= first[o]) {
                    double made = 1 + (bands[o] - 1) * (t - first[o]) / (end[o] - first[o]);
                    s += bytes[o] * made / bands[o];
                }
            }
            return s;
        }
    }
}
