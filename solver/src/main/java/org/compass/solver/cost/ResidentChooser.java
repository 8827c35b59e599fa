package org.compass.solver.cost;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import org.compass.model.mapping.MappedGraph;
import org.compass.model.mapping.Unit;
import org.compass.model.problem.CostModelVersion;
import org.compass.model.problem.Objective;
import org.compass.solver.control.Cancellation;

/**
 * The inner problem of a plan with resident weights (docs/formulations.md, "Resident weights"): for a fixed set of
 * units (one partition), every way to replicate them and to choose which of them stay resident that some plan may
 * need, with its cost ({@link CostModel#cost(int[], int[], boolean[])}), the crossbars it reserves for the run
 * (rho) and the crossbars it streams (s).
 *
 * <p>Why these options suffice (cost model v1). A partition's time and energy depend on the resident choice only
 * through the streamed rows and weight bytes, and grow with both; the plan's constraints see only rho and s.
 * (1) For a fixed period the least replication of every unit is best, resident or not: more replicas add rows or
 * crossbars and change nothing else ({@link ReplicationChooser}); so the period options of
 * {@link ReplicationChooser#options} are the replications to try. (2) For one of them, every subset of the
 * weighted units is a resident choice; subsets with the same rho have the same s (the replicated crossbars minus
 * rho), so per rho only the subsets not beaten in (streamed rows, streamed bytes) can be best, and of those the one
 * of least cost is kept. (3) An option no worse in cost, rho and s than another replaces it in any plan, so only
 * the options not dominated in (cost, rho, s) are returned. The subsets are built unit by unit, keeping per rho
 * only the (rows, bytes) pairs no other beats: exponential in the weighted units of a partition in the worst case,
 * a handful for a decoder's partitions (one or a few linear layers).
 *
 * <p>Cost model v2 ({@link ResidentFront}): (1) does not hold (more replication also shortens the fill) and the
 * program phase is not monotone in the streamed set, so every replication vector of useful factors is searched,
 * with (2) over four sums (streamed rows, bytes, tile rows, tiles) and a bound that prunes whole subtrees of
 * vectors; a search that stops at its node budget says so with floor points ({@link Front#floors}).
 */
public final class ResidentChooser {

    /**
     * One way to replicate a partition's units and keep some of them resident.
     *
     * @param replication       factor of each unit, parallel to the units
     * @param resident          whether each unit is resident, parallel to the units
     * @param cost              its cost in the steady state (resident units neither loaded nor written)
     * @param residentCrossbars crossbars its resident units reserve for the whole run (rho)
     * @param streamedCrossbars crossbars its other units occupy while the partition runs (s)
     */
    public record Option(int[] replication, boolean[] resident, PartitionCost cost, long residentCrossbars,
                         long streamedCrossbars) {
    }

    private ResidentChooser() {
    }

    /**
     * The options of a partition and, when the search that found them stopped before it saw every choice, the floor
     * points of what it did not see.
     *
     * @param options the options found, not dominated in (cost, resident crossbars, streamed crossbars), sorted by
     *                resident crossbars
     * @param floors  empty when the options are proven to contain a best choice for every plan; otherwise points
     *                (cost, rho, s) with neither replication nor resident flags (both null) such that every choice
     *                not among the options is no better than one of them in cost, rho and s: with the options, a
     *                relaxation of the partition from which a bound follows
     */
    public record Front(List<Option> options, List<Option> floors) {

        /** Whether the options are proven: no floor point is left. */
        public boolean proven() {
            return floors.isEmpty();
        }
    }

    /**
     * The options of a partition's units that contain, for the objective, a best choice for every plan: not
     * dominated in (cost, resident crossbars, streamed crossbars), sorted by resident crossbars. Under cost model v2
     * only the options found by a search that may stop at its node budget ({@link #front} says whether it did).
     *
     * @param units unit ids, ascending
     * @throws IllegalArgumentException for the EDP objective (not supported)
     */
    public static List<Option> options(CostModel cm, int[] units, Objective objective) {
        return front(cm, units, objective, Cancellation.NEVER).options();
    }

    /**
     * {@link #options} with the floor points of what a stopped search did not see: cost model v1 enumerates exactly
     * (no floors); v2 searches replication vectors and resident subsets together ({@link ResidentFront}), stopping
     * at its node budget or when {@code cancel} is cancelled.
     *
     * @param units unit ids, ascending
     * @throws IllegalArgumentException for the EDP objective (not supported)
     */
    public static Front front(CostModel cm, int[] units, Objective objective, Cancellation cancel) {
        return front(cm, units, objective, cancel, Long.MAX_VALUE, List.of());
    }

