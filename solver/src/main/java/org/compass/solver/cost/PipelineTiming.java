package org.compass.solver.cost;

import static org.compass.model.Integers.ceilDiv;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.compass.model.hardware.Hardware;
import org.compass.model.mapping.MappedGraph;
import org.compass.model.mapping.Tensor;
import org.compass.model.mapping.Unit;
import org.compass.model.network.LayerKind;
import org.compass.model.network.Node;
import org.compass.model.network.Window;
import org.compass.model.problem.PipelineMode;
import org.compass.model.problem.Problem;

/**
 * The compute phase of a partition in cost model v2 ({@code docs/cost-model.md}, "Compute, v2"): a pipeline of
 * stages, one per unit, each starting when its producers have made the rows (or, in the image pipeline, the
 * whole input) its first band needs, running at its own replicated rate or the rate of its slowest producer,
 * and ending after its own batch or a few bands after its last producer, whichever is later. Part of the cost
 * model: only {@link CostModel} uses it.
 *
 * <p>The tables that depend only on the network and the chip (bands per input, rows needed by the first band,
 * bands left after a producer's last row, vector work) are built once; one evaluation is O(units + edges).
 */
final class PipelineTiming {

    /** Start and end of each stage (seconds after the compute phase starts) and the phase's length. */
    record Stages(double[] start, double[] end, double[] rate, double computeSeconds, double periodSeconds) {
    }

    private final MappedGraph g;
    private final Hardware hw;
    private final int batch;
    private final boolean image;
    private final int[] bands;
    private final double[] vectorSeconds;
    private final int[][] firstNeed;    // unit, input -> producer bands the unit's first band needs
    private final int[][] tailBands;    // unit, input -> bands of the unit that need the producer's last band
    private final double[] bandBytes;   // tensor -> bytes of one band for one input
    private final int[] tensorBands;    // tensor -> bands of one input
    private final int[] factorIndex;    // replication factor r -> its place among the problem's factors, -1 other
    private final double[] ownTable;    // unit * factorCount + place -> own time (every stage evaluation reads them)
    private final int factorCount;

    PipelineTiming(Problem problem) {
        this.g = problem.graph();
        this.hw = problem.hardware();
        this.batch = problem.batch();
        this.image = problem.pipeline() == PipelineMode.IMAGE;
        int n = g.size();
        Map<String, Node> inputNodes = new HashMap<>();
        for (Node node : g.network().nodes()) {
            if (node.kind() == LayerKind.INPUT) {
                inputNodes.put(node.name(), node);
            }
        }
        int[] tensorRows = new int[g.tensors().size()];
        bandBytes = new double[tensorRows.length];
        tensorBands = new int[tensorRows.length];
        for (Tensor t : g.tensors()) {
            Node producer = t.producer() >= 0 ? g.network().node(g.unit(t.producer()).nodeId())
                    : inputNodes.get(t.name());
            tensorRows[t.id()] = producer == null ? 1 : producer.output().height();
            tensorBands[t.id()] = image ? 1 : tensorRows[t.id()];
            bandBytes[t.id()] = (double) t.bytes() / tensorBands[t.id()];
        }
        bands = new int[n];
        vectorSeconds = new double[n];
        firstNeed = new int[n][];
        tailBands = new int[n][];
        // a vector band is split over every core's vector unit (the simulator's rule, docs/simulator.md)
        double vectorOpsPerSecond = hw.vectorBytesPerSecond() * 8 / hw.activationBits() * hw.cores();
        for (int u = 0; u < n; u++) {
            Unit unit = g.unit(u);
            Node node = g.network().node(unit.nodeId());
            bands[u] = image ? 1 : node.output().height();
            vectorSeconds[u] = unit.weighted() ? 0 : node.vectorOps() / vectorOpsPerSecond;
            int k = unit.inputTensors().size();
            firstNeed[u] = new int[k];
            tailBands[u] = new int[k];
            for (int i = 0; i < k; i++) {
                int t = unit.inputTensors().get(i);
                int inRows = tensorRows[t];
                if (image) {
                    firstNeed[u][i] = 1;
                    tailBands[u][i] = 1;
                } else {
                    firstNeed[u][i] = need(node, inRows, 0);
                    int tail = 0;
                    for (int j = bands[u] - 1; j >= 0 && need(node, inRows, j) >= inRows; j--) {
                        tail++;
                    }
                    tailBands[u][i] = Math.max(1, tail);
                }
            }
        }
        int[] factors = problem.replication().toArray();
        factorIndex = new int[Arrays.stream(factors).max().orElse(0) + 1];
        Arrays.fill(factorIndex, -1);
        for (int f = 0; f < factors.length; f++) {
            factorIndex[factors[f]] = f;
        }
        factorCount = factors.length;
        ownTable = new double[n * factors.length];
        for (int u = 0; u < n; u++) {
            for (int f = 0; f < factors.length; f++) {
                ownTable[u * factors.length + f] = computeOwnSeconds(g.unit(u), factors[f]);
            }
        }
    }

