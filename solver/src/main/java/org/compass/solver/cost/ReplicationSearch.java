package org.compass.solver.cost;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Predicate;
import org.compass.model.mapping.MappedGraph;
import org.compass.model.mapping.Unit;
import org.compass.model.problem.Objective;
import org.compass.solver.control.Cancellation;

/**
 * The inner problem under cost model v2, solved exactly: the replication vectors of one partition that no other
 * vector beats, by branch and bound over the weighted units' replication factors: depth first with cheap bounds,
 * then, where that stops at its node budget, best first with the chain bound ({@link #deepen},
 * {@link ChainBound}).
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
    private final int steps;                 // budget steps of the chain bound, 0 when exact (its resolution)
    private final CandidateEnds ends;        // the open units' ends and what reaching them costs
    private ChainBound chain;                // the chain bound, built on its first use
    private long nodes;
    double openSeconds = Double.POSITIVE_INFINITY; // least bound of the subtrees left unexplored
    double openJoules = Double.POSITIVE_INFINITY;
    final List<ReplicationFront.Point> unexplored = new ArrayList<>(); // the depth-first pass's open subtrees' bounds

    /**
     * Search nodes one search may visit. The search is exact when it ends within them; otherwise it reports
     * the least bound of what it left unexplored, so that no formulation claims a proof it does not have.
     * Deterministic (not a time budget), so results do not depend on the machine; docs/cost-model.md measures
     * what it proves and costs.
     */
    static final long NODE_BUDGET = 2_000;

    /** Evaluations {@link #polish} may spend per node of the pass's budget. */
    private static final long POLISH_PER_NODE = 2;

    /**
     * Budget steps of {@link #pathFloor} in a search of {@link #NODE_BUDGET} nodes (the root floors of
     * {@link #floor} and the first {@link #deepen} pass, run on every range that matters): each choice's extra is
     * rounded down to a step, so along a chain of n open units the bound may grant up to n steps more than the
     * spare crossbars or rows, and its cost per node is linear in the steps ({@link DenseFloor}). The later
     * passes, left with the partitions whose proof needs the finer bound, count budgets exactly
     * ({@link SparseFloor}; docs/cost-model.md, "Exact budgets for the later passes").
     */
    private static final int FIRST_PASS_STEPS = 256;

    private ReplicationSearch(CostModel cm, int[] units, Cancellation cancel) {
        this(cm, units, cancel, NODE_BUDGET);
    }

    ReplicationSearch(CostModel cm, int[] units, Cancellation cancel, long budget) {
        this.cancel = cancel;
        this.budget = budget;
        this.steps = budget > NODE_BUDGET ? 0 : FIRST_PASS_STEPS;
        this.cm = cm;
        this.units = units;
        this.position = cm.positions(units);
        MappedGraph g = cm.problem().graph();
        this.chip = cm.problem().hardware().crossbars();
        int[] factors = cm.problem().replication().toArray();
        int[] ones = new int[units.length];
        Arrays.fill(ones, 1);
        this.least = cm.load(units, ones);
        this.order = UsefulFactors.branchingOrder(cm, units);
        this.candidates = new int[order.length][];
        this.own = new double[order.length][];
        this.replication = ones.clone();
        for (int d = 0; d < order.length; d++) {
            UsefulFactors useful = UsefulFactors.of(cm, g.unit(units[order[d]]), factors, chip);
            candidates[d] = useful.factors();
            own[d] = useful.own();
        }
        this.minCrossbarsAfter = new long[order.length + 1];
        this.minRowsAfter = new long[order.length + 1];
        long[] crossbars = new long[order.length];
        long[] rows = new long[order.length];
        for (int d = order.length - 1; d >= 0; d--) {
            Unit unit = g.unit(units[order[d]]);
            minCrossbarsAfter[d] = minCrossbarsAfter[d + 1] + unit.crossbars();
            minRowsAfter[d] = minRowsAfter[d + 1] + unit.rowsWritten();
            crossbars[d] = unit.crossbars();
            rows[d] = unit.rowsWritten();
        }
        this.ends = new CandidateEnds(order, candidates, own, crossbars, rows, cm.problem().batch());
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
        SearchGoal goal = SearchGoal.best(best, objective);
        ReplicationSearch search = new ReplicationSearch(cm, units, cancel);
        search.run(goal);
        if (best[0] == null || search.complete()) {
            return best[0];
        }
        return best[0].withFloor(Math.min(search.openSeconds, best[0].cost().seconds()),
                Math.min(search.openJoules, best[0].cost().joules()));
    }

    /**
     * Time, energy and compute phase no replication of some units can beat, each on its own.
     *
     * @param seconds        the partition's time (T)
     * @param joules         its energy
     * @param computeSeconds its compute phase (T_comp): the chain bound with all the spare crossbars
     */
    record Floor(double seconds, double joules, double computeSeconds) {
    }

    /**
     * A floor under every replication vector of the units: the best-first pass's first bound, before any factor
     * is fixed (one evaluation of the stages and of the chain bound); null when the units do not fit on the
     * chip unreplicated.
     */
    static Floor floor(CostModel cm, int[] units) {
        ReplicationSearch search = new ReplicationSearch(cm, units, Cancellation.NEVER);
        if (search.least.crossbars() > search.chip) {
            return null;
        }
        SearchNode root = search.refine(search.node(0, new int[0], 0, 0), SearchGoal.TIME_FIRST);
        return new Floor(root.floorSeconds(), root.floorJoules(), root.compute());
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
        ReplicationSearch search = new ReplicationSearch(cm, units, cancel, budget);
        ReplicationPolish polish = ReplicationPolish.of(cm, units, search.order, search.candidates, search.least);
        long evaluations = POLISH_PER_NODE * budget;
        // a better incumbent first: the pass ends as soon as its bound meets it
        ReplicationChooser.Option[] best = {polish.better(known, objective, evaluations)};
        ReplicationChooser.Option[] found = {null};
        SearchGoal goal = SearchGoal.recording(SearchGoal.best(best, objective), found, objective);
        search.bestFirst(goal);
        if (search.complete()) {
            return new ReplicationChooser.Option(best[0].replication(), best[0].cost());
        }
        // the pass's own best vector may lie near a better one than the incumbent does
        best[0] = polish.better(best[0], objective, evaluations);
        if (found[0] != null) {
            ReplicationChooser.Option p = polish.better(found[0], objective, evaluations);
            if (ReplicationChooser.better(p.cost(), best[0].cost(), objective)) {
                best[0] = p;
            }
        }
        return best[0].withFloor(
                Math.max(known.floorSeconds(), Math.min(search.openSeconds, best[0].cost().seconds())),
                Math.max(known.floorJoules(), Math.min(search.openJoules, best[0].cost().joules())));
    }

    /**
     * Depth first with the cheap bounds ({@link #node}): proves most partitions within the budget at little
     * cost per node; {@link #deepen} is the second pass for those it does not.
     */
    void run(SearchGoal goal) {
        if (least.crossbars() > chip) {
            return;
        }
        depthFirst(0, 0, 0, goal);
    }

    /** Branches on the factor of the weighted unit at depth d, the units before it fixed in place. */
    private void depthFirst(int d, long crossbars, long rows, SearchGoal goal) {
        nodes++;
        long spare = fastestFrom(d, crossbars);
        PipelineTiming.Stages fast = cm.stages(units, replication, position);
        PartitionCost bound = cm.cost(least.bound(rows + minRowsAfter[d], fast.computeSeconds()));
        if (goal.prunes(bound)) {
            return;
        }
        double compute = ends.latestReachable(d, spare, fast.start());
        if (compute > fast.computeSeconds()) {
            bound = cm.cost(least.bound(rows + minRowsAfter[d], compute));
            if (goal.prunes(bound)) {
                return;
            }
        }
        if (d < order.length && everyEndPruned(d, spare, fast.start(), rows, Math.max(compute,
                fast.computeSeconds()), goal)) {
            return;
        }
        if ((nodes > budget || cancel.isCancelled()) && d < order.length) {
            openSeconds = Math.min(openSeconds, bound.seconds());
            openJoules = Math.min(openJoules, bound.joules());
            // the subtree's vectors lie above the bounds at their ends (what everyEndPruned tests), not only
            // above the one that takes the least rows and the least end together
            everyEnd(d, spare, fast.start(), rows, Math.max(compute, fast.computeSeconds()), c -> {
                if (!goal.prunes(c)) {
                    unexplored.add(new ReplicationFront.Point(c.seconds(), c.joules()));
                }
                return true;
            });
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
    private void bestFirst(SearchGoal goal) {
        PriorityQueue<SearchNode> open = new PriorityQueue<>(goal.order()
                .thenComparing(Comparator.comparingInt((SearchNode n) -> -n.depth())));
        SearchNode root = node(0, new int[0], 0, 0);
        if (!goal.prunes(root.bound())) {
            open.add(root);
        }
        while (!open.isEmpty()) {
            SearchNode n = open.poll();
            if (n.prunedBy(goal)) {
                continue;
            }
            if (!n.refined()) {
                // the chain bound costs a dynamic program over the spare crossbars: only for subtrees that the
                // cheap bound neither prunes nor ranks behind another
                n = refine(n, goal);
                if (n.prunedBy(goal)) {
                    continue;
                }
                if (!open.isEmpty() && open.comparator().compare(open.peek(), n) < 0) {
                    open.add(n);
                    continue;
                }
            }
            if (nodes > budget || cancel.isCancelled()) {
                open.add(n);
                for (SearchNode left : open) {
                    if (!left.prunedBy(goal)) {
                        openSeconds = Math.min(openSeconds, left.floorSeconds());
                        openJoules = Math.min(openJoules, left.floorJoules());
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
                SearchNode child = node(d + 1, factors, x, rows);
                if (!goal.prunes(child.bound())) {
                    open.add(child);
                }
            }
        }
    }

    /** Completes a subtree greedily, slowest unit first, and offers the vector. */
    private void dive(SearchNode n, SearchGoal goal) {
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
    private SearchNode node(int d, int[] factors, long crossbars, long rows) {
        nodes++;
        long spare = fastest(d, factors, crossbars);
        PipelineTiming.Stages fast = cm.stages(units, replication, position);
        double compute = Math.max(fast.computeSeconds(), ends.latestReachable(d, spare, fast.start()));
        return new SearchNode(d, factors, crossbars, rows, compute, cm.cost(least.bound(rows + minRowsAfter[d], compute)),
                false);
    }

    /**
     * The subtree with its bound raised by the chains of stages, along which the spare crossbars are shared, and
     * by what replication costs in rows. The chain bound is run twice ({@link #pathFloor}): with budgets in extra
     * crossbars (what fits), and with budgets in extra rows (what is written); each gives, for every budget b, a
     * floor under the compute phase of the vectors that spend at most b, and those vectors write at least
     * {@link ChainFloor#extraRows} more rows than the least replication. So every vector of the subtree costs at
     * least the bound at one b of each, which the returned node keeps as its two trade-offs.
     */
    private SearchNode refine(SearchNode n, SearchGoal goal) {
        int d = n.depth();
        long spare = fastest(d, n.factors(), n.crossbars());
        PipelineTiming.Stages fast = cm.stages(units, replication, position);
        ChainFloor byCrossbars = pathFloor(d, spare, fast.start(), fast.rate(), false);
        if (byCrossbars == null) {
            return new SearchNode(d, n.factors(), n.crossbars(), n.rows(), n.compute(), n.bound(), true);
        }
        // the crossbar budget bounds every vector's compute phase: the row budget's floors may take it as theirs too
        double fits = byCrossbars.compute()[byCrossbars.compute().length - 1];
        double compute = Math.max(n.compute(), fits);
        PartitionCost[] first = tradeoff(n, byCrossbars, compute);
        // the row budget's dynamic program costs as much again: only for subtrees the crossbar budget keeps
        boolean kept = false;
        for (PartitionCost c : first) {
            kept |= !goal.prunes(c);
        }
        ChainFloor byRows = kept ? pathFloor(d, spare, fast.start(), fast.rate(), true) : null;
        PartitionCost[][] tradeoffs = byRows == null ? new PartitionCost[][] {first}
                : new PartitionCost[][] {first, tradeoff(n, byRows, compute)};
        PartitionCost bound = null;
        for (PartitionCost[] set : tradeoffs) {
            PartitionCost best = set[0];
            for (PartitionCost c : set) {
                if (goal.before(c, best)) {
                    best = c;
                }
            }
            if (bound == null || goal.before(bound, best)) {
                bound = best;
            }
        }
        return new SearchNode(d, n.factors(), n.crossbars(), n.rows(), compute, bound, true, tradeoffs);
    }

    /**
     * The bounds of a chain floor's budgets: at each budget b where the floor falls, the rows of the subtree's least
     * replication plus what spending b writes at least, and the compute phase the budget allows (at least
     * {@code compute}); a budget with the same compute phase as a smaller one is left out (more rows, same time).
     */
    private PartitionCost[] tradeoff(SearchNode n, ChainFloor chain, double compute) {
        long rows = n.rows() + minRowsAfter[n.depth()];
        PartitionCost[] steps = new PartitionCost[chain.compute().length];
        int kept = 0;
        double last = Double.POSITIVE_INFINITY;
        for (int j = 0; j < chain.compute().length; j++) {
            double c = Math.max(compute, chain.compute()[j]);
            if (c < last) {
                last = c;
                steps[kept++] = cm.cost(least.bound(rows + chain.extraRows(j), c));
            }
        }
        return Arrays.copyOf(steps, kept);
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
     * A floor under the compute phase from the chains of stages ({@link ChainBound}), at every
     * budget: the units not yet fixed share a budget along every chain, where {@link CandidateEnds#latestReachable} lets each
     * unit use all the spare crossbars. The budget is the spare crossbars, or with {@code inRows} the most rows the
     * units not yet fixed can add together (their choices still limited to what fits), counted exactly or in
     * {@link #steps} steps of it. Null when nothing is left to choose.
     */
    private ChainFloor pathFloor(int d, long spare, double[] start, double[] rate, boolean inRows) {
        if (d == order.length || spare <= 0) {
            return null;
        }
        MappedGraph g = cm.problem().graph();
        int[] choicesOf = new int[order.length];
        long most = 0;  // extra rows the open units can add, each at its most that fits
        for (int e = d; e < order.length; e++) {
            long xb = g.unit(units[order[e]]).crossbars();
            int n = 0;
            while (n < candidates[e].length && (candidates[e][n] - 1) * xb <= spare) {
                n++;
            }
            choicesOf[e] = n;
            most += (long) (candidates[e][n - 1] - 1) * g.unit(units[order[e]]).rowsWritten();
        }
        // no fitting vector adds more rows than the spare crossbars hold
        long total = inRows ? Math.min(most, spare * cm.problem().hardware().crossbarRows()) : spare;
        if (total <= 0) {
            return null;
        }
        // each choice's extra rounded down to a step, so that every vector that fits stays within the budget
        long step = steps == 0 ? 1 : (total + steps - 1) / steps;
        double[][] choices = new double[units.length][];
        long[][] extra = new long[units.length][];
        long[] fixedExtra = {0};
        for (int i = 0; i < units.length; i++) {
            choices[i] = new double[] {cm.ownSeconds(g.unit(units[i]), replication[i])};
            extra[i] = fixedExtra;
        }
        long rowsNum = inRows ? 1 : 0;
        long rowsDen = inRows ? 1 : 0;
        for (int e = d; e < order.length; e++) {
            Unit unit = g.unit(units[order[e]]);
            long xb = unit.crossbars();
            int n = choicesOf[e];
            choices[order[e]] = Arrays.copyOf(own[e], n);
            extra[order[e]] = new long[n];
            long per = inRows ? unit.rowsWritten() : xb;
            for (int k = 0; k < n; k++) {
                extra[order[e]][k] = (candidates[e][k] - 1) * per / step;
            }
            if (!inRows && n > 1 && (rowsDen == 0 || unit.rowsWritten() * rowsDen < rowsNum * xb)) {
                rowsNum = unit.rowsWritten();
                rowsDen = xb;
            }
        }
        if (chain == null) {
            chain = cm.chainBound(units, position, steps == 0);
        }
        BudgetFloor compute = chain.floor(choices, extra, total / step, start, rate);
        long[] spent = compute.costs();
        for (int j = 0; j < spent.length; j++) {
            spent[j] *= step;
        }
        return new ChainFloor(spent, compute.values(), rowsNum, Math.max(1, rowsDen));
    }

    /**
     * Whether every vector of the subtree is pruned once the rows its speed costs are counted: a vector whose
     * units from depth d on end by E (the latest of start_e + B * s_e(r_e), one of the candidate ends) has each of
     * those units at least at the least factor that ends by E, so it writes at least their extra rows, and its
     * compute phase lasts at least E. So it costs at least the bound at its E; the subtree is pruned when the bound
     * at every candidate end that fits is. {@link #depthFirst}'s cheap bound takes the least rows and the least E
     * together, which no vector need reach.
     *
     * @param floor a floor under the compute phase of every vector of the subtree (seconds)
     */
    private boolean everyEndPruned(int d, long spare, double[] start, long rows, double floor, SearchGoal goal) {
        return everyEnd(d, spare, start, rows, floor, goal::prunes);
    }

    /** Whether {@code test} holds for the bound at every candidate end that fits ({@link #everyEndPruned}). */
    private boolean everyEnd(int d, long spare, double[] start, long rows, double floor, Predicate<PartitionCost> test) {
        double[] ends = this.ends.sorted(d, start);
        // a vector ending by E <= floor takes at least the floor and the rows of ending by the floor; one ending
        // later, at a candidate end E, takes E and the rows of ending by E
        double last = -1;
        for (int m = -1; m < ends.length; m++) {
            double end = m < 0 ? floor : ends[m];
            if (m >= 0 && (end <= floor || end == last)) {
                continue;
            }
            last = end;
            long[] extra = this.ends.extraToEndBy(d, end, spare, start);
            if (extra[0] > spare) {
                continue; // no vector that fits ends by this end
            }
            if (!test.test(cm.cost(least.bound(rows + minRowsAfter[d] + extra[1], end)))) {
                return false;
            }
        }
        return true;
    }

    /** Whether the search explored or pruned every vector, so that what it kept is proven. */
    boolean complete() {
        return openSeconds == Double.POSITIVE_INFINITY;
    }
}
