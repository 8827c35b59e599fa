package org.compass.solver;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.compass.model.mapping.MappedGraph;
import org.compass.model.mapping.Unit;
import org.compass.model.problem.Objective;

/**
 * The inner problem of every formulation: the best replication for a fixed set of units.
 *
 * <p>For a fixed pipeline period P (in MVM steps) the least replication r_l = min{r in R : ceil(steps_l/r) <= P}
 * is optimal: it minimizes rows written and crossbars, and the period, fill and I/O do not depend on it.
 * So it suffices to try the candidate periods {ceil(steps_l / r)}: O(|units| * |R|) candidates, each
 * evaluated by the cost model in O(|units|).
 */
public final class ReplicationChooser {

    /** One way to replicate a partition's units and what it costs. */
    public record Option(int[] replication, PartitionCost cost) {
    }

    private ReplicationChooser() {
    }

    /**
     * One option per distinct feasible period, from the longest period (least replication) to the
     * shortest that still fits on the chip; empty when the units do not fit even unreplicated.
     *
     * @param units unit ids, ascending
     */
    public static List<Option> options(CostModel cm, int[] units) {
        MappedGraph g = cm.problem().graph();
        int[] factors = cm.problem().replication().toArray();
        int rmax = factors[factors.length - 1];
        long chip = cm.problem().hardware().crossbars();
        boolean[] inside = new boolean[g.size()];
        for (int u : units) {
            inside[u] = true;
        }
        long in = cm.inBytes(units, inside);
        long out = cm.outBytes(units, inside);
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
     * Whether {@link #options} is exact for the problem's cost model: in v1 the least replication for a period
     * is optimal; in v2 more replication can shorten the pipeline's fill, which these options do not explore.
     */
    public static boolean exact(org.compass.model.problem.Problem problem) {
        return problem.costModel() == org.compass.model.problem.CostModelVersion.V1;
    }

    /** The best option for an additive objective (time for throughput/latency, energy), or null if none fits. */
    public static Option best(CostModel cm, int[] units, Objective objective) {
        Option best = null;
        for (Option o : options(cm, units)) {
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

    static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
