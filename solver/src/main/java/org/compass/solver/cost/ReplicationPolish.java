package org.compass.solver.cost;

import java.util.function.Function;
import org.compass.model.mapping.MappedGraph;
import org.compass.model.problem.Objective;

/**
 * A local search over one partition's replication vector (cost model v2): from a vector that fits, it changes one
 * unit's factor, or raises one unit's factor a step while lowering another's a step, whenever that makes the
 * partition better for the objective ({@link ReplicationChooser#better}), until no such move does or its budget of
 * evaluations is spent. It proves nothing; it gives the exact search ({@link ReplicationSearch#deepen}) a better
 * incumbent, which the search's bound then has to meet.
 *
 * <p>Why it pays: the search's own incumbents come from greedy completions that give the spare crossbars to the
 * slowest units first, whatever they cost in rows. Where the chip's crossbars bind, the best vectors trade a
 * step of one unit's factor for a step of another's, which a tree search ordered by bounds reaches late. Measured
 * on squeezenet1_1, compass-l, batch 1 (the whole network in one partition): after the three best-first passes
 * (42,000 nodes) the search's best vector took 62.582 us with a floor of 59.13 us; polishing it took 2,435
 * evaluations and gave 59.224 us (docs/cost-model.md, "Polishing the incumbent").
 *
 * <p>Deterministic: the moves are tried in a fixed order and the first that improves is taken.
 */
final class ReplicationPolish {

    private final int[] positions;
    private final int[][] candidates;
    private final long[] crossbars;
    private final long chip;
    private final Function<int[], PartitionCost> cost;

    /**
     * @param positions  the places, in the partition's unit array, of the units whose factors may change
     * @param candidates parallel: each such unit's factors worth trying, ascending ({@link UsefulFactors})
     * @param crossbars  parallel: each such unit's crossbars at factor 1
     * @param chip       the chip's crossbars; a vector is kept only if the partition fits
     * @param cost       the exact cost of a whole vector (the partition's unit array order)
     */
    ReplicationPolish(int[] positions, int[][] candidates, long[] crossbars, long chip,
                      Function<int[], PartitionCost> cost) {
        this.positions = positions;
        this.candidates = candidates;
        this.crossbars = crossbars;
        this.chip = chip;
        this.cost = cost;
    }

    /**
     * The local search over a partition's weighted units, with the exact cost {@link CostModel#cost} of the
     * partition's load at the DRAM bytes of {@code least} (the search's evaluation).
     *
     * @param order      the places of the weighted units in {@code units}
     * @param candidates parallel: their useful factors, ascending
     * @param least      the partition's load unreplicated
     */
    static ReplicationPolish of(CostModel cm, int[] units, int[] order, int[][] candidates, PartitionLoad least) {
        MappedGraph g = cm.problem().graph();
        long[] crossbars = new long[order.length];
        for (int d = 0; d < order.length; d++) {
            crossbars[d] = g.unit(units[order[d]]).crossbars();
        }
        return new ReplicationPolish(order, candidates, crossbars, cm.problem().hardware().crossbars(),
                v -> cm.cost(cm.load(units, v, least.inBytes(), least.outBytes())));
    }

    /**
     * {@code known} or the better vector {@link #polish} reaches from it.
     *
     * @param budget evaluations at most
     */
    ReplicationChooser.Option better(ReplicationChooser.Option known, Objective objective, long budget) {
        long used = crossbarsOf(known.replication());
        long[] spent = {0};
        ReplicationChooser.Option best = polish(known.replication(), known.cost(), used, objective, budget, spent);
        // kicks: one unit a step up even if that costs more, then the moves again; kept when the result is better
        // (a larger replica of a big unit can let several others shed theirs, which no single move finds)
        boolean improved = true;
        while (improved && spent[0] < budget) {
            improved = false;
            long bestUsed = crossbarsOf(best.replication());
            for (int e = 0; e < positions.length && !improved && spent[0] < budget; e++) {
                int[] v = best.replication().clone();
                int k = indexOf(candidates[e], v[positions[e]]);
                if (k < 0 || k + 1 >= candidates[e].length) {
                    continue;
                }
                v[positions[e]] = candidates[e][k + 1];
                long x = bestUsed + (v[positions[e]] - best.replication()[positions[e]]) * crossbars[e];
                if (x > chip) {
                    continue;
                }
                spent[0]++;
                ReplicationChooser.Option p = polish(v, cost.apply(v), x, objective, budget, spent);
                if (ReplicationChooser.better(p.cost(), best.cost(), objective)) {
                    best = p;
                    improved = true;
                }
            }
        }
        return ReplicationChooser.better(best.cost(), known.cost(), objective) ? best : known;
    }

    private long crossbarsOf(int[] v) {
        long used = 0; // vector units take no crossbars
        for (int e = 0; e < positions.length; e++) {
            used += v[positions[e]] * crossbars[e];
        }
        return used;
    }