    /**
     * The store of a unit's last output band (one row in the row pipeline, a whole input in the image pipeline):
     * after the stage has made it, before the partition ends, when the output leaves the partition.
     */
    double storeSeconds(Unit unit) {
        return bandBytes[unit.outputTensor()] / hw.dramBytesPerSecond();
    }

    /**
     * Whether a unit's output leaves its partition (a network output, or read by a unit {@code position} places
     * outside). A position that answers for every later unit ({@link UnitPositions#from}) keeps only network outputs.
     */
    private boolean leaves(Unit unit, UnitPositions position) {
        Tensor t = g.tensor(unit.outputTensor());
        if (t.networkOutput()) {
            return true;
        }
        for (int c : t.consumers()) {
            if (position.of(c) < 0) {
                return true;
            }
        }
        return false;
    }

    /** Rows of an input of height {@code inRows} that output row j of a node needs (row pipeline). */
    static int need(Node node, int inRows, int j) {
        Window w = node.window();
        LayerKind kind = node.kind();
        boolean windowed = w != null && (kind == LayerKind.CONV || kind == LayerKind.MAX_POOL
                || kind == LayerKind.AVG_POOL);
        if (windowed) {
            long last = (long) j * w.strideH() - w.padH() + (long) (w.kernelH() - 1) * w.dilationH();
            return (int) Math.max(1, Math.min(inRows, last + 1));
        }
        boolean rowwise = inRows == node.output().height() && kind != LayerKind.GLOBAL_AVG_POOL
                && kind != LayerKind.FLATTEN && kind != LayerKind.SOFTMAX && kind != LayerKind.MATMUL
                && kind != LayerKind.RESHAPE;
        return rowwise ? j + 1 : inRows;
    }

    /**
     * Own time of a unit for one input: a weighted unit's MVM steps on its replicas, or longer when its cores'
     * controllers cannot start its crossbars' MVMs or their local memories cannot prepare its input vectors
     * that fast (its tiles spread over up to one core each, as placement does: docs/cost-model.md); an unweighted
     * unit's vector work.
     */
    double ownSeconds(Unit unit, int r) {
        int f = r < factorIndex.length ? factorIndex[r] : -1;
        return f < 0 ? computeOwnSeconds(unit, r) : ownTable[unit.id() * factorCount + f];
    }

    /** {@link #ownSeconds}, computed: read from a table for the problem's replication factors. */
    private double computeOwnSeconds(Unit unit, int r) {
        if (!unit.weighted()) {
            return vectorSeconds[unit.id()];
        }
        long crossbars = (long) r * unit.crossbars();
        long hosts = Math.min(hw.cores(), crossbars);
        double steps = ceilDiv(unit.mvmSteps(), r) * hw.mvmSeconds();
        double issue = (double) unit.mvmSteps() * unit.crossbars() * hw.mvmIssueSeconds() / hosts;
        double prep = (double) unit.mvmSteps() * hw.activationBytes(unit.rowsWritten())
                / (hw.localMemoryBytesPerSecond() * hosts);
        return Math.max(steps, Math.max(issue, prep));
    }

