package org.compass.solver.cost;

import static org.compass.model.Integers.ceilDiv;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.compass.model.hardware.Hardware;
import org.compass.model.mapping.MappedGraph;
import org.compass.model.mapping.Unit;
import java.util.function.BooleanSupplier;

/**
 * The inner problem of a lifetime floor under cost model v2 (docs/cost-model.md, "Lifetime floors under v2"): the
 * replication vectors of one partition that no other vector beats in time T, energy E and slack T - k x rows
 * (k = L / (endurance x chip rows), seconds per row written), by depth-first branch and bound over the weighted
 * units' factors.
 *
 * <p>Why the whole front in slack: a floor sum_p (T_p - k rows_p) &gt;= 0 couples the partitions, so a plan may need,
 * in one partition, a vector that is slower or writes more rows than the time-energy front offers, if it brings
 * more slack. A plan that uses a vector beaten in (T, E, slack) by another of the same units is no better than the
 * plan with the other, and still meets the floor; so the front contains an optimum of every objective under the floor.
 *
 * <p>Why it is exact. Fix the factors of the first d units (branching order); every completion then
 * <ul>
 *   <li>writes at least R_lo = the fixed rows + the open units' rows unreplicated;</li>
 *   <li>has a compute phase between T_comp with every open unit at its fastest factor that fits (own times do not
 *       grow with the factor, stages do not shorten as own times grow: {@link ReplicationSearch}'s bound) and T_comp
 *       with every open unit unreplicated (the same argument the other way);</li>
 *   <li>has T_prog(R) - T_prog(R_lo) &lt;= W(R) - W(R_lo), W(R) = ceil(R / ports) t_row: every term of v2's T_prog
 *       ({@link CostModel#programSeconds}) rises with the rows by at most what the writes do (G(R) = max(g(R0),
 *       g(R*)) with g(R*) = W(R) + h R0 / R*, and R* grows with R); so T_prog(R) - k R &lt;= T_prog(R_lo) - k R_lo +
 *       gain, gain = max over d &gt;= 0 of W(R_lo + d) - W(R_lo) - k d = max(0, t_row - k d1), d1 the rows to the
 *       first row of the next write-port round (for k x ports &gt; t_row the later rounds add less).</li>
 * </ul>
 * Since T = T_prog + max(T_comp, T_io) and E grow with the rows and T_comp, no completion is better than the
 * subtree's <b>bound point</b>: T and E at (R_lo, fastest T_comp), slack at most T(R_lo, slowest T_comp) - k R_lo +
 * gain. A subtree whose bound point a vector found beats (no more time, no more energy, no less slack) is pruned;
 * nothing else is. Factors: where k &gt;= t_row only those that shorten a unit's own time ({@link UsefulFactors}; a
 * factor that does not writes d more rows for the same compute, adding at most ceil(d / ports) t_row &lt;= k d to T_prog,
 * so it never adds slack); below t_row every factor that fits, since the rounding of the writes can then add slack.
 *
 * <p>Cost: exponential in the weighted units in the worst case; a search visits at most {@link #NODE_BUDGET} nodes.
 * One that stops keeps the bound points of the subtrees it left that no vector found beats ({@link Result#floors});
 * a plan search that treats them as options relaxes the problem, and so bounds every plan.
 */
public final class LifetimeFront {

    /**
     * Search nodes one partition's search may visit: deterministic (not a time budget), so every machine finds the
     * same answer.
     */
    public static final long NODE_BUDGET = 20_000;

    /**
     * A point no vector of a subtree the search left beats: time and energy at most theirs, slack at least theirs.
     *
     * @param seconds a floor under the subtree's times (s)
     * @param joules  a floor under its energies (J)
     * @param slack   a ceiling over its slacks T - k x rows (s)
     */
    public record Bound(double seconds, double joules, double slack) {
    }

    /**
     * A partition's front under the floor.
     *
     * @param options  the vectors found that no other found beats in (T, E, slack), by increasing time
     * @param floors   bound points of the subtrees left unexplored that no option beats; empty when complete
     * @param complete whether the search ended within its budget (the options are then the whole front)
     */
    public record Result(List<ReplicationChooser.Option> options, List<Bound> floors, boolean complete) {
    }