    /**
     * {@link #front(CostModel, int[], Objective, Cancellation)}; under v2 the search also stops at {@code deadline}
     * (System.nanoTime(); Long.MAX_VALUE for none), as at its budget, and offers the resident subsets of the
     * {@code seeds} (replication vectors parallel to the units, e.g. the partition's best replication without resident
     * weights) first, so that its options keep theirs even when it stops. Under v1 the seeds add nothing (the options
     * are exact) and are ignored.
     */
    public static Front front(CostModel cm, int[] units, Objective objective, Cancellation cancel, long deadline,
                              List<int[]> seeds) {
        if (objective == Objective.EDP) {
            throw new IllegalArgumentException("resident weights: throughput, latency or energy only");
        }
        if (cm.problem().costModel() != CostModelVersion.V1) {
            return ResidentFront.search(cm, units, objective, cancel, deadline, seeds);
        }
        return new Front(optionsV1(cm, units, objective), List.of());
    }

    /** Cost model v1: the period options of {@link ReplicationChooser}, each with every resident subset. */
    private static List<Option> optionsV1(CostModel cm, int[] units, Objective objective) {
        MappedGraph g = cm.problem().graph();
        long chip = cm.problem().hardware().crossbars();
        long in = cm.inBytes(units);
        long out = cm.outBytes(units);
        List<Option> all = new ArrayList<>();
        for (ReplicationChooser.Option period : ReplicationChooser.options(cm, units)) {
            int[] rep = period.replication();
            List<Integer> weighted = new ArrayList<>();
            long total = 0;
            for (int i = 0; i < units.length; i++) {
                Unit u = g.unit(units[i]);
                if (u.weighted()) {
                    weighted.add(i);
                    total += (long) rep[i] * u.crossbars();
                }
            }
            // per rho, the (streamed rows, streamed bytes) pairs no other subset beats
            TreeMap<Long, List<Subset>> byRho = new TreeMap<>();
            byRho.put(0L, List.of(new Subset(0, 0, new boolean[units.length])));
            for (int i : weighted) {
                Unit u = g.unit(units[i]);
                long xb = (long) rep[i] * u.crossbars();
                long rows = (long) rep[i] * u.rowsWritten();
                TreeMap<Long, List<Subset>> next = new TreeMap<>();
                for (var e : byRho.entrySet()) {
                    for (Subset s : e.getValue()) {
                        add(next, e.getKey(), new Subset(s.rows + rows, s.bytes + u.weightBytes(), s.resident));
                        if (e.getKey() + xb <= chip) {
                            boolean[] r = s.resident.clone();
                            r[i] = true;
                            add(next, e.getKey() + xb, new Subset(s.rows, s.bytes, r));
                        }
                    }
                }
                byRho = next;
            }
            for (var e : byRho.entrySet()) {
                Option best = null;
                for (Subset s : e.getValue()) {
                    PartitionCost c = cm.cost(cm.load(units, rep, in, out, s.resident));
                    if (best == null || ReplicationChooser.better(c, best.cost(), objective)) {
                        best = new Option(rep, s.resident, c, e.getKey(), total - e.getKey());
                    }
                }
                all.add(best);
            }
        }
        return undominated(all, objective);
    }

    /** A subset of a partition's weighted units kept resident: the rows and bytes the others stream. */
    private record Subset(long rows, long bytes, boolean[] resident) {
    }

    /** Adds a subset to its rho's list unless another beats it in rows and bytes; drops those it beats. */
    private static void add(TreeMap<Long, List<Subset>> byRho, long rho, Subset s) {
        List<Subset> list = byRho.computeIfAbsent(rho, k -> new ArrayList<>());
        for (Subset o : list) {
            if (o.rows <= s.rows && o.bytes <= s.bytes) {
                return;
            }
        }
        list.removeIf(o -> s.rows <= o.rows && s.bytes <= o.bytes);
        list.add(s);
    }

    /** The options no other beats in cost (the objective's order), resident and streamed crossbars at once. */
    private static List<Option> undominated(List<Option> options, Objective objective) {
        List<Option> sorted = new ArrayList<>(options);
        Comparator<Option> byCost = (a, b) -> ReplicationChooser.better(a.cost(), b.cost(), objective) ? -1
                : ReplicationChooser.better(b.cost(), a.cost(), objective) ? 1 : 0;
        sorted.sort(byCost);
        List<Option> out = new ArrayList<>();
        for (Option o : sorted) {
            boolean beaten = false;
            for (Option k : out) {
                // k is no worse in cost (sorted), so it beats o when it needs no more crossbars of either kind
                if (k.residentCrossbars() <= o.residentCrossbars() && k.streamedCrossbars() <= o.streamedCrossbars()) {
                    beaten = true;
                    break;
                }
            }
            if (!beaten) {
                out.add(o);
            }
        }
        out.sort(Comparator.comparingLong(Option::residentCrossbars).thenComparingLong(Option::streamedCrossbars));
        return out;
    }
}