    /**
     * The edges inside a partition, per position, as the chain bound ({@link ChainBound}) reads them: built once per partition
     * so that each of the many floors a replication search computes walks arrays only.
     *
     * @param producers     per position: the positions of its producers inside the partition
     * @param hops          parallel: seconds from a band made to a band usable (0 for a vector op's first input)
     * @param need          parallel: the producer's bands the first band needs, at most the producer's bands
     * @param tails         parallel: the stage's bands that need the producer's last band
     * @param bands         per position: the stage's own bands per input
     */
    record Inbound(int[][] producers, double[][] hops, int[][] need, int[][] tails, int[] bands) {
    }

    /**
     * {@link Inbound} for a partition.
     *
     * @param units    unit ids, ascending
     * @param position the units' places: {@code position.of(units[i]) = i}, -1 outside
     */
    Inbound inbound(int[] units, UnitPositions position) {
        int k = units.length;
        Inbound in = new Inbound(new int[k][], new double[k][], new int[k][], new int[k][], new int[k]);
        for (int i = 0; i < k; i++) {
            Unit unit = g.unit(units[i]);
            int u = unit.id();
            int n = firstNeed[u].length;
            int[] producers = new int[n];
            double[] hops = new double[n];
            int[] need = new int[n];
            int[] tails = new int[n];
            in.bands[i] = bands[u];
            int inside = 0;
            boolean sameCore = !unit.weighted();
            for (int j = 0; j < n; j++) {
                Tensor t = g.tensor(unit.inputTensors().get(j));
                int q = position.of(t.producer());
                if (q < 0) {
                    continue;
                }
                hops[inside] = sameCore ? 0 : bandBytes[t.id()] / hw.linkBytesPerSecond() + hw.linkLatencySeconds();
                sameCore = false;
                producers[inside] = q;
                need[inside] = Math.min(firstNeed[u][j], bands[units[q]]);
                tails[inside] = tailBands[u][j];
                inside++;
            }
            in.producers[i] = Arrays.copyOf(producers, inside);
            in.hops[i] = Arrays.copyOf(hops, inside);
            in.need[i] = Arrays.copyOf(need, inside);
            in.tails[i] = Arrays.copyOf(tails, inside);
        }
        return in;
    }

    /** Bands per input of a unit's stage (output rows in the row pipeline, 1 in the image pipeline). */
    int bands(int unit) {
        return bands[unit];
    }

    /** Bands per input of a tensor. */
    int tensorBands(int tensor) {
        return tensorBands[tensor];
    }

    /** Bytes of one band of a tensor for one input. */
    double bandBytes(int tensor) {
        return bandBytes[tensor];
    }

    /**
     * A run over a whole partition ({@link #stages}) in which every DRAM input's band takes at least
     * {@code sharedRound} seconds, a round of the DRAM channel shared by the partition's loads and stores
     * ({@link DramExcess}; the cost model's stages give each input the channel alone).
     */
    Run sharedRun(int[] units, int[] replication, UnitPositions position, double sharedRound) {
        Run run = new Run(position, units.length);
        run.sharedRound = sharedRound;
        for (int i = 0; i < units.length; i++) {
            run.own[i] = ownSeconds(g.unit(units[i]), Math.max(1, replication[i]));
        }
        run.advance(units, units.length);
        return run;
    }

    /**
     * The stages of a partition.
     *
     * @param units       unit ids, ascending (a topological order)
     * @param replication replication of each unit, parallel to units
     * @param position    the units' places: {@code position.of(units[i]) = i}, -1 for units outside the partition
     */
    Stages stages(int[] units, int[] replication, UnitPositions position) {
        Run run = new Run(position, units.length);
        for (int i = 0; i < units.length; i++) {
            run.own[i] = ownSeconds(g.unit(units[i]), Math.max(1, replication[i]));
        }
        run.advance(units, units.length);
        return run.stages();
    }

