package org.compass.formulations.dp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.compass.formulations.graph.PartitionGraph;
import org.compass.model.mapping.MappedGraph;
import org.compass.model.problem.Objective;
import org.compass.model.problem.Problem;
import org.compass.solver.control.Cancellation;
import org.compass.solver.cost.CostModel;
import org.compass.solver.cost.PartitionCost;
import org.compass.solver.cost.RangeFloorScan;
import org.compass.solver.cost.ReplicationChooser;
import org.compass.solver.cost.ReplicationChooser.Option;
import org.compass.solver.plan.Partition;

/**
 * The contiguous DP under cost model v2, pricing and searching only the ranges that can decide the answer: a lazy
 * shortest path (LazySP, Dellin and Srinivasa, ICAPS 2016) over ranges whose costs are expensive to know exactly,
 * with two levels of laziness.
 *
 * <p><b>Three states of a range.</b> Every range that fits first gets a floor from {@link RangeFloorScan}, kept up
 * to date as the range grows (O(1) per range on a chain): a floor under every replication of the range, and at
 * most what {@link ReplicationChooser#quick} would give as its floor. Where no unit of the range can shorten its
 * own time by replication that fits, that floor is the range's proven optimum, unreplicated, exactly the option
 * quick would give, and the range is settled at once. A range with only a floor has no plan yet: cost +infinity in
 * the recurrence. A range is <em>priced</em> ({@link ReplicationChooser#quick}: the period rule's vector, an exact
 * cost of a real plan, floored by the root's chain bound) only when it lies on a plan of least floors; and
 * <em>searched</em> (first the depth-first pass, {@link ReplicationChooser#best}, then the best-first passes,
 * {@link ReplicationChooser#deepen}) only when every range of such a plan is priced and it is not settled.
 *
 * <p><b>The loop.</b> Repeatedly, the plan whose floors sum to the least is found. If some of its ranges have only
 * floors, they are priced, together with as many other ranges with only floors as the loop has priced so far, those
 * on the plans of least floors through them first (so that however weak the floors, the pricing steps are
 * logarithmic in the ranges, and at worst every range is priced, as before). Else, if some are priced but not
 * settled (proven, or out of passes), each gets its next search. Else its sum of floors is a bound on every plan;
 * before the best plan over the known options is returned, every range with only a floor that lies on a plan which,
 * counting floors for such ranges and costs for the others, could equal or beat that best plan (up to the rounding of
 * summing in another order) is priced, and the loop goes on. When it ends, every plan through a range with only a
 * floor costs more than the answer, whatever that range's option would be.
 *
 * <p><b>Why the answer is that of pricing every range first</b> (the DP before 2026-12, still run by
 * {@link Pricing#EVERY_RANGE_FIRST} and compared in {@code RangeOptionsTest}). Each floor is at most the floor the
 * range would have after {@link ReplicationChooser#quick} (exactly: {@code RangeFloorScanTest}), and a priced or
 * searched range has the same option in both, since a range's searches depend only on the range and the passes
 * before. So whenever the plan of least floors has only priced ranges, it is the plan of least floors with every
 * range priced, chosen by the same first-index tie rule (along it the least prefix sums agree, as rounding is
 * monotone, and no other range ends on it with a lower sum), and the searches made are the same, in the same order.
 * Pricing a range changes nothing the other DP would see. At the end the least sum of floors is the same, the same
 * ranges are settled, and the best plan over the known options avoids every range with only a floor (the last
 * step), so it is the same plan with the same cost and bound. The proof follows: with ranges left unpriced the
 * plan is proven by its bound, which then meets its cost. (One exception in principle: a prefix whose least cost
 * differs in the two DPs by less than the rounding of the next sum could break a tie of that sum differently.)
 * A range off every plan of least floors is never searched, and one off every plan that could tie with the answer
 * is priced only by the steps' budgets.
 *
 * <p>The unsettled ranges of one plan are searched at once, on up to {@code threads} threads
 * ({@link RangeSearches}), as are the ranges priced at once; each search is bounded by nodes, not time, so the
 * answer is the same on any number of threads.
 *
 * <p>Why: the eager DP searched every range (780 on SqueezeNet, compass-s), most of which no optimal plan uses; the
 * bound's quality at batch 1 (docs/cost-model.md, "The chain bound") lets most be skipped. Pricing every range
 * first cost O(range) per range: 70-110 s on a chain of 10,000 layers (1.28 million ranges on compass-s).
 */
