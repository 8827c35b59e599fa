package org.compass.formulations.baseline;

import java.util.Arrays;
import org.compass.model.mapping.MappedGraph;
import org.compass.model.mapping.Unit;
import org.compass.model.problem.Objective;
import org.compass.solver.cost.CostModel;
import org.compass.solver.cost.PartitionCost;
import org.compass.solver.cost.ReplicationChooser;

/**
 * The baselines' replication rule: start unreplicated, then repeatedly raise the bottleneck layers' (all layers
 * at the longest period) replication to the next allowed factor while it fits on the chip and the partition's
 * cost improves.
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
            long worst = 0;
            for (int i = 0; i < units.length; i++) {
                Unit u = g.unit(units[i]);
                if (u.weighted()) {
                    worst = Math.max(worst, (u.mvmSteps() + rep[i] - 1) / rep[i]);
                }
            }
            if (worst <= 0) {
                return rep;
            }
            // Every layer at the bottleneck period is raised together: raising one of several tied layers
            // never shortens the period, and stopping there would leave the chip idle.
            int[] trial = rep.clone();
            for (int i = 0; i < units.length; i++) {
                Unit u = g.unit(units[i]);
                if (u.weighted() && (u.mvmSteps() + rep[i] - 1) / rep[i] == worst) {
                    int next = nextFactor(factors, rep[i]);
                    if (next < 0) {
                        return rep;
                    }
                    trial[i] = next;
                }
            }
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