    /**
     * The best vector the moves reach from {@code start}: {@code start} itself when no move improves it.
     *
     * @param start       a vector that fits, in the partition's unit array order (not changed)
     * @param startCost   its cost
     * @param crossbarsIn the crossbars {@code start} takes, units that never change included
     * @param budget      evaluations at most
     */
    ReplicationChooser.Option polish(int[] start, PartitionCost startCost, long crossbarsIn, Objective objective,
                                     long budget, long[] spent) {
        int[] v = start.clone();
        int[] step = new int[positions.length]; // each unit's index into its candidates
        for (int e = 0; e < positions.length; e++) {
            step[e] = indexOf(candidates[e], v[positions[e]]);
            if (step[e] < 0) {
                return new ReplicationChooser.Option(start, startCost); // a factor the search would not try
            }
        }
        PartitionCost best = startCost;
        long used = crossbarsIn;
        long evaluations = spent[0];
        boolean improved = true;
        while (improved && evaluations < budget) {
            improved = false;
            // one unit to any other factor
            for (int e = 0; e < positions.length && !improved && evaluations < budget; e++) {
                for (int k = 0; k < candidates[e].length && evaluations < budget; k++) {
                    long x = used + (candidates[e][k] - v[positions[e]]) * crossbars[e];
                    if (k == step[e] || x > chip) {
                        continue;
                    }
                    int old = v[positions[e]];
                    v[positions[e]] = candidates[e][k];
                    evaluations++;
                    PartitionCost c = cost.apply(v);
                    if (ReplicationChooser.better(c, best, objective)) {
                        best = c;
                        used = x;
                        step[e] = k;
                        improved = true;
                        break;
                    }
                    v[positions[e]] = old;
                }
            }
            // one unit a step up, another a step down: crossbars moved from one unit to another
            for (int e = 0; e < positions.length && !improved && evaluations < budget; e++) {
                if (step[e] + 1 >= candidates[e].length) {
                    continue;
                }
                for (int f = 0; f < positions.length && evaluations < budget; f++) {
                    if (f == e || step[f] == 0) {
                        continue;
                    }
                    int up = candidates[e][step[e] + 1];
                    int down = candidates[f][step[f] - 1];
                    long x = used + (up - v[positions[e]]) * crossbars[e] + (down - v[positions[f]]) * crossbars[f];
                    if (x > chip) {
                        continue;
                    }
                    int oldE = v[positions[e]];
                    int oldF = v[positions[f]];
                    v[positions[e]] = up;
                    v[positions[f]] = down;
                    evaluations++;
                    PartitionCost c = cost.apply(v);
                    if (ReplicationChooser.better(c, best, objective)) {
                        best = c;
                        used = x;
                        step[e]++;
                        step[f]--;
                        improved = true;
                        break;
                    }
                    v[positions[e]] = oldE;
                    v[positions[f]] = oldF;
                }
            }
            // one unit a step down, then the freed crossbars to whichever units gain most, a step at a time
            for (int e = 0; e < positions.length && !improved && evaluations < budget; e++) {
                if (step[e] == 0) {
                    continue;
                }
                int[] w = v.clone();
                int[] ws = step.clone();
                ws[e]--;
                w[positions[e]] = candidates[e][ws[e]];
                long wx = used - (v[positions[e]] - w[positions[e]]) * crossbars[e];
                evaluations++;
                PartitionCost current = cost.apply(w);
                while (evaluations < budget) {
                    int raise = -1;
                    PartitionCost gain = current;
                    for (int f = 0; f < positions.length && evaluations < budget; f++) {
                        if (f == e || ws[f] + 1 >= candidates[f].length) {
                            continue;
                        }
                        int up = candidates[f][ws[f] + 1];
                        if (wx + (up - w[positions[f]]) * crossbars[f] > chip) {
                            continue;
                        }
                        int old = w[positions[f]];
                        w[positions[f]] = up;
                        evaluations++;
                        PartitionCost c = cost.apply(w);
                        w[positions[f]] = old;
                        if (ReplicationChooser.better(c, gain, objective)) {
                            gain = c;
                            raise = f;
                        }
                    }
                    if (raise < 0) {
                        break;
                    }
                    ws[raise]++;
                    int up = candidates[raise][ws[raise]];
                    wx += (up - w[positions[raise]]) * crossbars[raise];
                    w[positions[raise]] = up;
                    current = gain;
                }
                if (ReplicationChooser.better(current, best, objective)) {
                    best = current;
                    used = wx;
                    System.arraycopy(w, 0, v, 0, v.length);
                    System.arraycopy(ws, 0, step, 0, step.length);
                    improved = true;
                }
            }
        }
        spent[0] = evaluations;
        return new ReplicationChooser.Option(v, best);
    }

    private static int indexOf(int[] xs, int x) {
        for (int i = 0; i < xs.length; i++) {
            if (xs[i] == x) {
                return i;
            }
        }
        return -1;
    }
}