final class RangeOptions {

    /**
     * The recurrence's result.
     *
     * @param partitions the best plan over the known options
     * @param key        its key (seconds, or joules for energy)
     * @param floorKey   the least sum of floors over every plan: a bound on every plan
     * @param proven     whether every range has a proven option (false while some have only floors: the plan is
     *                   then proven when floorKey meets key)
     */
    record Solution(List<Partition> partitions, double key, double floorKey, boolean proven) {
    }

    /** A range with only a floor ({@link RangeFloorScan}): no plan through it is known. */
    private static final byte FLOOR = 0;
    /** A range whose floor is its proven optimum, unreplicated ({@link RangeFloorScan#exact}). */
    private static final byte UNREPLICATED = 1;
    /** A range with an option: {@link ReplicationChooser#quick}'s, then each search's. */
    private static final byte OPTION = 2;

    /**
     * Relative slack when a sum taken in another order than the recurrence's is compared with one of its sums: far
     * above the rounding of a million additions (1e-10), far below any difference between plans that matters.
     */
    private static final double ROUNDING = 1e-9;

    private final CostModel cm;
    private final Objective objective;
    private final int n;
    /** The ranges starting at unit i are x = first[i] .. first[i + 1] - 1, range x being [i, i + x - first[i] + 1). */
    private final int[] first;
    private byte[] state;
    private double[] floor;     // floor key
    private double[] key;       // key of the known option's cost, +infinity with only a floor
    private double[] tie;       // its tie-break
    private Option[] option;    // the option of a range in state OPTION
    private byte[] passes;      // searches done: 0, 1 (depth first), then 1 + each best-first pass
    private int size;
    private int floorsOnly;     // ranges in state FLOOR
    private int priced;         // ranges priced by the loop

    private RangeOptions(Problem problem, CostModel cm) {
        this.cm = cm;
        this.objective = problem.objective();
        this.n = problem.graph().size();
        this.first = new int[n + 1];
        int capacity = Math.max(16, 4 * n);
        state = new byte[capacity];
        floor = new double[capacity];
        key = new double[capacity];
        tie = new double[capacity];
        option = new Option[capacity];
        passes = new byte[capacity];
    }

    /** Appends the next range of the current start, with only a floor (key). */
    private int append(double floorKey) {
        if (size == state.length) {
            int c = 2 * size;
            state = Arrays.copyOf(state, c);
            floor = Arrays.copyOf(floor, c);
            key = Arrays.copyOf(key, c);
            tie = Arrays.copyOf(tie, c);
            option = Arrays.copyOf(option, c);
            passes = Arrays.copyOf(passes, c);
        }
        int x = size++;
        state[x] = FLOOR;
        floor[x] = floorKey;
        key[x] = Double.POSITIVE_INFINITY;
        tie[x] = Double.POSITIVE_INFINITY;
        floorsOnly++;
        return x;
    }

    /** Records an option for range x (priced or searched). */
    private void set(int x, Option o) {
        if (state[x] == FLOOR) {
            floorsOnly--;
        }
        state[x] = OPTION;
        option[x] = o;
        key[x] = PartitionGraph.key(o.cost(), objective);
        tie[x] = PartitionGraph.tieBreak(o.cost(), objective);
        floor[x] = PartitionGraph.floorKey(o, objective);
    }

