package org.compass.solver;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.compass.model.mapping.MappedGraph;
import org.compass.model.mapping.Unit;
import org.compass.model.problem.Objective;

/**
 * The inner problem under cost model v2, solved exactly: the replication vectors of one partition that no other
 * vector beats, by depth-first branch and bound over the weighted units' replication factors.
 *
 * <p>Why a search: in v2 replicating a unit shortens not only the pipeline period but also the fill (the unit's
 * first band is ready sooner, so its consumers start sooner), so v1's rule "the least replication for each
 * period" misses optima; {@code DpBruteForceTest} shows instances where it does.
 *
 * <p>Why it is exact: a partition's time and energy ({@link CostModel#cost(PartitionLoad)}) do not decrease when
 * the rows written or the compute phase grow; rows grow with every replication factor, while the compute phase
 * depends on the factors only through each unit's own time, which does not grow with its factor. So once some
 * units' factors are fixed, no completion costs less than the load with the fixed units' rows plus the others'
 * unreplicated rows, and the compute phase with every other unit at its fastest factor. A subtree whose bound
 * cannot beat what is known is skipped; nothing else is. Factors that do not shorten a unit's own time are
 * dominated (more rows, same compute) and never tried.
 *
 * <p>Cost: exponential in the worst case, so a search visits at most {@link #NODE_BUDGET} nodes; when it stops
 * early its options carry floors ({@link ReplicationChooser.Option#floorSeconds}) that no vector it did not see
 * can beat, from which the formulations derive an honest bound instead of a proof.
 */
final class ReplicationSearch {

    /** What the search keeps: the best vector for an objective, or every vector not dominated in time and energy. */
    private interface Goal {
        /** Whether no completion costing at least {@code bound} can be kept. */
        boolean prunes(PartitionCost bound);

        void offer(int[] replication, PartitionCost cost);
    }

    private final CostModel cm;
    private final int[] units;
    private final int[] position;
    private final long chip;
    private final PartitionLoad least;       // every unit unreplicated: rows, bytes, constant terms
    private final int[] order;               // positions in units of the weighted units, in branching order
    private final int[][] candidates;        // per weighted unit (branching order): factors that shorten its own time
    private final long[] minCrossbarsAfter;  // crossbars of the units after each depth, unreplicated
    private final long[] minRowsAfter;       // rows of the units after each depth, unreplicated
    private final double[][] own;            // per weighted unit (branching order): own time at each candidate
    private final int[] replication;         // the vector being built: fixed, or fastest for units not yet fixed
    private final Cancellation cancel;
    private long nodes;
    private double openSeconds = Double.POSITIVE_INFINITY; // least bound of the subtrees left unexplored
    private double openJoules = Double.POSITIVE_INFINITY;

    /**
     * Search nodes one search may visit. The search is exact when it ends within them; otherwise it reports
     * the least bound of what it left unexplored, so that no formulation claims a proof it does not have.
     * Deterministic (not a time budget), so results do not depend on the machine; docs/cost-model.md measures
     * what it proves and costs.
     */
    static final long NODE_BUDGET = 2_000;