    private final CostModel cm;
    private final int[] units;
    private final UnitPositions position;
    private final long chip;
    private final double k;
    private final PartitionLoad least;
    private final int[] order;
    private final int[][] candidates;
    private final long[] minCrossbarsAfter;
    private final long[] minRowsAfter;
    private final int[] replication;
    private final BooleanSupplier stop;
    private final List<ReplicationChooser.Option> archive = new ArrayList<>();
    private final List<Double> slacks = new ArrayList<>();
    private final List<Bound> left = new ArrayList<>();
    private final long budget;
    private long nodes;

    private LifetimeFront(CostModel cm, int[] units, double k, BooleanSupplier stop, long budget) {
        this.budget = budget;
        this.cm = cm;
        this.units = units;
        this.k = k;
        this.stop = stop;
        this.position = cm.positions(units);
        MappedGraph g = cm.problem().graph();
        Hardware hw = cm.problem().hardware();
        this.chip = hw.crossbars();
        int[] ones = new int[units.length];
        Arrays.fill(ones, 1);
        this.least = cm.load(units, ones);
        this.replication = ones.clone();
        this.order = UsefulFactors.branchingOrder(cm, units);
        this.candidates = new int[order.length][];
        int[] factors = cm.problem().replication().toArray();
        for (int d = 0; d < order.length; d++) {
            Unit unit = g.unit(units[order[d]]);
            candidates[d] = k >= hw.rowWriteSeconds() ? UsefulFactors.of(cm, unit, factors, chip).factors()
                    : Arrays.stream(factors).filter(r -> (long) r * unit.crossbars() <= chip).toArray();
        }
        this.minCrossbarsAfter = new long[order.length + 1];
        this.minRowsAfter = new long[order.length + 1];
        for (int d = order.length - 1; d >= 0; d--) {
            Unit unit = g.unit(units[order[d]]);
            minCrossbarsAfter[d] = minCrossbarsAfter[d + 1] + unit.crossbars();
            minRowsAfter[d] = minRowsAfter[d + 1] + unit.rowsWritten();
        }
    }

    /**
     * The front of a partition's replication vectors in (T, E, slack) under cost model v2; no options when the units
     * do not fit on the chip unreplicated.
     *
     * @param units  unit ids, ascending
     * @param k      seconds of plan time each row written must bring; above t_row / write ports (below it every plan
     *               meets the floor and no search is needed)
     * @param stop   stops the search as at its node budget when it turns true (a cancellation, a deadline)
     * @throws IllegalArgumentException under cost model v1, or for k &lt;= t_row / write ports
     */
    public static Result search(CostModel cm, int[] units, double k, BooleanSupplier stop) {
        return search(cm, units, k, stop, NODE_BUDGET);
    }

    /** {@link #search(CostModel, int[], double, BooleanSupplier)} with a node budget of its own (tests stop it early). */
    static Result search(CostModel cm, int[] units, double k, BooleanSupplier stop, long budget) {
        Hardware hw = cm.problem().hardware();
        if (cm.v1() || k * hw.writePorts() <= hw.rowWriteSeconds()) {
            throw new IllegalArgumentException("the lifetime front is for cost model v2 and k above t_row / ports");
        }
        LifetimeFront f = new LifetimeFront(cm, units, k, stop, budget);
        if (f.least.crossbars() > f.chip) {
            return new Result(List.of(), List.of(), true);
        }
        // the unreplicated vector first: a search stopped at once still has a real option
        f.offer(f.replication.clone(), cm.cost(f.least));
        f.depthFirst(0, 0, 0);
        List<Bound> floors = new ArrayList<>();
        for (Bound b : f.left) {
            if (!f.beaten(b.seconds(), b.joules(), b.slack())) {
                floors.add(b);
            }
        }
        List<ReplicationChooser.Option> options = new ArrayList<>(f.archive);
        options.sort(Comparator.comparingDouble((ReplicationChooser.Option o) -> o.cost().seconds())
                .thenComparingDouble(o -> o.cost().joules()));
        return new Result(List.copyOf(options), List.copyOf(floors), f.left.isEmpty());
    }