    /** Settles range x, with only a floor, at that floor: its cost unreplicated, its proven optimum. */
    private void settleUnreplicated(int x, PartitionCost cost) {
        floorsOnly--;
        state[x] = UNREPLICATED;
        key[x] = PartitionGraph.key(cost, objective);
        tie[x] = PartitionGraph.tieBreak(cost, objective);
        floor[x] = key[x];
    }

    /** Whether range x is settled: proven, or searched by every pass. */
    private boolean settled(int x) {
        return state[x] == UNREPLICATED
                || state[x] == OPTION && (option[x].proven() || passes[x] >= 1 + ReplicationChooser.MAX_DEEPEN);
    }

    /**
     * The lazy DP: the best plan over the options it knows, with the least sum of floors as the bound; null
     * when flooring every range does not finish before the deadline (System.nanoTime) or a cancellation (the caller
     * then runs the eager DP, which stops at once with a partial plan). A deadline or cancellation later stops the
     * pricing and searches and returns what is known: a whole plan with an honest bound.
     *
     * @param threads searches run at once (the problem's {@code limits.threads}); at least 1
     */
    static Solution solveLazily(Problem problem, CostModel cm, long deadline, Cancellation cancel, int threads) {
        return solveLazily(problem, cm, deadline, cancel, threads, Pricing.FLOORS_FIRST);
    }

    /** How the ranges get their first options. */
    enum Pricing {
        /** Floors first, then a pricing step prices as many ranges as were priced before it, at least a plan's. */
        FLOORS_FIRST,
        /** Floors first, then a pricing step prices the ranges of one plan only (the tests' check of the last step). */
        FLOORS_FIRST_ONE_PLAN_AT_A_TIME,
        /** Every range priced before the loop, as before the floors of {@link RangeFloorScan} (the reference). */
        EVERY_RANGE_FIRST
    }

    /** {@link #solveLazily(Problem, CostModel, long, Cancellation, int)} with the given pricing. */
    static Solution solveLazily(Problem problem, CostModel cm, long deadline, Cancellation cancel, int threads,
                                Pricing pricing) {
        RangeOptions table = pricing == Pricing.EVERY_RANGE_FIRST ? priced(problem, cm, deadline, cancel)
                : floored(problem, cm, deadline, cancel);
        if (table == null) {
            return null;
        }
        try (RangeSearches searches = new RangeSearches(threads)) {
            while (true) {
                int[] from = new int[table.n + 1];
                double[] least = table.floors(from);
                List<int[]> unpriced = new ArrayList<>();
                List<int[]> open = new ArrayList<>();
                for (int j = table.n; j > 0; j = from[j]) {
                    int x = table.index(from[j], j);
                    if (table.state[x] == FLOOR) {
                        unpriced.add(new int[] {from[j], j});
                    } else if (!table.settled(x)) {
                        open.add(new int[] {from[j], j});
                    }
                }
                if (!unpriced.isEmpty()) {
                    // this plan's ranges with only floors, and as many more as have been priced so far, those on
                    // the plans of least floors first: pricing steps stay few however weak the floors
                    List<int[]> batch = pricing == Pricing.FLOORS_FIRST ? table.mostPromising(
                            table.through(least, table.floor), Math.max(unpriced.size(), table.priced), unpriced)
                            : unpriced;
                    if (!table.price(batch, searches, deadline, cancel)) {
                        return table.stopped(searches);
                    }
                    continue;
                }
                if (!open.isEmpty()) {
                    if (!table.searchAll(open, searches, deadline, cancel)) {
                        return table.stopped(searches);
                    }
                    continue;
                }
                // the plan of least floors is settled: its sum bounds every plan; the ranges with only floors that
                // could still equal or beat the best plan known get their options before it is returned
                if (table.floorsOnly == 0) {
                    return table.solve();
                }
                List<int[]> rivals = table.rivals();
                if (rivals.isEmpty()) {
                    return table.solve();
                }
                if (!table.price(rivals, searches, deadline, cancel)) {
                    return table.stopped(searches);
                }
            }
        }
    }

