package org.compass.solver.cost;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import org.compass.model.mapping.MappedGraph;
import org.compass.model.mapping.Unit;
import org.compass.model.problem.Objective;
import org.compass.solver.control.Cancellation;

/**
 * Cost model v2: the (replication, resident subset) options of one partition that no other beats in cost, resident
 * crossbars (rho) and streamed crossbars (s) at once, by an exact search ({@link ResidentChooser#front};
 * docs/cost-model.md, "Resident weights under v2").
 *
 * <p>What a choice changes under v2. A resident unit is neither loaded nor written per batch, so the streamed units'
 * rows, weight bytes, tiles and tile rows set the program phase T_prog = max(W + h, L + b) and the write and DRAM
 * energy; the compute phase depends on the replication only (every unit computes, resident or not), through each
 * unit's own time. So for a fixed replication vector r the cost of a resident subset is a function of the streamed
 * (rows, bytes, tileRows, tiles), non-decreasing in the first three and non-increasing in the tiles (h = min(cores,
 * tiles) x L / tiles and b = tileRows / tiles x t_row both fall as tiles grow with the rest fixed; T_prog is not
 * monotone in the subset itself, which is why v1's two-dimensional rule does not carry over). Two subsets with
 * the same rho stream the same s; one that streams no more rows, bytes and tile rows and at least the tiles of
 * another, after any further units are added to both, costs no more. So, per rho, the subsets built unit by unit
 * keep only those not beaten in those four sums, and the cheapest survivor is r's option for that rho.
 *
 * <p>The replication vectors are enumerated depth first over each weighted unit's useful factors
 * ({@link UsefulFactors}: a factor that does not shorten the unit's own time only adds crossbars, resident or
 * streamed, and rows). A subtree whose first d factors are fixed is pruned when every one of its <em>floor
 * points</em> is beaten by an option already kept: for each rho, the least cost any of its completions can have
 * with that resident choice, counting the fixed units at their factors and the others unreplicated (every
 * completion has at least those rows, crossbars, rho and s), T_prog at least max(W, L) (h, b &gt;= 0), and the
 * compute phase of the stages with every open unit at its fastest factor that fits in the spare crossbars (the
 * bound of {@link ReplicationSearch}: stages do not slow down when own times shrink). Every completion has a floor
 * point no worse in cost, rho and s, so a pruned subtree holds no option that is not beaten.
 *
 * <p>Exponential in the weighted units of a partition in the worst case: a search visits at most
 * {@link #NODE_BUDGET} subtrees. One that stops keeps the floor points of the subtrees it left, not beaten by an
 * option found: a relaxation of what it did not see ({@link ResidentChooser.Front#floors}), from which the
 * formulations take a bound instead of a proof. A decode step's projections have one useful factor each (one MVM
 * step per input), so their search is the subset enumeration alone.
 */
final class ResidentFront {

    /**
     * Subtrees one search may visit (as {@link ReplicationSearch#NODE_BUDGET}); deterministic, so that every machine
     * finds the same answer within a time limit.
     */
    static final long NODE_BUDGET = 2_000;

    private final CostModel cm;
    private final int[] units;
    private final Objective objective;
    private final UnitPositions position;
    private final long chip;
    private final long in;
    private final long out;
    private final long crossbarSteps;
    private final int[] order;               // positions in units of the weighted units, in branching order
    private final int[][] candidates;        // per weighted unit (branching order): useful factors, ascending
    private final long[] crossbars;          // per weighted unit (branching order): crossbars of one replica
    private final long[] rows;               // rows of one replica
    private final long[] bytes;              // weight bytes
    private final long[] minCrossbarsAfter;  // crossbars of the units after each depth, unreplicated
    private final int[] replication;         // the vector being built, parallel to units
    private final Cancellation cancel;
    private final long deadline;             // System.nanoTime(); Long.MAX_VALUE for none
    private long budget;
    private final List<ResidentChooser.Option> archive = new ArrayList<>();
    private final List<ResidentChooser.Option> floors = new ArrayList<>();
    private long nodes;

