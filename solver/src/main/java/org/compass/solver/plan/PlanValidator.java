package org.compass.solver.plan;

import java.util.ArrayList;
import java.util.List;
import org.compass.model.mapping.MappedGraph;
import org.compass.model.mapping.Unit;
import org.compass.model.problem.Problem;

/**
 * Checks that a plan can run: every unit placed once, allowed replication, capacity, dependence order, and a
 * resident set the problem allows, of weighted units, whose reserved crossbars leave room for every partition's
 * streamed ones (streamed crossbars of each partition + all resident crossbars &lt;= the chip's).
 */
public final class PlanValidator {

    private PlanValidator() {
    }

    /** Every violation of the plan, each as one line; empty when the plan is valid. */
    public static List<String> violations(Problem problem, Plan plan) {
        MappedGraph g = problem.graph();
        List<String> out = new ArrayList<>();
        boolean[] resident = new boolean[g.size()];
        if (plan.hasResident() && !problem.residentAllowed()) {
            out.add("the plan keeps " + plan.resident().size() + " units resident, but the problem does not allow"
                    + " resident weights (resident: none)");
        }
        for (int u : plan.resident()) {
            if (u < 0 || u >= g.size()) {
                out.add("unknown unit " + u + " is resident");
            } else if (!g.unit(u).weighted()) {
                out.add("unit '" + g.unit(u).name() + "' is resident but holds no weights");
            } else {
                resident[u] = true;
            }
        }
        int[] replication = plan.replicationOfUnits(g.size());
        long reserved = 0;
        for (int u = 0; u < g.size(); u++) {
            if (resident[u]) {
                reserved += (long) Math.max(1, replication[u]) * g.unit(u).crossbars();
            }
        }
        long chip = problem.hardware().crossbars();
        if (reserved > chip) {
            out.add("the resident units need " + reserved + " crossbars, the chip has " + chip);
        }
        int[] seen = new int[g.size()];
        for (int p = 0; p < plan.size(); p++) {
            Partition part = plan.partitions().get(p);
            long crossbars = 0;
            for (int i = 0; i < part.size(); i++) {
                int u = part.units().get(i);
                if (u < 0 || u >= g.size()) {
                    out.add("partition " + p + " holds unknown unit " + u);
                    continue;
                }
                seen[u]++;
                int r = part.replication().get(i);
                if (!problem.replication().contains(r)) {
                    out.add("unit '" + g.unit(u).name() + "' has replication " + r + ", not in "
                            + problem.replication().factors());
                }
                if (!resident[u]) {
                    crossbars += (long) r * g.unit(u).crossbars();
                }
            }
            if (reserved == 0 && crossbars > chip) {
                out.add("partition " + p + " needs " + crossbars + " crossbars, the chip has " + chip);
            } else if (reserved > 0 && reserved <= chip && crossbars + reserved > chip) {
                out.add("partition " + p + " streams " + crossbars + " crossbars and the resident units hold "
                        + reserved + ": " + (crossbars + reserved) + ", the chip has " + chip);
            }
        }
        for (int u = 0; u < g.size(); u++) {
            if (seen[u] != 1) {
                out.add("unit '" + g.unit(u).name() + "' is placed " + seen[u] + " times, expected once");
            }
        }
        if (!out.isEmpty()) {
            return out;
        }
        int[] part = plan.partitionOfUnits(g.size());
        for (Unit u : g.units()) {
            for (int s : g.successors(u.id())) {
                if (part[s] < part[u.id()]) {
                    out.add("'" + g.unit(s).name() + "' (partition " + part[s] + ") reads '" + u.name()
                            + "' (partition " + part[u.id()] + ") before it is computed");
                }
            }
        }
        return out;
    }

    /** Throws {@link InvalidPlanException} listing the violations, if any. */
    public static void requireValid(Problem problem, Plan plan) {
        List<String> v = violations(problem, plan);
        if (!v.isEmpty()) {
            throw new InvalidPlanException(v);
        }
    }
}