    /** Range [i, j)'s index. */
    private int index(int i, int j) {
        return first[i] + j - i - 1;
    }

    /**
     * Prices ranges [i, j) with only floors by {@link ReplicationChooser#quick}, on the searches' threads; false
     * when the deadline (System.nanoTime) passed or the solve was cancelled before all were priced (those priced
     * are kept).
     */
    private boolean price(List<int[]> ranges, RangeSearches searches, long deadline, Cancellation cancel) {
        List<Option> found = searches.run(ranges, r -> System.nanoTime() - deadline > 0 || cancel.isCancelled()
                ? null : ReplicationChooser.quick(cm, DpFormulation.range(r[0], r[1]), objective));
        boolean all = true;
        for (int m = 0; m < ranges.size(); m++) {
            if (found.get(m) == null) {
                all = false;
            } else {
                set(index(ranges.get(m)[0], ranges.get(m)[1]), found.get(m));
                priced++;
            }
        }
        return all;
    }

    /** Each unsettled range's next search; false when the deadline passed or the solve was cancelled first. */
    private boolean searchAll(List<int[]> open, RangeSearches searches, long deadline, Cancellation cancel) {
        // the ranges of one plan are searched independently, so the answer does not depend on threads
        List<Option> found = searches.run(open, r -> search(r[0], r[1], passes[index(r[0], r[1])], deadline, cancel));
        boolean all = true;
        for (int m = 0; m < open.size(); m++) {
            int x = index(open.get(m)[0], open.get(m)[1]);
            if (found.get(m) == null) {
                all = false;
                continue;
            }
            set(x, found.get(m));
            passes[x]++;
        }
        return all;
    }

    /**
     * Stopped by the deadline or a cancellation: the best plan over the known options, after pricing the ranges of
     * the plan of least floors that have only floors (so that a whole plan is known; one plan's ranges, whatever
     * the time).
     */
    private Solution stopped(RangeSearches searches) {
        int[] from = new int[n + 1];
        floors(from);
        List<int[]> unpriced = new ArrayList<>();
        for (int j = n; j > 0; j = from[j]) {
            if (state[index(from[j], j)] == FLOOR) {
                unpriced.add(new int[] {from[j], j});
            }
        }
        price(unpriced, searches, Long.MAX_VALUE, Cancellation.NEVER);
        return solve();
    }

    /**
     * The next search of range [i, j), which has had {@code done} searches: the depth-first pass, then each
     * best-first pass; null when the deadline (System.nanoTime) has passed or the solve is cancelled.
     */
    private Option search(int i, int j, int done, long deadline, Cancellation cancel) {
        if (System.nanoTime() - deadline > 0 || cancel.isCancelled()) {
            return null;
        }
        Option known = option[index(i, j)];
        int[] units = DpFormulation.range(i, j);
        return done == 0
                ? ReplicationChooser.best(cm, units, objective, cancel).raisedTo(known)
                : ReplicationChooser.deepen(cm, units, objective, known, done, cancel);
    }

    /**
     * Every range that fits on the chip with its floor from {@link RangeFloorScan}, settled where that floor is
     * its optimum; null when the deadline passes or the solve is cancelled first.
     */
    private static RangeOptions floored(Problem problem, CostModel cm, long deadline, Cancellation cancel) {
        RangeOptions table = new RangeOptions(problem, cm);
        RangeFloorScan scan = new RangeFloorScan(cm);
        long chip = problem.hardware().crossbars();
        for (int i = 0; i < table.n; i++) {
            if (System.nanoTime() - deadline > 0 || cancel.isCancelled()) {
                return null;
            }
            table.first[i] = table.size;
            scan.start(i);
            while (scan.end() < table.n) {
                scan.extend();
                if (scan.crossbars() > chip) {
                    break;
                }
                PartitionCost c = scan.floor();
                int x = table.append(PartitionGraph.key(c, table.objective));
                if (scan.exact()) {
                    table.settleUnreplicated(x, c);
                }
            }
        }
        table.first[table.n] = table.size;
        return table;
    }

