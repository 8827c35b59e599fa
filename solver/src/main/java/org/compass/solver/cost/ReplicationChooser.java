package org.compass.solver.cost;

import static org.compass.model.Integers.ceilDiv;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.compass.model.mapping.MappedGraph;
import org.compass.model.mapping.Unit;
import org.compass.model.problem.Objective;
import org.compass.solver.control.Cancellation;

/**
 * The inner problem of every formulation: the best replication for a fixed set of units.
 *
 * <p>Cost model v1: for a fixed pipeline period P (in MVM steps) the least replication
 * r_l = min{r in R : ceil(steps_l/r) <= P} is optimal: it minimizes rows written and crossbars, and the period,
 * fill and I/O do not depend on it. So it suffices to try the candidate periods {ceil(steps_l / r)}:
 * O(|units| * |R|) candidates, each evaluated by the cost model in O(|units|).
 *
 * <p>Cost model v2: more replication also shortens the fill, so those candidates only seed an exact branch and
 * bound over replication vectors ({@link ReplicationSearch}).
 */
public final class ReplicationChooser {

    /**
     * One way to replicate a partition's units and what it costs.
     *
     * @param replication  factor of each unit, parallel to the units
     * @param cost         its cost
     * @param floorSeconds no replication of these units takes less time than this when the option is the best
     *                     one for time, or lies off the front of options it belongs to (equals the cost's time
     *                     when proven)
     * @param floorJoules  the same for energy (J)
     */
    public record Option(int[] replication, PartitionCost cost, double floorSeconds, double floorJoules) {

        /** A proven option: nothing beats it where it was chosen. */
        public Option(int[] replication, PartitionCost cost) {
            this(replication, cost, cost.seconds(), cost.joules());
        }

        /** Whether the search that chose it was exhaustive (its floors are its own cost). */
        public boolean proven() {
            return floorSeconds == cost.seconds() && floorJoules == cost.joules();
        }

        /** The same option with floors from a search that stopped early. */
        Option withFloor(double seconds, double joules) {
            return new Option(replication, cost, seconds, joules);
        }

        /**
         * The same option with the higher of its floors and {@code other}'s, capped at its own cost: both are
         * valid bounds when both options are for the same units.
         */
        public Option raisedTo(Option other) {
            return withFloor(Math.min(cost.seconds(), Math.max(floorSeconds, other.floorSeconds)),
                    Math.min(cost.joules(), Math.max(floorJoules, other.floorJoules)));
        }
    }

    private ReplicationChooser() {
    }

    /**
     * Options that contain, for every objective, an optimal replication of the units: in v1 one option per
     * distinct feasible period, from the longest period (least replication) to the shortest that still fits on
     * the chip; in v2 every option not dominated in (seconds, joules), sorted by time. Empty when the units do not
     * fit even unreplicated.
     *
     * @param units unit ids, ascending
     */
    public static List<Option> options(CostModel cm, int[] units) {
        return options(cm, units, Cancellation.NEVER);
    }

    /**
     * {@link #options(CostModel, int[])}; a cancellation stops v2's search as its node budget does (the options
     * then carry floors, not proofs).
     */
    public static List<Option> options(CostModel cm, int[] units, Cancellation cancel) {
        return front(cm, units, NODE_BUDGET, cancel).options();
    }

    /** Nodes a replication search visits in its first pass (2,000; {@code ReplicationSearch.NODE_BUDGET}). */
    public static final long NODE_BUDGET = ReplicationSearch.NODE_BUDGET;

    /**
     * {@link #options(CostModel, int[], Cancellation)} from a search of at most {@code budget} nodes
     * ({@link #NODE_BUDGET} in {@link #options}; callers searching again where a proof matters give more), with
     * what the search left unexplored. Under v1 the options are exact and nothing is unexplored.
     */
    public static ReplicationFront front(CostModel cm, int[] units, long budget, Cancellation cancel) {
        List<Option> periods = periodOptions(cm, units);
        if (exact(cm.problem()) || periods.isEmpty()) {
            return new ReplicationFront(periods, List.of());
        }
        return ReplicationFront.search(cm, units, periods, budget, cancel);
    }

