package org.compass.formulations;

import java.util.ArrayList;
import java.util.List;
import org.compass.model.mapping.MappedGraph;
import org.compass.model.problem.Objective;
import org.compass.model.problem.Problem;
import org.compass.model.problem.SearchSpace;
import org.compass.solver.cost.CostModel;
import org.compass.solver.cost.PartitionCost;

/**
 * The optimum of a tiny problem by enumerating every plan of a space and, per partition, every replication
 * vector; uses only {@link CostModel}, not the partition graph or the replication chooser.
 */
public final class BruteForce {

    private final Problem problem;
    private final CostModel cm;
    private final MappedGraph g;
    private final int[] factors;
    private double best;

    private BruteForce(Problem problem) {
        this.problem = problem;
        this.cm = new CostModel(problem);
        this.g = problem.graph();
        this.factors = problem.replication().toArray();
    }

    /** The least sum of partition costs (seconds, or joules for energy) over all plans of the space. */
    public static double optimum(Problem problem, SearchSpace space) {
        BruteForce b = new BruteForce(problem);
        b.best = Double.POSITIVE_INFINITY;
        int[] part = new int[b.g.size()];
        b.assign(0, part, 0, space);
        return b.best;
    }

    /** The problem's objective for a sum of partition costs. */
    public static double objective(Problem problem, double key) {
        return problem.objective() == Objective.THROUGHPUT ? problem.batch() / key : key;
    }

    private void assign(int u, int[] part, int unused, SearchSpace space) {
        int n = g.size();
        if (u == n) {
            int parts = 0;
            boolean[] used = new boolean[n];
            for (int p : part) {
                used[p] = true;
                parts = Math.max(parts, p + 1);
            }
            for (int p = 0; p < parts; p++) {
                if (!used[p]) {
                    return; // labels with gaps repeat a plan without them
                }
            }
            best = Math.min(best, price(part, parts));
            return;
        }
        if (space == SearchSpace.CONTIGUOUS) {
            int from = u == 0 ? 0 : part[u - 1];
            int to = u == 0 ? 0 : part[u - 1] + 1;
            for (int p = from; p <= to; p++) {
                part[u] = p;
                assign(u + 1, part, unused, space);
            }
            return;
        }
        int lowest = 0;
        for (int p = 0; p < u; p++) {
            if (g.successors(p).contains(u)) {
                lowest = Math.max(lowest, part[p]);
            }
        }
        for (int p = lowest; p < n; p++) {
            part[u] = p;
            assign(u + 1, part, unused, space);
        }
    }

    private double price(int[] part, int parts) {
        double total = 0;
        for (int p = 0; p < parts; p++) {
            List<Integer> units = new ArrayList<>();
            for (int u = 0; u < part.length; u++) {
                if (part[u] == p) {
                    units.add(u);
                }
            }
            int[] arr = units.stream().mapToInt(Integer::intValue).toArray();
            double c = bestReplication(arr, new int[arr.length], 0);
            if (c == Double.POSITIVE_INFINITY) {
                return c;
            }
            total += c;
        }
        return total;
    }

    private double bestReplication(int[] units, int[] rep, int i) {
        if (i == units.length) {
            long crossbars = 0;
            for (int k = 0; k < units.length; k++) {
                crossbars += (long) rep[k] * g.unit(units[k]).crossbars();
            }
            if (crossbars > problem.hardware().crossbars()) {
                return Double.POSITIVE_INFINITY;
            }
            PartitionCost c = cm.cost(units, rep);
            return problem.objective() == Objective.ENERGY ? c.joules() : c.seconds();
        }
        double best = Double.POSITIVE_INFINITY;
        int[] choices = g.unit(units[i]).weighted() ? factors : new int[] {1};
        for (int r : choices) {
            rep[i] = r;
            best = Math.min(best, bestReplication(units, rep, i + 1));
        }
        return best;
    }
}