    /**
     * Every range that fits on the chip, priced by {@link ReplicationChooser#quick} (no search); null when the
     * deadline passes or the solve is cancelled first.
     */
    private static RangeOptions priced(Problem problem, CostModel cm, long deadline, Cancellation cancel) {
        RangeOptions table = new RangeOptions(problem, cm);
        MappedGraph g = problem.graph();
        long chip = problem.hardware().crossbars();
        for (int i = 0; i < g.size(); i++) {
            if (System.nanoTime() - deadline > 0 || cancel.isCancelled()) {
                return null;
            }
            table.first[i] = table.size;
            long crossbars = 0;
            for (int j = i + 1; j <= g.size(); j++) {
                crossbars += g.unit(j - 1).crossbars();
                Option o = crossbars > chip ? null : ReplicationChooser.quick(cm, DpFormulation.range(i, j),
                        problem.objective());
                if (o == null) {
                    break;
                }
                table.set(table.append(Double.POSITIVE_INFINITY), o);
            }
        }
        table.first[g.size()] = table.size;
        return table;
    }

    /**
     * The least sum of floors of a plan of units [0, j) for every j, with back-pointers: from[j] is where the
     * last range of such a plan starts (the first such start).
     */
    private double[] floors(int[] from) {
        double[] least = new double[n + 1];
        Arrays.fill(least, Double.POSITIVE_INFINITY);
        least[0] = 0;
        for (int i = 0; i < n; i++) {
            int end = first[i + 1];
            for (int x = first[i]; x < end; x++) {
                int j = i + x - first[i] + 1;
                double v = least[i] + floor[x];
                if (v < least[j]) {
                    least[j] = v;
                    from[j] = i;
                }
            }
        }
        return least;
    }

    /**
     * Per range with only a floor, the least sum of {@code value} (per range) over the plans through it:
     * ahead[i] + value + the least sum from j to the end; +infinity for the other ranges.
     *
     * @param ahead the least sum of {@code value} over plans of units [0, i), for every i
     */
    private double[] through(double[] ahead, double[] value) {
        double[] behind = new double[n + 1];
        Arrays.fill(behind, Double.POSITIVE_INFINITY);
        behind[n] = 0;
        for (int i = n - 1; i >= 0; i--) {
            int end = first[i + 1];
            for (int x = first[i]; x < end; x++) {
                behind[i] = Math.min(behind[i], value[x] + behind[i + x - first[i] + 1]);
            }
        }
        double[] through = new double[size];
        for (int i = 0; i < n; i++) {
            int end = first[i + 1];
            for (int x = first[i]; x < end; x++) {
                through[x] = state[x] == FLOOR ? ahead[i] + value[x] + behind[i + x - first[i] + 1]
                        : Double.POSITIVE_INFINITY;
            }
        }
        return through;
    }

    /**
     * The ranges of {@code must}, then up to {@code count} ranges with only floors in all: those of least
     * {@code through} first, ties by index.
     */
    private List<int[]> mostPromising(double[] through, int count, List<int[]> must) {
        boolean[] taken = new boolean[size];
        List<int[]> chosen = new ArrayList<>(must);
        for (int[] r : must) {
            taken[index(r[0], r[1])] = true;
        }
        int room = count - chosen.size();
        if (room <= 0) {
            return chosen;
        }
        double[] sorted = new double[floorsOnly];
        int k = 0;
        for (int x = 0; x < size; x++) {
            if (!taken[x] && state[x] == FLOOR && through[x] < Double.POSITIVE_INFINITY) {
                sorted[k++] = through[x];
            }
        }
        if (k == 0) {
            return chosen;
        }
        Arrays.sort(sorted, 0, k);
        double threshold = sorted[Math.min(room, k) - 1];
        for (int i = 0; i < n && room > 0; i++) {
            int end = first[i + 1];
            for (int x = first[i]; x < end && room > 0; x++) {
                if (!taken[x] && state[x] == FLOOR && through[x] < threshold) {
                    chosen.add(new int[] {i, i + x - first[i] + 1});
                    taken[x] = true;
                    room--;
                }
            }
        }
        for (int i = 0; i < n && room > 0; i++) {
            int end = first[i + 1];
            for (int x = first[i]; x < end && room > 0; x++) {
                if (!taken[x] && state[x] == FLOOR && through[x] == threshold) {
                    chosen.add(new int[] {i, i + x - first[i] + 1});
                    room--;
                }
            }
        }
        return chosen;
    }