    /**
     * A partition's stages built one unit at a time, in topological order: a unit's stage depends only on its
     * producers inside the partition, which precede it, so the stages of units [i, j + 1) are those of [i, j) and
     * one more. {@link #stages} is one run over a partition; {@link RangeFloorScan} keeps one run per start of a
     * contiguous range as the range grows. The same arithmetic in the same order either way, so the results agree
     * bit for bit.
     */
    final class Run {
        private final UnitPositions position;
        private double[] start;
        private double[] end;
        private double[] rate;      // seconds per input in steady state: own time or slowest producer's
        private double[] own;
        private double[] firstEnd;  // when the stage has made all of the first input
        private int[] one; // the id of a unit added alone
        private int k;
        private double compute;
        private double period;
        private double pooled;
        private double issue;
        private double prep;
        private double link;
        // when positive: the seconds of one round of the partition's DRAM loads, one band of each input in turn,
        // which each DRAM input's band then takes at least ({@link DramExcess} only; the cost model's stages
        // load each input as if it had the channel alone)
        private double sharedRound;

        /**
         * @param position the places of the partition's units: position k for the k-th unit added, -1 outside
         * @param capacity units expected (the arrays grow beyond it)
         */
        Run(UnitPositions position, int capacity) {
            this.position = position;
            int c = Math.max(1, capacity);
            start = new double[c];
            end = new double[c];
            rate = new double[c];
            own = new double[c];
            firstEnd = new double[c];
        }

        /** Adds the stage of the next unit of the partition, whose own time for one input is {@code ownSeconds}. */
        void add(Unit unit, double ownSeconds) {
            if (k == start.length) {
                int c = 2 * k;
                start = Arrays.copyOf(start, c);
                end = Arrays.copyOf(end, c);
                rate = Arrays.copyOf(rate, c);
                own = Arrays.copyOf(own, c);
                firstEnd = Arrays.copyOf(firstEnd, c);
            }
            own[k] = ownSeconds;
            if (one == null) {
                one = new int[1];
            }
            one[0] = unit.id();
            advance(one, 1);
        }

