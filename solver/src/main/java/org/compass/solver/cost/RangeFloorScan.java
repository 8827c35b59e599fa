package org.compass.solver.cost;

import org.compass.model.mapping.MappedGraph;
import org.compass.model.mapping.Unit;

/**
 * Cost model v2: for the contiguous ranges [i, j) of the unit order, one start i and growing j, a floor under the
 * cost of every replication of the range, kept up to date one unit at a time; and whether that floor is the
 * range's exact optimum. What the lazy DP of cost model v2 prices every range with before it prices any by
 * {@link ReplicationChooser#quick} (O(range) per range, from scratch): O(the added unit's inputs + |R|) per range.
 *
 * <p><b>The floor.</b> The cost of a load with the range's unreplicated rows and a compute phase of the stages
 * ({@link PipelineTiming}) in which each unit takes the least own time it can reach when it joins the range: its
 * fastest replication factor whose extra crossbars fit in the crossbars the range then leaves spare. It is valid
 * for every replication of [i, j) and every j after: a range's time and energy do not decrease with the rows
 * written or the compute phase ({@link ReplicationSearch}'s bound rests on the same), every replication writes at
 * least the unreplicated rows, the stages' starts, rates and ends do not decrease with any unit's own time, and no
 * replication that fits gives a unit a shorter own time (the spare crossbars only shrink as the range grows). It is
 * also at most {@link ReplicationChooser#quick}'s floor: the root bound of the replication search has the same
 * rows and a compute phase at least that of the stages with every unit at its fastest factor within the range's
 * final spare crossbars, which is at least this one (the same arithmetic on larger own times, and rounding is
 * monotone).
 *
 * <p><b>Exact ranges.</b> When no weighted unit of the range has a replication factor that fits on the chip and
 * shortens its own time ({@link #exact}), every unit's own time is its unreplicated one, the floor is the cost of
 * the range unreplicated, bit for bit as {@link CostModel#cost(int[], int[])} computes it (the same stage run), and
 * that replication is the range's proven optimum: every other vector has the same stages and more rows. It is then
 * exactly the option {@link ReplicationChooser#quick} gives: the period rule's first option is the unreplicated
 * one, no later option is better (same compute, more rows), and the root bound, with the same rows and a compute
 * phase no shorter, does not fall below it.
 */
public final class RangeFloorScan {

    private final CostModel cm;
    private final MappedGraph g;
    private final long chip;
    /** Per unit: replication factors that fit on the chip and shorten its own time, ascending ({1} at least). */
    private final int[][] factors;
    /** Per unit, parallel: its own time (seconds per input) at each of those factors, decreasing. */
    private final double[][] own;
    private final RangeBytes bytes;

    private int first;
    private int end;
    private PipelineTiming.Run run;
    private int capacity = 16;
    private long crossbars;
    private long rows;
    private long weightBytes;
    private long period;
    private double fill;
    private int depth;
    private long crossbarSteps;
    private long tiles;
    private long tileRows;
    private boolean exact;
    // the stores of the last bands of the range's outputs that later units read (RangeFloorScan's run keeps only
    // network outputs' stores): their ends, each with the last unit that reads it; an output leaves [first, end)
    // while that unit is at or after end
    private final java.util.PriorityQueue<double[]> stores =
            new java.util.PriorityQueue<>((a, b) -> Double.compare(b[0], a[0]));
    private final int[] lastReader;

    /** A scan for a cost model v2 problem ({@link #applies}). */
    public RangeFloorScan(CostModel cm) {
        if (!applies(cm)) {
            throw new IllegalArgumentException("RangeFloorScan: cost model v2 only");
        }
        this.cm = cm;
        this.g = cm.problem().graph();
        this.chip = cm.problem().hardware().crossbars();
        int[] replication = cm.problem().replication().toArray();
        int n = g.size();
        factors = new int[n][];
        own = new double[n][];
        for (int u = 0; u < n; u++) {
            Unit unit = g.unit(u);
            // the factors ReplicationSearch tries: each shortens the unit's own time
            UsefulFactors useful = UsefulFactors.of(cm, unit, unit.weighted() ? replication : new int[] {1}, chip);
            factors[u] = useful.factors();
            own[u] = useful.own();
        }
        this.bytes = new RangeBytes(g);
        lastReader = new int[n];
        for (int u = 0; u < n; u++) {
            int last = -1;
            for (int c : g.tensor(g.unit(u).outputTensor()).consumers()) {
                last = Math.max(last, c);
            }
            lastReader[u] = last;
        }
    }

    /** Whether a scan applies: cost model v2 (v1 has {@link RangeScan}). */
    public static boolean applies(CostModel cm) {
        return !cm.v1();
    }

    /** Starts the empty range [i, i). */
    public void start(int i) {
        bytes.start(i);
        first = i;
        end = i;
        run = cm.stageRun(UnitPositions.from(i), capacity);
        crossbars = 0;
        rows = 0;
        weightBytes = 0;
        period = 0;
        fill = 0;
        depth = 0;
        crossbarSteps = 0;
        tiles = 0;
        tileRows = 0;
        exact = true;
        stores.clear();
    }

    /** The range's end (exclusive). */
    public int end() {
        return end;
    }

    /** The range's crossbars unreplicated. */
    public long crossbars() {
        return crossbars;
    }

    /** Adds the next unit: [i, j) becomes [i, j + 1). */
    public void extend() {
        int v = end;
        Unit unit = g.unit(v);
        bytes.add(v);
        // the same sums, in the same order, as CostModel.load of the range unreplicated
        if (unit.weighted()) {
            period = Math.max(period, unit.mvmSteps());
            fill += unit.fillSteps();
            depth++;
            crossbarSteps += unit.mvmSteps() * unit.crossbars();
            crossbars += unit.crossbars();
            rows += unit.rowsWritten();
            weightBytes += unit.weightBytes();
            tiles += unit.crossbars();
            tileRows += unit.rowsWritten();
        }
        // the unit's fastest factor within the crossbars spare now; the range only grows, so they only shrink
        long spare = chip - crossbars;
        int[] f = factors[v];
        int k = 0;
        while (k + 1 < f.length && (long) (f[k + 1] - 1) * unit.crossbars() <= spare) {
            k++;
        }
        exact &= f.length == 1;
        run.add(unit, own[v][k]);
        if (lastReader[v] > v) {
            stores.add(new double[] {run.end(end - first) + cm.storeSeconds(unit), lastReader[v]});
        }
        end++;
        capacity = Math.max(capacity, end - first);
    }

    /**
     * Whether no weighted unit of the range has a factor that fits on the chip and shortens its own time: then
     * {@link #floor} is the range's cost unreplicated and no replication beats it.
     */
    public boolean exact() {
        return exact;
    }

    /**
     * A floor under the cost of every replication of the range; when {@link #exact}, the cost of the range
     * unreplicated, its proven optimum.
     */
    public PartitionCost floor() {
        // the outputs that later units read leave the range while their last reader is at or after its end
        while (!stores.isEmpty() && stores.peek()[1] < end) {
            stores.poll();
        }
        double compute = run.computeSeconds();
        if (!stores.isEmpty()) {
            compute = Math.max(compute, stores.peek()[0]);
        }
        PartitionLoad load = new PartitionLoad(crossbars, rows, weightBytes, period, fill, depth, bytes.inBytes(),
                bytes.outBytes(), crossbarSteps, run.periodSeconds(), compute, tiles, tileRows);
        return cm.cost(load);
    }
}