    private ResidentFront(CostModel cm, int[] units, Objective objective, Cancellation cancel, long deadline,
                          long budget) {
        this.cm = cm;
        this.units = units;
        this.objective = objective;
        this.cancel = cancel;
        this.deadline = deadline;
        this.budget = budget;
        this.position = cm.positions(units);
        MappedGraph g = cm.problem().graph();
        this.chip = cm.problem().hardware().crossbars();
        this.in = cm.inBytes(units);
        this.out = cm.outBytes(units);
        this.replication = new int[units.length];
        java.util.Arrays.fill(replication, 1);
        this.crossbarSteps = cm.load(units, replication, in, out).crossbarSteps();
        this.order = UsefulFactors.branchingOrder(cm, units);
        int w = order.length;
        this.candidates = new int[w][];
        this.crossbars = new long[w];
        this.rows = new long[w];
        this.bytes = new long[w];
        int[] factors = cm.problem().replication().toArray();
        for (int d = 0; d < w; d++) {
            Unit unit = g.unit(units[order[d]]);
            candidates[d] = UsefulFactors.of(cm, unit, factors, chip).factors();
            crossbars[d] = unit.crossbars();
            rows[d] = unit.rowsWritten();
            bytes[d] = unit.weightBytes();
        }
        this.minCrossbarsAfter = new long[w + 1];
        for (int d = w - 1; d >= 0; d--) {
            minCrossbarsAfter[d] = minCrossbarsAfter[d + 1] + crossbars[d];
        }
    }

    /**
     * {@link ResidentChooser#front} under cost model v2, with at most {@link #NODE_BUDGET} subtrees; it stops as at its
     * budget when {@code cancel} is cancelled or the deadline (System.nanoTime(); Long.MAX_VALUE for none) passes.
     */
    static ResidentChooser.Front search(CostModel cm, int[] units, Objective objective, Cancellation cancel,
                                        long deadline, List<int[]> seeds) {
        return search(cm, units, objective, cancel, deadline, seeds, NODE_BUDGET);
    }

    /**
     * The search with a given budget of subtrees (tests make it stop).
     *
     * @param seeds replication vectors (parallel to the units) whose resident subsets are offered first, so that a
     *              search that stops keeps at least their options (the plain replication search's best, say)
     */
    static ResidentChooser.Front search(CostModel cm, int[] units, Objective objective, Cancellation cancel,
                                        long deadline, List<int[]> seeds, long budget) {
        ResidentFront f = new ResidentFront(cm, units, objective, cancel, deadline, budget);
        if (f.minCrossbarsAfter[0] <= f.chip) {
            for (int[] seed : seeds) {
                long used = 0;
                for (int d = 0; d < f.order.length; d++) {
                    used += seed[f.order[d]] * f.crossbars[d];
                }
                if (used <= f.chip) {
                    System.arraycopy(seed, 0, f.replication, 0, seed.length);
                    f.leaf();
                }
            }
            java.util.Arrays.fill(f.replication, 1);
            // the fastest vector too, so that the options span both ends before the search spends its budget
            f.dive(0, 0);
            f.search(0, 0);
        }
        f.floors.removeIf(f::beaten);
        List<ResidentChooser.Option> kept = new ArrayList<>();
        for (ResidentChooser.Option o : f.floors) {
            if (kept.stream().noneMatch(k -> f.dominates(k, o))) {
                kept.removeIf(k -> f.dominates(o, k));
                kept.add(o);
            }
        }
        Comparator<ResidentChooser.Option> byCrossbars = Comparator
                .comparingLong(ResidentChooser.Option::residentCrossbars)
                .thenComparingLong(ResidentChooser.Option::streamedCrossbars);
        f.archive.sort(byCrossbars);
        kept.sort(byCrossbars);
        return new ResidentChooser.Front(List.copyOf(f.archive), List.copyOf(kept));
    }