    private ReplicationSearch(CostModel cm, int[] units, Cancellation cancel) {
        this.cancel = cancel;
        this.cm = cm;
        this.units = units;
        this.position = cm.positions(units);
        MappedGraph g = cm.problem().graph();
        this.chip = cm.problem().hardware().crossbars();
        int[] factors = cm.problem().replication().toArray();
        int[] ones = new int[units.length];
        Arrays.fill(ones, 1);
        this.least = cm.load(units, ones);
        List<Integer> weighted = new ArrayList<>();
        for (int i = 0; i < units.length; i++) {
            if (g.unit(units[i]).weighted()) {
                weighted.add(i);
            }
        }
        // the slowest units first: their factors decide the most
        weighted.sort(Comparator.comparingDouble((Integer i) -> -cm.ownSeconds(g.unit(units[i]), 1)));
        this.order = weighted.stream().mapToInt(Integer::intValue).toArray();
        this.candidates = new int[order.length][];
        this.own = new double[order.length][];
        this.replication = ones.clone();
        for (int d = 0; d < order.length; d++) {
            Unit unit = g.unit(units[order[d]]);
            List<Integer> useful = new ArrayList<>();
            List<Double> times = new ArrayList<>();
            for (int r : factors) {
                if ((long) r * unit.crossbars() > chip) {
                    break;
                }
                double t = cm.ownSeconds(unit, r);
                if (times.isEmpty() || t < times.get(times.size() - 1)) {
                    useful.add(r);
                    times.add(t);
                }
            }
            candidates[d] = useful.stream().mapToInt(Integer::intValue).toArray();
            own[d] = times.stream().mapToDouble(Double::doubleValue).toArray();
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
     * The replication vectors of a partition not dominated in (seconds, joules), one per distinct cost, sorted by
     * time; empty when the units do not fit on the chip unreplicated.
     *
     * @param units unit ids, ascending
     */
    static List<ReplicationChooser.Option> front(CostModel cm, int[] units, List<ReplicationChooser.Option> seeds) {
        return front(cm, units, seeds, Cancellation.NEVER);
    }

    /**
     * {@link #front(CostModel, int[], List)}, stopping as at the node budget when {@code cancel} is cancelled:
     * the options then carry the floor of what was left unexplored.
     */
    static List<ReplicationChooser.Option> front(CostModel cm, int[] units, List<ReplicationChooser.Option> seeds,
                                                 Cancellation cancel) {
        List<ReplicationChooser.Option> archive = new ArrayList<>();
        Goal goal = new Goal() {
            @Override
            public boolean prunes(PartitionCost bound) {
                for (ReplicationChooser.Option o : archive) {
                    if (o.cost().seconds() <= bound.seconds() && o.cost().joules() <= bound.joules()) {
                        return true;
                    }
                }
                return false;
            }

            @Override
            public void offer(int[] replication, PartitionCost cost) {
                if (prunes(cost)) {
                    return;
                }
                archive.removeIf(o -> cost.seconds() <= o.cost().seconds() && cost.joules() <= o.cost().joules());
                archive.add(new ReplicationChooser.Option(replication, cost));
            }
        };
        for (ReplicationChooser.Option seed : seeds) {
            goal.offer(seed.replication(), seed.cost());
        }
        ReplicationSearch search = new ReplicationSearch(cm, units, cancel);
        search.run(goal);
        archive.sort(Comparator.comparingDouble((ReplicationChooser.Option o) -> o.cost().seconds()));
        if (!search.complete()) {
            // the front may miss points: every option carries the floor of what was not explored
            archive.replaceAll(o -> o.withFloor(Math.min(search.openSeconds, o.cost().seconds()),
                    Math.min(search.openJoules, o.cost().joules())));
        }
        return archive;
    }

    /**
     * The best replication vector of a partition for an objective ({@link ReplicationChooser#better}), or null
     * when the units do not fit on the chip unreplicated.
     *
     * @param seed a known vector to start from (pruning), or null
     */
    static ReplicationChooser.Option best(CostModel cm, int[] units, Objective objective, ReplicationChooser.Option seed) {
        return best(cm, units, objective, seed, Cancellation.NEVER);
    }

    /**
     * {@link #best(CostModel, int[], Objective, ReplicationChooser.Option)}, stopping as at the node budget when
     * {@code cancel} is cancelled: the option then carries the floor of what was left unexplored.
     */
    static ReplicationChooser.Option best(CostModel cm, int[] units, Objective objective, ReplicationChooser.Option seed,
                                          Cancellation cancel) {
        ReplicationChooser.Option[] best = {seed};
        Goal goal = new Goal() {
            @Override
            public boolean prunes(PartitionCost bound) {
                return best[0] != null && !ReplicationChooser.better(bound, best[0].cost(), objective);
            }

            @Override
            public void offer(int[] replication, PartitionCost cost) {
                if (!prunes(cost)) {
                    best[0] = new ReplicationChooser.Option(replication, cost);
                }
            }
        };
        ReplicationSearch search = new ReplicationSearch(cm, units, cancel);
        search.run(goal);
        if (best[0] == null || search.complete()) {
            return best[0];
        }
        return best[0].withFloor(Math.min(search.openSeconds, best[0].cost().seconds()),
                Math.min(search.openJoules, best[0].cost().joules()));
    }

    private void run(Goal goal) {
        if (least.crossbars() > chip) {
            return;
        }
        search(0, 0, 0, goal);
    }

    /** Branches on the factor of the weighted unit at depth d, the units before it fixed. */
    private void search(int d, long crossbars, long rows, Goal goal) {
        nodes++;
        // the others at their fastest factor that fits beside the fixed units and the others unreplicated
        long spare = chip - crossbars - minCrossbarsAfter[d];
        MappedGraph g = cm.problem().graph();
        for (int e = d; e < order.length; e++) {
            long xb = g.unit(units[order[e]]).crossbars();
            int fastest = 1;
            for (int r : candidates[e]) {
                if ((r - 1) * xb > spare) {
                    break;
                }
                fastest = r;
            }
            replication[order[e]] = fastest;
        }
        // a stage ends at least B own times after it starts, and it cannot start before it does with every other
        // unit at its fastest; the spare crossbars can speed up only so many of the units not yet fixed
        PipelineTiming.Stages fast = cm.stages(units, replication, position);
        PartitionCost bound = cm.cost(least.bound(rows + minRowsAfter[d], fast.computeSeconds()));
        if (goal.prunes(bound)) {
            return;
        }
        double compute = latestEndReachable(d, spare, fast.start());
        if (compute > fast.computeSeconds()) {
            bound = cm.cost(least.bound(rows + minRowsAfter[d], compute));
            if (goal.prunes(bound)) {
                return;
            }
        }
        if ((nodes > NODE_BUDGET || cancel.isCancelled()) && d < order.length) {
            openSeconds = Math.min(openSeconds, bound.seconds());
            openJoules = Math.min(openJoules, bound.joules());
            return;
        }
        if (d == order.length) {
            // the bound is the vector's own cost here: rows and compute are both exact
            goal.offer(replication.clone(), cm.cost(cm.load(units, replication, least.inBytes(), least.outBytes())));
            return;
        }
        int i = order[d];
        Unit unit = g.unit(units[i]);
        // the fastest factor that fits first: good vectors early make the bounds prune more
        for (int k = candidates[d].length - 1; k >= 0; k--) {
            int r = candidates[d][k];
            long x = crossbars + (long) r * unit.crossbars();
            if (x + minCrossbarsAfter[d + 1] > chip) {
                continue;
            }
            replication[i] = r;
            search(d + 1, x, rows + (long) r * unit.rowsWritten(), goal);
        }
    }

    /**
     * A floor under the compute phase from the units not yet fixed (depth d on): unit e ends no earlier than
     * start_e + B * s_e(r_e), with start_e its start when every unfixed unit is at its fastest (starts only
     * grow with own times); the least over factor choices within {@code spare} crossbars of the latest such
     * end. Found by bisection over the candidate ends, since the crossbars each unit needs to end by a time
     * only shrink as the time grows.
     */
    private double latestEndReachable(int d, long spare, double[] start) {
        if (d == order.length) {
            return 0;
        }
        int batch = cm.problem().batch();
        int count = 0;
        for (int e = d; e < order.length; e++) {
            count += own[e].length;
        }
        double[] ends = new double[count];
        int k = 0;
        for (int e = d; e < order.length; e++) {
            for (double t : own[e]) {
                ends[k++] = start[order[e]] + batch * t;
            }
        }
        Arrays.sort(ends);
        int lo = 0;
        int hi = ends.length - 1; // the latest of all is reachable with nothing spare
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (extraCrossbars(d, ends[mid], spare, start, batch) <= spare) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return ends[lo];
    }

    /** Crossbars beyond the unreplicated ones that units from depth d on need to end by {@code end} (capped). */
    private long extraCrossbars(int d, double end, long cap, double[] start, int batch) {
        MappedGraph g = cm.problem().graph();
        long extra = 0;
        for (int e = d; e < order.length && extra <= cap; e++) {
            int k = 0;
            while (k < own[e].length && start[order[e]] + batch * own[e][k] > end) {
                k++;
            }
            if (k == own[e].length) {
                return Long.MAX_VALUE;
            }
            extra += (candidates[e][k] - 1) * g.unit(units[order[e]]).crossbars();
        }
        return extra;
    }

    /** Whether the search explored or pruned every vector, so that what it kept is proven. */
    private boolean complete() {
        return openSeconds == Double.POSITIVE_INFINITY;
    }
}
