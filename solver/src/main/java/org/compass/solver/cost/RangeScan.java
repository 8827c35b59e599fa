package org.compass.solver.cost;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.compass.model.mapping.MappedGraph;
import org.compass.model.mapping.Unit;
import org.compass.model.problem.Objective;

/**
 * Cost model v1: the replication options of the contiguous ranges [i, j) of the unit order for one start i and
 * growing j, kept up to date one unit at a time. The same options as {@link ReplicationChooser#options} of
 * {@code range(i, j)}, bit for bit (the same sums in the same order), without a pass over the range per range.
 *
 * <p>Per added unit: O(its inputs + the units whose last reader it is) for the DRAM bytes in and out, O(d) for
 * the sums by MVM step count (d distinct step counts among the range's weighted units). Per range:
 * O(d * c) for its c = O(d * |R|) candidate periods, independent of the range's length. So a DP over n units
 * with ranges of up to w units costs O(n * w * d^2 * |R|) instead of O(n * w * (w + c)) (and O(n) per range
 * before, for a flag per unit of the graph).
 *
 * <p>An option's replication is not built by the scan (that would cost O(w) per range): {@link Choice#period}
 * names it, and {@link #replication(int, int, long)} spells it out for the ranges a plan keeps.
 */
public final class RangeScan {

    /** One option of a range: its cost and the candidate period whose least replication it is. */
    public record Choice(PartitionCost cost, long period) {
    }

    private final CostModel cm;
    private final MappedGraph g;
    private final int[] factors;
    private final long chip;
    /** The range's DRAM bytes per input. */
    private final RangeBytes bytes;

    private int end;
    private long inBytes;
    private long outBytes;
    private long weightBytes;
    private long crossbarSteps;
    private long tiles;
    private long tileRows;
    private double fill;
    private int depth;
    /** Distinct MVM step counts of the range's weighted units and their crossbars and rows. */
    private long[] steps = new long[8];
    private long[] crossbarsOf = new long[8];
    private long[] rowsOf = new long[8];
    private int distinct;
    private long[] candidates = new long[64];

    /** A scan for a cost model v1 problem ({@link #applies}). */
    public RangeScan(CostModel cm) {
        if (!cm.v1()) {
            throw new IllegalArgumentException("RangeScan: cost model v1 only");
        }
        this.cm = cm;
        this.g = cm.problem().graph();
        this.factors = cm.problem().replication().toArray();
        this.chip = cm.problem().hardware().crossbars();
        this.bytes = new RangeBytes(g);
    }

    /** Whether a scan applies: cost model v1 (v2's replication needs a search per range). */
    public static boolean applies(CostModel cm) {
        return cm.v1();
    }

    /** Starts the empty range [i, i). */
    public void start(int i) {
        bytes.start(i);
        end = i;
        inBytes = 0;
        outBytes = 0;
        weightBytes = 0;
        crossbarSteps = 0;
        tiles = 0;
        tileRows = 0;
        fill = 0;
        depth = 0;
        distinct = 0;
    }

    /** The range's end (exclusive). */
    public int end() {
        return end;
    }

    /** Adds the next unit: [i, j) becomes [i, j + 1). */
    public void extend() {
        int v = end;
        Unit unit = g.unit(v);
        bytes.add(v);
        inBytes = bytes.inBytes();
        outBytes = bytes.outBytes();
        if (unit.weighted()) {
            weightBytes += unit.weightBytes();
            fill += unit.fillSteps();
            depth++;
            crossbarSteps += unit.mvmSteps() * unit.crossbars();
            tiles += unit.crossbars();
            tileRows += unit.rowsWritten();
            int d = 0;
            while (d < distinct && steps[d] != unit.mvmSteps()) {
                d++;
            }
            if (d == distinct) {
                if (distinct == steps.length) {
                    steps = Arrays.copyOf(steps, 2 * distinct);
                    crossbarsOf = Arrays.copyOf(crossbarsOf, 2 * distinct);
                    rowsOf = Arrays.copyOf(rowsOf, 2 * distinct);
                }
                steps[d] = unit.mvmSteps();
                crossbarsOf[d] = 0;
                rowsOf[d] = 0;
                distinct++;
            }
            crossbarsOf[d] += unit.crossbars();
            rowsOf[d] += unit.rowsWritten();
        }
        end++;
    }

    /** The options of the current range, as {@link ReplicationChooser#options} lists them (v1). */
    public List<Choice> choices() {
        List<Choice> out = new ArrayList<>();
        scanChoices(out, null);
        return out;
    }

    /** The best option of the current range for an objective ({@link ReplicationChooser#better}), or null. */
    public Choice best(Objective objective) {
        return scanChoices(null, objective);
    }

    /** Lists every option in {@code out}, or returns the best for {@code objective} when out is null. */
    private Choice scanChoices(List<Choice> out, Objective objective) {
        if (distinct == 0) {
            Choice only = new Choice(cm.cost(cm.loadV1(0, 0, weightBytes, 0, fill, depth, inBytes, outBytes,
                    crossbarSteps, tiles, tileRows)), 0);
            if (out != null) {
                out.add(only);
            }
            return only;
        }
        int rmax = factors[factors.length - 1];
        long minPeriod = 0;
        int c = 0;
        if (candidates.length < distinct * factors.length) {
            candidates = new long[distinct * factors.length];
        }
        for (int d = 0; d < distinct; d++) {
            minPeriod = Math.max(minPeriod, ceilDiv(steps[d], rmax));
            for (int r : factors) {
                candidates[c++] = ceilDiv(steps[d], r);
            }
        }
        Arrays.sort(candidates, 0, c);
        long lastPeriod = -1;
        Choice best = null;
        for (int k = c - 1; k >= 0; k--) {
            long p = candidates[k];
            if (k < c - 1 && p == candidates[k + 1]) {
                continue;
            }
            if (p < minPeriod) {
                break;
            }
            long crossbars = 0;
            long rows = 0;
            long actual = 0;
            for (int d = 0; d < distinct; d++) {
                int r = ReplicationChooser.leastFactor(factors, steps[d], p);
                crossbars += r * crossbarsOf[d];
                rows += r * rowsOf[d];
                actual = Math.max(actual, ceilDiv(steps[d], r));
            }
            if (crossbars > chip) {
                break; // shorter periods need at least as many crossbars
            }
            if (actual != lastPeriod) {
                Choice o = new Choice(cm.cost(cm.loadV1(crossbars, rows, weightBytes, actual, fill, depth, inBytes,
                        outBytes, crossbarSteps, tiles, tileRows)), p);
                if (out != null) {
                    out.add(o);
                } else if (best == null || ReplicationChooser.better(o.cost(), best.cost(), objective)) {
                    best = o;
                }
                lastPeriod = actual;
            }
        }
        return best;
    }

    /** The replication of range [from, to) that a choice's period stands for: per unit, the least factor. */
    public int[] replication(int from, int to, long period) {
        int[] rep = new int[to - from];
        for (int u = from; u < to; u++) {
            Unit unit = g.unit(u);
            rep[u - from] = unit.weighted() ? ReplicationChooser.leastFactor(factors, unit.mvmSteps(), period) : 1;
        }
        return rep;
    }

    /** A choice of range [from, to) as the option {@link ReplicationChooser} would give. */
    public ReplicationChooser.Option option(int from, int to, Choice choice) {
        return new ReplicationChooser.Option(replication(from, to, choice.period()), choice.cost());
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