        /**
         * Adds the stages of units {@code ids[0 .. count)}, the partition's next ones, whose own times are already
         * in {@code own} at their positions. One loop for a whole partition ({@link #stages}) or one unit
         * ({@link #add}), with the run's state in locals.
         */
        private void advance(int[] ids, int count) {
            double[] start = this.start;
            double[] end = this.end;
            double[] rate = this.rate;
            double[] own = this.own;
            double[] firstEnd = this.firstEnd;
            double compute = this.compute;
            double period = this.period;
            double pooled = this.pooled;
            double issue = this.issue;
            double prep = this.prep;
            double link = this.link;
            int i = k;
            for (int m = 0; m < count; m++, i++) {
                Unit unit = g.unit(ids[m]);
                int u = unit.id();
                double s = 0;
                double e = own[i];
                double tailEnd = 0;
                double tailFirst = 0;
                double bandSeconds = own[i] / bands[u];
                boolean sameCore = !unit.weighted(); // a vector op runs on the core of its first producer inside
                for (int j = 0; j < firstNeed[u].length; j++) {
                    Tensor t = g.tensor(unit.inputTensors().get(j));
                    int p = t.producer();
                    int q = position.of(p);
                    if (q >= 0) {
                        double producerBand = rate[q] / bands[p];
                        // a band that crosses cores arrives one link transfer after it is made, and the edge's
                        // bands follow each other over one link (docs/cost-model.md, "hops")
                        double hop = sameCore ? 0
                                : bandBytes[t.id()] / hw.linkBytesPerSecond() + hw.linkLatencySeconds();
                        sameCore = false;
                        // the producer's first band at its own rate, the following ones at its steady rate, but no
                        // later than the producer has made all of the first input (a slow stage upstream sets the
                        // steady rate, not how fast the first input's rows come)
                        s = Math.max(s, Math.min(firstEnd[q],
                                start[q] + own[q] / bands[p] + (firstNeed[u][j] - 1) * producerBand) + hop);
                        e = Math.max(e, Math.max(rate[q], hop * tensorBands[t.id()]));
                        tailEnd = Math.max(tailEnd, end[q] + hop + tailBands[u][j] * bandSeconds);
                        tailFirst = Math.max(tailFirst, firstEnd[q] + hop + tailBands[u][j] * bandSeconds);
                        link += t.bytes();
                    } else {
                        // loaded from DRAM band by band
                        double bandLoad = bandBytes[t.id()] / hw.dramBytesPerSecond();
                        s = Math.max(s, firstNeed[u][j] * bandLoad);
                        e = Math.max(e, bandLoad * tensorBands[t.id()]);
                        if (sharedRound > 0) {
                            // the input's bands one per round of the shared channel, the stage's last bands after its
                            // last one
                            double last = Math.max(bandLoad, sharedRound) * tensorBands[t.id()];
                            s = Math.max(s, firstNeed[u][j] * Math.max(bandLoad, sharedRound));
                            tailFirst = Math.max(tailFirst, last + tailBands[u][j] * bandSeconds);
                            tailEnd = Math.max(tailEnd, last + (batch - 1) * e + tailBands[u][j] * bandSeconds);
                        }
                    }
                }
                start[i] = s;
                rate[i] = e;
                end[i] = Math.max(s + own[i] + (batch - 1) * e, tailEnd);
                firstEnd[i] = Math.max(s + own[i], tailFirst);
                compute = Math.max(compute, end[i]);
                if (leaves(unit, position)) {
                    // an output that leaves the partition: its last band is stored after the stage has made it
                    compute = Math.max(compute, end[i] + storeSeconds(unit));
                }
                period = Math.max(period, e);
                if (unit.weighted()) {
                    issue += (double) unit.mvmSteps() * unit.crossbars() * hw.mvmIssueSeconds();
                    prep += (double) unit.mvmSteps() * hw.activationBytes(unit.rowsWritten())
                            / hw.localMemoryBytesPerSecond();
                } else {
                    pooled += vectorSeconds[u];
                }
            }
            k = i;
            this.compute = compute;
            this.period = period;
            this.pooled = pooled;
            this.issue = issue;
            this.prep = prep;
            this.link = link;
        }

        /**
         * The most the partition needs per input of any chip-wide resource: every input needs the partition's
         * vector work, MVM starts, input preparation and internal traffic, each shared by all cores.
         */
        private double chip() {
            return Math.max(Math.max(pooled, issue / hw.cores()),
                    Math.max(prep / hw.cores(), link / (hw.linkBytesPerSecond() * hw.cores())));
        }

        /** When the stage added k-th ends: its last band of the batch (seconds after the compute phase starts). */
        double end(int k) {
            return end[k];
        }

        /** When the stage added k-th starts its first band (seconds after the compute phase starts). */
        double start(int k) {
            return start[k];
        }

        /** The own time for one input of the stage added k-th (seconds). */
        double own(int k) {
            return own[k];
        }

        /** When the stage added k-th has made all of the first input. */
        double firstEnd(int k) {
            return firstEnd[k];
        }

        /** T_comp of the units added so far. */
        double computeSeconds() {
            return Math.max(compute, batch * chip());
        }

        /** The period of the units added so far: the slowest stage or chip-wide resource per input. */
        double periodSeconds() {
            return Math.max(period, chip());
        }

        /** The stages of the units added so far (sharing this run's arrays when they are full: add no more). */
        Stages stages() {
            return new Stages(trimmed(start), trimmed(end), trimmed(rate), computeSeconds(), periodSeconds());
        }

        private double[] trimmed(double[] a) {
            return a.length == k ? a : Arrays.copyOf(a, k);
        }
    }
}
