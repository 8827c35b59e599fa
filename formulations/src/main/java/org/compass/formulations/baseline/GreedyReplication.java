package org.compass.formulations.baseline;

import java.util.Arrays;
import org.compass.model.mapping.MappedGraph;
import org.compass.model.mapping.Unit;
import org.compass.model.problem.Objective;
import org.compass.solver.CostModel;
import org.compass.solver.PartitionCost;
import org.compass.solver.ReplicationChooser;

/**
 * The baselines' replication rule: start unreplicated, then repeatedly raise the bottleneck layer's
 * replication to the next allowed factor while it fits on the chip and the partition's cost improves.
 */
final class GreedyReplication {

    private GreedyReplication() {
    }

    /** Replication for the given units (ascending ids). */
    static int[] fill(CostModel cm, int[] units, Objective objective) {
        MappedGraph g = cm.problem().graph();
        int[] factors = cm.problem().replication().toArray();
        long chip = cm.problem().hardware().crossbars();
        int[] rep = new int[units.length];
        Arrays.fill(rep, 1);
        PartitionCost current = cm.cost(units, rep);
        while (true) {
            int bottleneck = -1;
            long worst = -1;
            for (int i = 0; i < units.length; i++) {
                Unit u = g.unit(units[i]);
                long s = u.weighted() ? (u.mvmSteps() + rep[i] - 1) / rep[i] : -1;
                if (s > worst) {
                    worst = s;
                    bottleneck = i;
                }
            }
            if (bottleneck < 0 || worst <= 0 || !g.unit(units[bottleneck]).weighted()) {
                return rep;
            }
            int next = nextFactor(factors, rep[bottleneck]);
            if (next < 0) {
                return rep;
            }
            int[] trial = rep.clone();
            trial[bottleneck] = next;
            long crossbars = 0;
            for (int i = 0; i < units.length; i++) {
                crossbars += (long) trial[i] * g.unit(units[i]).crossbars();
            }
            if (crossbars > chip) {
                return rep;
            }
            PartitionCost c = cm.cost(units, trial);
            if (!ReplicationChooser.better(c, current, objective)) {
                return rep;
            }
            rep = trial;
            current = c;
        }
    }

    private static int nextFactor(int[] factors, int r) {
        for (int f : factors) {
            if (f > r) {
                return f;
            }
        }
        return -1;
    }
}