    /** Branches on the factor of the weighted unit at depth d, the units before it fixed in place. */
    private void search(int d, long used) {
        nodes++;
        if (d == order.length) {
            leaf();
            return;
        }
        boolean interrupted = cancel.isCancelled()
                || ((nodes & 15) == 0 && deadline != Long.MAX_VALUE && System.nanoTime() - deadline > 0);
        boolean stop = nodes > budget || interrupted;
        if (stop) {
            budget = 0; // stays stopped: every later subtree is left with its floor points
            if (!interrupted && !cancel.isCancelled()) {
                dive(d, used); // one more vector from the subtree left: what a stopped search keeps is better
            }
        }
        if (stop || !archive.isEmpty()) {
            List<ResidentChooser.Option> points = floorPoints(d, used);
            points.removeIf(this::beaten);
            if (points.isEmpty()) {
                return; // every completion is beaten by an option kept
            }
            if (stop) {
                floors.addAll(points);
                return;
            }
        }
        int i = order[d];
        for (int r : candidates[d]) {
            long x = used + r * crossbars[d];
            if (x + minCrossbarsAfter[d + 1] > chip) {
                break; // larger factors need more crossbars
            }
            replication[i] = r;
            search(d + 1, x);
        }
        replication[i] = 1;
    }

    /**
     * Completes the subtree at depth d greedily, in branching order, each unit at its largest useful factor that fits
     * beside the others unreplicated, and offers that vector's options.
     */
    private void dive(int d, long used) {
        long x = used;
        for (int e = d; e < order.length; e++) {
            long room = chip - x - minCrossbarsAfter[e + 1];
            int r = 1;
            for (int c : candidates[e]) {
                if (c * crossbars[e] <= room) {
                    r = c;
                }
            }
            replication[order[e]] = r;
            x += r * crossbars[e];
        }
        leaf();
        for (int e = d; e < order.length; e++) {
            replication[order[e]] = 1;
        }
    }

    /**
     * The floor points of the subtree at depth d: per rho (resident crossbars, the fixed units at their factors and
     * the others unreplicated), the least cost of a completion with a resident choice of that rho, with s the
     * other crossbars of the same count.
     */
    private List<ResidentChooser.Option> floorPoints(int d, long used) {
        long spare = chip - used - minCrossbarsAfter[d];
        for (int e = d; e < order.length; e++) {
            int fastest = 1;
            for (int r : candidates[e]) {
                if ((r - 1) * crossbars[e] > spare) {
                    break;
                }
                fastest = r;
            }
            replication[order[e]] = fastest;
        }
        double compute = cm.stages(units, replication, position).computeSeconds();
        for (int e = d; e < order.length; e++) {
            replication[order[e]] = 1;
        }
        // per rho, the (rows, bytes) pairs the other units stream that no other choice beats
        TreeMap<Long, List<long[]>> byRho = new TreeMap<>();
        byRho.put(0L, new ArrayList<>(List.of(new long[] {0, 0})));
        long total = 0;
        for (int e = 0; e < order.length; e++) {
            int f = e < d ? replication[order[e]] : 1;
            long x = f * crossbars[e];
            long rw = f * rows[e];
            total += x;
            TreeMap<Long, List<long[]>> next = new TreeMap<>();
            for (var entry : byRho.entrySet()) {
                for (long[] s : entry.getValue()) {
                    addPair(next, entry.getKey(), new long[] {s[0] + rw, s[1] + bytes[e]});
                    addPair(next, entry.getKey() + x, s);
                }
            }
            byRho = next;
        }
        List<ResidentChooser.Option> points = new ArrayList<>();
        for (var entry : byRho.entrySet()) {
            PartitionCost best = null;
            for (long[] s : entry.getValue()) {
                // T_prog >= max(W, L): a load without tiles is priced so (CostModel.programSeconds)
                PartitionCost c = cm.cost(new PartitionLoad(0, s[0], s[1], 0, 0, 0, in, out, crossbarSteps, 0,
                        compute, 0, 0, 0));
                if (best == null || ReplicationChooser.better(c, best, objective)) {
                    best = c;
                }
            }
            points.add(new ResidentChooser.Option(null, null, best, entry.getKey(), total - entry.getKey()));
        }
        return points;
    }