    /**
     * The ranges with only floors on a plan that could equal or beat the best plan known: counting their floors
     * and the others' costs, at most the best plan's key (up to rounding).
     */
    private List<int[]> rivals() {
        double[] value = new double[size];
        for (int x = 0; x < size; x++) {
            value[x] = state[x] == FLOOR ? floor[x] : key[x];
        }
        double[] ahead = new double[n + 1];
        double[] best = new double[n + 1];
        Arrays.fill(ahead, Double.POSITIVE_INFINITY);
        Arrays.fill(best, Double.POSITIVE_INFINITY);
        ahead[0] = 0;
        best[0] = 0;
        for (int i = 0; i < n; i++) {
            int end = first[i + 1];
            for (int x = first[i]; x < end; x++) {
                int j = i + x - first[i] + 1;
                ahead[j] = Math.min(ahead[j], ahead[i] + value[x]);
                best[j] = Math.min(best[j], best[i] + key[x]);
            }
        }
        double[] through = through(ahead, value);
        // sums taken in another order than the recurrence's: compared with its sum up to rounding
        double limit = best[n] + Math.abs(best[n]) * ROUNDING;
        List<int[]> rivals = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int end = first[i + 1];
            for (int x = first[i]; x < end; x++) {
                if (through[x] <= limit) {
                    rivals.add(new int[] {i, i + x - first[i] + 1});
                }
            }
        }
        return rivals;
    }

    /** The DP's recurrence over the known options: the best plan (ties to the least secondary cost). */
    Solution solve() {
        double[] best = new double[n + 1];
        double[] second = new double[n + 1];
        double[] least = new double[n + 1];
        int[] from = new int[n + 1];
        int[] via = new int[n + 1];
        Arrays.fill(best, Double.POSITIVE_INFINITY);
        Arrays.fill(least, Double.POSITIVE_INFINITY);
        best[0] = 0;
        least[0] = 0;
        boolean proven = floorsOnly == 0;
        for (int i = 0; i < n; i++) {
            int end = first[i + 1];
            for (int x = first[i]; x < end; x++) {
                int j = i + x - first[i] + 1;
                least[j] = Math.min(least[j], least[i] + floor[x]);
                if (state[x] == FLOOR) {
                    continue;
                }
                proven &= state[x] == UNREPLICATED || option[x].proven();
                double v = best[i] + key[x];
                double v2 = second[i] + tie[x];
                if (v < best[j] || (v == best[j] && v2 < second[j])) {
                    best[j] = v;
                    second[j] = v2;
                    from[j] = i;
                    via[j] = x;
                }
            }
        }
        List<Partition> parts = new ArrayList<>();
        for (int j = n; j > 0; j = from[j]) {
            int x = via[j];
            int[] replication;
            if (state[x] == UNREPLICATED) {
                replication = new int[j - from[j]];
                Arrays.fill(replication, 1);
            } else {
                replication = option[x].replication();
            }
            parts.add(Partition.of(DpFormulation.range(from[j], j), replication));
        }
        java.util.Collections.reverse(parts);
        return new Solution(parts, best[n], least[n], proven);
    }
}