    /** Branches on the factor of the weighted unit at depth d, the units before it fixed in place. */
    private void depthFirst(int d, long crossbars, long rows) {
        nodes++;
        if (d == order.length) {
            offer(replication.clone(), cm.cost(cm.load(units, replication, least.inBytes(), least.outBytes())));
            return;
        }
        long low = rows + minRowsAfter[d];
        double fast = compute(d, crossbars, true);
        double slow = compute(d, crossbars, false);
        PartitionCost best = cm.cost(least.bound(low, fast));
        double slackCeiling = cm.cost(least.bound(low, slow)).seconds() - k * low + gain(low);
        if (beaten(best.seconds(), best.joules(), slackCeiling)) {
            return;
        }
        if (nodes > budget || stop.getAsBoolean()) {
            left.add(new Bound(best.seconds(), best.joules(), slackCeiling));
            return;
        }
        int i = order[d];
        Unit unit = cm.problem().graph().unit(units[i]);
        // the fastest factor first: fast vectors found early prune the fast subtrees, slow ones come last
        for (int c = candidates[d].length - 1; c >= 0; c--) {
            int r = candidates[d][c];
            long x = crossbars + (long) r * unit.crossbars();
            if (x + minCrossbarsAfter[d + 1] > chip) {
                continue;
            }
            replication[i] = r;
            depthFirst(d + 1, x, rows + (long) r * unit.rowsWritten());
        }
        replication[i] = 1;
    }

    /**
     * T_comp with the first d units as fixed and every other at its fastest factor that fits beside them and the
     * others unreplicated ({@code fastest}), or unreplicated; the open units are left unreplicated afterwards.
     */
    private double compute(int d, long crossbars, boolean fastest) {
        long spare = chip - crossbars - minCrossbarsAfter[d];
        MappedGraph g = cm.problem().graph();
        for (int e = d; e < order.length; e++) {
            int r = 1;
            if (fastest) {
                long xb = g.unit(units[order[e]]).crossbars();
                for (int c : candidates[e]) {
                    if ((long) (c - 1) * xb <= spare) {
                        r = Math.max(r, c);
                    }
                }
            }
            replication[order[e]] = r;
        }
        double seconds = cm.stages(units, replication, position).computeSeconds();
        for (int e = d; e < order.length; e++) {
            replication[order[e]] = 1;
        }
        return seconds;
    }

    /** The most slack writing more than {@code rows} rows can add to T_prog - k x rows: max(0, t_row - k d1). */
    private double gain(long rows) {
        Hardware hw = cm.problem().hardware();
        int ports = hw.writePorts();
        long toNextRound = ceilDiv(rows, ports) * ports + 1 - rows;
        return Math.max(0, hw.rowWriteSeconds() - k * toNextRound);
    }

    /** Whether a vector found has no more time, no more energy and no less slack. */
    private boolean beaten(double seconds, double joules, double slack) {
        for (int a = 0; a < archive.size(); a++) {
            PartitionCost c = archive.get(a).cost();
            if (c.seconds() <= seconds && c.joules() <= joules && slacks.get(a) >= slack) {
                return true;
            }
        }
        return false;
    }

    /** Keeps a vector unless one found beats it, dropping those it beats. */
    private void offer(int[] vector, PartitionCost cost) {
        double slack = cost.seconds() - k * cost.load().rowsWritten();
        if (beaten(cost.seconds(), cost.joules(), slack)) {
            return;
        }
        for (int a = archive.size() - 1; a >= 0; a--) {
            PartitionCost c = archive.get(a).cost();
            if (cost.seconds() <= c.seconds() && cost.joules() <= c.joules() && slack >= slacks.get(a)) {
                archive.remove(a);
                slacks.remove(a);
            }
        }
        archive.add(new ReplicationChooser.Option(vector, cost));
        slacks.add(slack);
    }
}