    private static void addPair(TreeMap<Long, List<long[]>> byRho, long rho, long[] s) {
        List<long[]> list = byRho.computeIfAbsent(rho, k -> new ArrayList<>());
        for (long[] o : list) {
            if (o[0] <= s[0] && o[1] <= s[1]) {
                return;
            }
        }
        list.removeIf(o -> s[0] <= o[0] && s[1] <= o[1]);
        list.add(s);
    }

    /** A resident subset of one replication vector: the rows, bytes, tiles and tile rows its other units stream. */
    private record Subset(long rows, long bytes, long tiles, long tileRows, boolean[] resident) {

        /** Whether this subset costs no more than o after any further units are added to both. */
        boolean beats(Subset o) {
            return rows <= o.rows && bytes <= o.bytes && tileRows <= o.tileRows && tiles >= o.tiles;
        }
    }

    /** Every factor fixed: per rho, the cheapest resident subset of the vector, offered to the archive. */
    private void leaf() {
        TreeMap<Long, List<Subset>> byRho = new TreeMap<>();
        byRho.put(0L, new ArrayList<>(List.of(new Subset(0, 0, 0, 0, new boolean[units.length]))));
        long total = 0;
        for (int e = 0; e < order.length; e++) {
            int i = order[e];
            int f = replication[i];
            long x = f * crossbars[e];
            total += x;
            TreeMap<Long, List<Subset>> next = new TreeMap<>();
            for (var entry : byRho.entrySet()) {
                for (Subset s : entry.getValue()) {
                    addSubset(next, entry.getKey(), new Subset(s.rows + f * rows[e], s.bytes + bytes[e],
                            s.tiles + crossbars[e], s.tileRows + rows[e], s.resident));
                    boolean[] r = s.resident.clone();
                    r[i] = true;
                    addSubset(next, entry.getKey() + x, new Subset(s.rows, s.bytes, s.tiles, s.tileRows, r));
                }
            }
            byRho = next;
        }
        int[] rep = replication.clone();
        // the compute phase, period and MVM steps do not depend on which units are resident: one stage run per vector,
        // then each subset's load is that of CostModel.load with its resident flags (the same sums)
        PartitionLoad all = cm.load(units, rep, in, out);
        for (var entry : byRho.entrySet()) {
            long rho = entry.getKey();
            ResidentChooser.Option best = null;
            for (Subset s : entry.getValue()) {
                PartitionCost c = cm.cost(new PartitionLoad(total - rho, s.rows, s.bytes, all.periodSteps(),
                        all.fillSteps(), all.depth(), in, out, all.crossbarSteps(), all.periodSeconds(),
                        all.computeSeconds(), s.tiles, s.tileRows, rho));
                if (best == null || ReplicationChooser.better(c, best.cost(), objective)) {
                    best = new ResidentChooser.Option(rep, s.resident, c, rho, total - rho);
                }
            }
            offer(best);
        }
    }

    private static void addSubset(TreeMap<Long, List<Subset>> byRho, long rho, Subset s) {
        List<Subset> list = byRho.computeIfAbsent(rho, k -> new ArrayList<>());
        for (Subset o : list) {
            if (o.beats(s)) {
                return;
            }
        }
        list.removeIf(s::beats);
        list.add(s);
    }

    /** Keeps an option unless one kept beats it; drops those it beats. */
    private void offer(ResidentChooser.Option o) {
        if (beaten(o)) {
            return;
        }
        archive.removeIf(a -> dominates(o, a));
        archive.add(o);
    }

    /** Whether an option kept is no worse than o in cost (the objective's order), rho and s. */
    private boolean beaten(ResidentChooser.Option o) {
        for (ResidentChooser.Option a : archive) {
            if (dominates(a, o)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a is no worse than b in cost, resident crossbars and streamed crossbars. */
    private boolean dominates(ResidentChooser.Option a, ResidentChooser.Option b) {
        return !ReplicationChooser.better(b.cost(), a.cost(), objective)
                && a.residentCrossbars() <= b.residentCrossbars() && a.streamedCrossbars() <= b.streamedCrossbars();
    }
}