    /** One option per distinct feasible period, each with the least replication that reaches it. */
    private static List<Option> periodOptions(CostModel cm, int[] units) {
        MappedGraph g = cm.problem().graph();
        int[] factors = cm.problem().replication().toArray();
        int rmax = factors[factors.length - 1];
        long chip = cm.problem().hardware().crossbars();
        long in = cm.inBytes(units);
        long out = cm.outBytes(units);
        long minPeriod = 0;
        TreeSet<Long> candidates = new TreeSet<>();
        for (int u : units) {
            Unit unit = g.unit(u);
            if (!unit.weighted()) {
                continue;
            }
            minPeriod = Math.max(minPeriod, ceilDiv(unit.mvmSteps(), rmax));
            for (int r : factors) {
                candidates.add(ceilDiv(unit.mvmSteps(), r));
            }
        }
        List<Option> options = new ArrayList<>();
        int[] rep = new int[units.length];
        if (candidates.isEmpty()) {
            java.util.Arrays.fill(rep, 1);
            options.add(new Option(rep, cm.cost(cm.load(units, rep, in, out))));
            return options;
        }
        long lastPeriod = -1;
        for (long p : candidates.descendingSet()) {
            if (p < minPeriod) {
                break;
            }
            rep = new int[units.length];
            long crossbars = 0;
            long actual = 0;
            for (int i = 0; i < units.length; i++) {
                Unit unit = g.unit(units[i]);
                rep[i] = 1;
                if (unit.weighted()) {
                    rep[i] = leastFactor(factors, unit.mvmSteps(), p);
                    crossbars += (long) rep[i] * unit.crossbars();
                    actual = Math.max(actual, ceilDiv(unit.mvmSteps(), rep[i]));
                }
            }
            if (crossbars > chip) {
                break; // shorter periods need at least as many crossbars
            }
            if (actual != lastPeriod) {
                options.add(new Option(rep, cm.cost(cm.load(units, rep, in, out))));
                lastPeriod = actual;
            }
        }
        return options;
    }

    /**
     * Whether the least replication for each period is optimal: true in cost model v1; in v2 more replication
     * can shorten the pipeline's fill, and {@link #options} and {@link #best} search exactly instead.
     */
    private static boolean exact(org.compass.model.problem.Problem problem) {
        return problem.costModel() == org.compass.model.problem.CostModelVersion.V1;
    }

    /** The best option for an objective ({@link #better}), or null if none fits. */
    public static Option best(CostModel cm, int[] units, Objective objective) {
        return best(cm, units, objective, Cancellation.NEVER);
    }

    /**
     * {@link #best(CostModel, int[], Objective)}; a cancellation stops v2's search as its node budget does (the
     * option then carries floors, not a proof).
     */
    public static Option best(CostModel cm, int[] units, Objective objective, Cancellation cancel) {
        Option best = periodBest(cm, units, objective);
        if (best == null || exact(cm.problem())) {
            return best;
        }
        return ReplicationSearch.best(cm, units, objective, best, cancel);
    }

    /**
     * Without a search: the period rule's best option for the objective, under v2 with floors from the
     * search's first bound ({@link ReplicationSearch#floor}), so proven only when that bound meets it; under v1
     * the proven {@link #best}. Null when the units do not fit. What the lazy DP of cost model v2 prices a range
     * with before it searches it, once the range's floor from {@link RangeFloorScan} (at most this option's floor)
     * puts it on a plan that may decide the answer.
     */
    public static Option quick(CostModel cm, int[] units, Objective objective) {
        Option best = periodBest(cm, units, objective);
        if (best == null || exact(cm.problem())) {
            return best;
        }
        ReplicationSearch.Floor floor = ReplicationSearch.floor(cm, units);
        return best.withFloor(Math.min(floor.seconds(), best.cost().seconds()),
                Math.min(floor.joules(), best.cost().joules()));
    }

