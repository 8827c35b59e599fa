package org.compass.solver.cost;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import org.compass.model.mapping.MappedGraph;
import org.compass.model.mapping.Unit;
import org.compass.model.problem.Objective;
import org.compass.solver.control.Cancellation;

/**
 * The inner problem under cost model v2, solved exactly: the replication vectors of one partition that no other
 * vector beats, by branch and bound over the weighted units' replication factors: depth first with cheap bounds,
 * then, where that stops at its node budget, best first with the chain bound ({@link #deepen},
 * {@link PipelineTiming#computeFloor}).
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

        /** The order in which open subtrees are expanded, by their bounds: the most promising first. */
        Comparator<Node> order();
    }

    private final CostModel cm;
    private final int[] units;
    private final UnitPositions position;
    private final long chip;
    private final PartitionLoad least;       // every unit unreplicated: rows, bytes, constant terms
    private final int[] order;               // positions in units of the weighted units, in branching order
    private final int[][] candidates;        // per weighted unit (branching order): factors that shorten its own time
    private final long[] minCrossbarsAfter;  // crossbars of the units after each depth, unreplicated
    private final long[] minRowsAfter;       // rows of the units after each depth, unreplicated
    private final double[][] own;            // per weighted unit (branching order): own time at each candidate
    private final int[] replication;         // the vector being built: fixed, or fastest for units not yet fixed
    private final Cancellation cancel;
    private final long budget;               // nodes this search may visit
    private PipelineTiming.Inbound inbound; // the edges the chain bound reads, built on its first use
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

    /** Budget steps of {@link #pathFloor}: its cost per node grows with them, its strength too. */
    private static final int BUDGET_STEPS = 64;

    private ReplicationSearch(CostModel cm, int[] units, Cancellation cancel) {
        this(cm, units, cancel, NODE_BUDGET);
    }

    private ReplicationSearch(CostModel cm, int[] units, Cancellation cancel, long budget) {
        this.cancel = cancel;
        this.budget = budget;
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

            @Override
            public Comparator<Node> order() {
                return Comparator.comparingDouble((Node n) -> n.bound().seconds())
                        .thenComparingDouble(n -> n.bound().joules());
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
        Goal goal = bestGoal(best, objective);
        ReplicationSearch search = new ReplicationSearch(cm, units, cancel);
        search.run(goal);
        if (best[0] == null || search.complete()) {
            return best[0];
        }
        return best[0].withFloor(Math.min(search.openSeconds, best[0].cost().seconds()),
                Math.min(search.openJoules, best[0].cost().joules()));
    }

    /** A subtree: the factors of the first {@code depth} units in branching order, and its bound. */
    private record Node(int depth, int[] factors, long crossbars, long rows, double compute, PartitionCost bound,
                        boolean refined) {
    }

    /**
     * A floor under every replication vector of the units: the best-first pass's first bound, before any factor
     * is fixed (one evaluation of the stages and of the chain bound); null when the units do not fit on the
     * chip unreplicated.
     */
    static PartitionCost floor(CostModel cm, int[] units) {
        ReplicationSearch search = new ReplicationSearch(cm, units, Cancellation.NEVER);
        if (search.least.crossbars() > search.chip) {
            return null;
        }
        return search.refine(search.node(0, new int[0], 0, 0)).bound();
    }

    /** Keeps in {@code best[0]} the best vector for an objective; expands the most promising subtree first. */
    private static Goal bestGoal(ReplicationChooser.Option[] best, Objective objective) {
        return new Goal() {
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

            @Override
            public Comparator<Node> order() {
                return (x, y) -> ReplicationChooser.better(x.bound(), y.bound(), objective) ? -1
                        : ReplicationChooser.better(y.bound(), x.bound(), objective) ? 1 : 0;
            }
        };
    }

    /**
     * A further, costlier pass for a partition whose earlier pass ({@link #best} or this one) stopped at its node
     * budget: a best-first search with the chain bound, pruning with {@code known}, visiting at most
     * {@code budget} nodes. Returns {@code known} or a better vector, proven when this pass ends within its
     * budget, otherwise with the higher of the passes' floors (each is valid).
     *
     * @param known  an earlier pass's option for the same units and objective, not null
     * @param budget nodes this pass may visit
     */
    static ReplicationChooser.Option deepen(CostModel cm, int[] units, Objective objective,
                                            ReplicationChooser.Option known, long budget, Cancellation cancel) {
        ReplicationChooser.Option[] best = {known};
        Goal goal = bestGoal(best, objective);
        ReplicationSearch search = new ReplicationSearch(cm, units, cancel, budget);
        search.bestFirst(goal);
        if (search.complete()) {
            return new ReplicationChooser.Option(best[0].replication(), best[0].cost());
        }
        return best[0].withFloor(
                Math.max(known.floorSeconds(), Math.min(search.openSeconds, best[0].cost().seconds())),
                Math.max(known.floorJoules(), Math.min(search.openJoules, best[0].cost().joules())));
    }

    /**
     * Depth first with the cheap bounds ({@link #node}): proves most partitions within the budget at little
     * cost per node; {@link #deepen} is the second pass for those it does not.
     */
    private void run(Goal goal) {
        if (least.crossbars() > chip) {
            return;
        }
        depthFirst(0, 0, 0, goal);
    }

    /** Branches on the factor of the weighted unit at depth d, the units before it fixed in place. */
    private void depthFirst(int d, long crossbars, long rows, Goal goal) {
        nodes++;
        long spare = fastestFrom(d, crossbars);
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
        if ((nodes > budget || cancel.isCancelled()) && d < order.length) {
            openSeconds = Math.min(openSeconds, bound.seconds());
            openJoules = Math.min(openJoules, bound.joules());
            return;
        }
        if (d == order.length) {
            // the bound is the vector's own cost here: rows and compute are both exact
            goal.offer(replication.clone(), exact());
            return;
        }
        int i = order[d];
        Unit unit = cm.problem().graph().unit(units[i]);
        // the fastest factor that fits first: good vectors early make the bounds prune more
        for (int k = candidates[d].length - 1; k >= 0; k--) {
            int r = candidates[d][k];
            long x = crossbars + (long) r * unit.crossbars();
            if (x + minCrossbarsAfter[d + 1] > chip) {
                continue;
            }
            replication[i] = r;
            depthFirst(d + 1, x, rows + (long) r * unit.rowsWritten(), goal);
        }
    }

    /**
     * The second pass, from the root: best first and with the chain bound ({@link #refine}). The open subtree
     * with the least bound is expanded next, so a pass stopped at its budget leaves only subtrees at least as
     * good as the best it expanded, and its floor is as high as the budget allows (depth first leaves the
     * root's weak siblings open). Every expanded subtree is also completed greedily (each remaining unit at its
     * fastest factor that still fits), which finds good vectors early.
     */
    private void bestFirst(Goal goal) {
        PriorityQueue<Node> open = new PriorityQueue<>(goal.order()
                .thenComparing(Comparator.comparingInt((Node n) -> -n.depth())));
        Node root = node(0, new int[0], 0, 0);
        if (!goal.prunes(root.bound())) {
            open.add(root);
        }
        while (!open.isEmpty()) {
            Node n = open.poll();
            if (goal.prunes(n.bound())) {
                continue;
            }
            if (!n.refined()) {
                // the chain bound costs a dynamic program over the spare crossbars: only for subtrees that the
                // cheap bound neither prunes nor ranks behind another
                n = refine(n);
                if (goal.prunes(n.bound())) {
                    continue;
                }
                if (!open.isEmpty() && open.comparator().compare(open.peek(), n) < 0) {
                    open.add(n);
                    continue;
                }
            }
            if (nodes > budget || cancel.isCancelled()) {
                open.add(n);
                for (Node left : open) {
                    if (!goal.prunes(left.bound())) {
                        openSeconds = Math.min(openSeconds, left.bound().seconds());
                        openJoules = Math.min(openJoules, left.bound().joules());
                    }
                }
                return;
            }
            dive(n, goal);
            int d = n.depth();
            if (d == order.length) {
                continue;
            }
            Unit unit = cm.problem().graph().unit(units[order[d]]);
            for (int k = candidates[d].length - 1; k >= 0; k--) {
                int r = candidates[d][k];
                long x = n.crossbars() + (long) r * unit.crossbars();
                if (x + minCrossbarsAfter[d + 1] > chip) {
                    continue;
                }
                int[] factors = Arrays.copyOf(n.factors(), d + 1);
                factors[d] = r;
                long rows = n.rows() + (long) r * unit.rowsWritten();
                if (d + 1 == order.length) {
                    nodes++;
                    fix(factors);
                    goal.offer(replication.clone(), exact());
                    continue;
                }
                Node child = node(d + 1, factors, x, rows);
                if (!goal.prunes(child.bound())) {
                    open.add(child);
                }
            }
        }
    }

    /** Completes a subtree greedily, slowest unit first, and offers the vector. */
    private void dive(Node n, Goal goal) {
        fix(n.factors());
        long crossbars = n.crossbars();
        MappedGraph g = cm.problem().graph();
        for (int e = n.depth(); e < order.length; e++) {
            long xb = g.unit(units[order[e]]).crossbars();
            long room = chip - crossbars - minCrossbarsAfter[e + 1];
            int r = 1;
            for (int c : candidates[e]) {
                if (c * xb <= room) {
                    r = c;
                }
            }
            replication[order[e]] = r;
            crossbars += r * xb;
        }
        goal.offer(replication.clone(), exact());
    }

    /** Sets the replication vector's first units (branching order) to {@code factors}. */
    private void fix(int[] factors) {
        for (int e = 0; e < factors.length; e++) {
            replication[order[e]] = factors[e];
        }
    }

    /** The cost of the vector in {@link #replication}, every factor fixed. */
    private PartitionCost exact() {
        return cm.cost(cm.load(units, replication, least.inBytes(), least.outBytes()));
    }

    /**
     * A subtree with a first bound: no vector in it costs less in time or in energy. A stage ends at least B own
     * times after it starts, and it cannot start before it does with every other unit at its fastest; the spare
     * crossbars can speed up only so many of the units not yet fixed.
     */
    private Node node(int d, int[] factors, long crossbars, long rows) {
        nodes++;
        long spare = fastest(d, factors, crossbars);
        PipelineTiming.Stages fast = cm.stages(units, replication, position);
        double compute = Math.max(fast.computeSeconds(), latestEndReachable(d, spare, fast.start()));
        return new Node(d, factors, crossbars, rows, compute, cm.cost(least.bound(rows + minRowsAfter[d], compute)),
                false);
    }

    /** The subtree with its bound raised by the chains of stages, along which the spare crossbars are shared. */
    private Node refine(Node n) {
        int d = n.depth();
        long spare = fastest(d, n.factors(), n.crossbars());
        PipelineTiming.Stages fast = cm.stages(units, replication, position);
        double compute = pathFloor(d, spare, fast.start(), fast.rate());
        if (compute <= n.compute()) {
            return new Node(d, n.factors(), n.crossbars(), n.rows(), n.compute(), n.bound(), true);
        }
        return new Node(d, n.factors(), n.crossbars(), n.rows(), compute,
                cm.cost(least.bound(n.rows() + minRowsAfter[d], compute)), true);
    }

    /**
     * Sets the replication vector: the fixed factors, and every other unit at its fastest factor that fits
     * beside the fixed units and the others unreplicated (a floor under each unit's own time).
     *
     * @return the spare crossbars the units not yet fixed may add together
     */
    private long fastest(int d, int[] factors, long crossbars) {
        fix(factors);
        return fastestFrom(d, crossbars);
    }

    /** {@link #fastest} with the first d units already set in the replication vector. */
    private long fastestFrom(int d, long crossbars) {
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
        return spare;
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

    /**
     * A floor under the compute phase from the chains of stages ({@link PipelineTiming#computeFloor}): the units
     * not yet fixed share the spare crossbars along every chain, where {@link #latestEndReachable} lets each
     * unit use them all. Budgets are counted in steps of {@code ceil(spare / BUDGET_STEPS)} crossbars, each
     * choice's extra crossbars rounded down, so every vector that fits still fits and the floor stays valid.
     */
    private double pathFloor(int d, long spare, double[] start, double[] rate) {
        if (d == order.length || spare <= 0) {
            return 0;
        }
        MappedGraph g = cm.problem().graph();
        long step = (spare + BUDGET_STEPS - 1) / BUDGET_STEPS;
        int budget = (int) (spare / step);
        double[][] choices = new double[units.length][];
        int[][] extra = new int[units.length][];
        int[] fixedExtra = {0};
        for (int i = 0; i < units.length; i++) {
            choices[i] = new double[] {cm.ownSeconds(g.unit(units[i]), replication[i])};
            extra[i] = fixedExtra;
        }
        for (int e = d; e < order.length; e++) {
            long xb = g.unit(units[order[e]]).crossbars();
            int n = 0;
            while (n < candidates[e].length && (candidates[e][n] - 1) * xb <= spare) {
                n++;
            }
            choices[order[e]] = Arrays.copyOf(own[e], n);
            extra[order[e]] = new int[n];
            for (int k = 0; k < n; k++) {
                extra[order[e]][k] = (int) ((candidates[e][k] - 1) * xb / step);
            }
        }
        if (inbound == null) {
            inbound = cm.inbound(units, position);
        }
        return cm.computeFloor(inbound, choices, extra, budget, start, rate);
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