    /**
     * A floor under the compute phase T_comp ({@link PartitionCost#computeSeconds()}, seconds) of every replication of
     * the units that fits: under v2 the larger of the search's root chain bound ({@link ReplicationSearch#floor}) and
     * the compute phase with every weighted unit at the largest replication factor, whether or not that fits (T_comp
     * depends on the factors only through the units' own times, which do not grow with the factor: the same fact the
     * search's bound rests on, docs/cost-model.md "The inner problem"); 0 under
     * v1, where {@link #best} is exact and no floor is needed. For callers that bound a schedule of units whose
     * replication search is unproven (the joint DP): no schedule of a partition computes in less than its T_comp
     * (docs/scheduling.md, "Under cost model v2"). One cost evaluation and one chain bound.
     */
    public static double computeFloorSeconds(CostModel cm, int[] units) {
        if (exact(cm.problem())) {
            return 0;
        }
        int[] factors = cm.problem().replication().toArray();
        int[] fastest = new int[units.length];
        for (int i = 0; i < units.length; i++) {
            fastest[i] = cm.problem().graph().unit(units[i]).weighted() ? factors[factors.length - 1] : 1;
        }
        double allFastest = cm.cost(cm.load(units, fastest)).computeSeconds();
        ReplicationSearch.Floor floor = ReplicationSearch.floor(cm, units);
        return floor == null ? allFastest : Math.max(allFastest, floor.computeSeconds());
    }

    /**
     * The period rule's best option for the objective, without a search or a bound: under v1 the optimum (as
     * {@link #best}); under v2 a fitting vector with its exact cost and floors of 0 (nothing is claimed). For plans
     * that only need to be valid, such as the rest of a plan packed after a time limit; null when the units do not
     * fit. O(units x replication factors).
     */
    public static Option fitting(CostModel cm, int[] units, Objective objective) {
        Option best = periodBest(cm, units, objective);
        return best == null || exact(cm.problem()) ? best : best.withFloor(0, 0);
    }

    /**
     * Cost model v2: a further, costlier search for units whose option from {@link #best} is not proven (its
     * replication search stopped at its node budget); {@code known} itself when it is proven or under v1.
     * The returned option is no worse than {@code known} and its floors no lower. Pass 1 visits as many nodes
     * as {@link #best}; each later pass four times as many as the one before, so that a caller repeating
     * passes on the units that matter spends at most a third more than its last pass.
     *
     * @param pass 1 for the first pass after {@link #best}, 2 for the next, ...; at most {@link #MAX_DEEPEN}
     */
    public static Option deepen(CostModel cm, int[] units, Objective objective, Option known, int pass,
                                Cancellation cancel) {
        if (pass < 1 || pass > MAX_DEEPEN) {
            throw new IllegalArgumentException("pass " + pass + " outside 1.." + MAX_DEEPEN);
        }
        if (known.proven() || exact(cm.problem())) {
            return known;
        }
        long budget = ReplicationSearch.NODE_BUDGET << (2 * (pass - 1));
        return ReplicationSearch.deepen(cm, units, objective, known, budget, cancel);
    }

    /**
     * Passes of {@link #deepen} a caller may run on the same units: the last visits 16 times as many nodes
     * as the first (32,000). Bounded so that the searches, and with them the answers, stay the same on every
     * machine (a time budget would not); docs/cost-model.md measures what the passes prove.
     */
    public static final int MAX_DEEPEN = 3;

    /** The period rule's best option for the objective (exact in v1), or null when the units do not fit. */
    private static Option periodBest(CostModel cm, int[] units, Objective objective) {
        Option best = null;
        for (Option o : periodOptions(cm, units)) {
            if (best == null || better(o.cost(), best.cost(), objective)) {
                best = o;
            }
        }
        return best;
    }

    /** Whether cost a beats cost b for the objective (time first, or energy first; the other breaks ties). */
    public static boolean better(PartitionCost a, PartitionCost b, Objective objective) {
        if (objective == Objective.ENERGY) {
            return a.joules() < b.joules() || (a.joules() == b.joules() && a.seconds() < b.seconds());
        }
        if (objective == Objective.EDP) {
            double x = a.joules() * a.seconds();
            double y = b.joules() * b.seconds();
            return x < y || (x == y && a.seconds() < b.seconds());
        }
        return a.seconds() < b.seconds() || (a.seconds() == b.seconds() && a.joules() < b.joules());
    }

    static int leastFactor(int[] factors, long steps, long period) {
        for (int r : factors) {
            if (ceilDiv(steps, r) <= period) {
                return r;
            }
        }
        throw new IllegalStateException("no factor reaches period " + period);
    }
}
