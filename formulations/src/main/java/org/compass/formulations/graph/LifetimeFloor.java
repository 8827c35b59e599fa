package org.compass.formulations.graph;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;
import org.compass.model.hardware.Hardware;
import org.compass.model.problem.CostModelVersion;
import org.compass.model.problem.Problem;
import org.compass.solver.CostModel;
import org.compass.solver.Status;

/**
 * A problem's lifetime floor L as the formulations use it (docs/cost-model.md, "Lifetime"): with
 * k = L / (endurance x chip rows) a plan meets it when its slack T - k x rows is at least 0 (T and rows sums over
 * its partitions), that is when it writes at most T / k rows: a rows-written budget that grows with the plan's
 * time. Whether a plan meets it is decided as the cost model computes the lifetime ({@link #meets}); the
 * formulations' own sums only guide the search.
 *
 * <p>The searches over the least replication for each period are <b>exact</b> in cost model v1 when k &gt;= t_row
 * (an extra row never adds slack) or k &lt;= t_row / write ports (every plan meets the floor); between the two, and
 * under v2, a plan found meets the floor but is not proven best, and a failure is UNKNOWN, not INFEASIBLE.
 */
public final class LifetimeFloor {

    /** One way on from a state (for the longest-lifetime search): the state it leads to, its time and rows. */
    public record Choice(int to, double seconds, long rows) {
    }

    private final Problem problem;
    private final CostModel cm;
    private final double k;
    private final boolean exact;

    private LifetimeFloor(Problem problem) {
        this.problem = problem;
        this.cm = new CostModel(problem);
        Hardware hw = problem.hardware();
        this.k = problem.minLifetimeSeconds() / (hw.enduranceCycles() * hw.chipRows());
        double tRow = hw.rowWriteSeconds();
        this.exact = problem.costModel() == CostModelVersion.V1 && (k >= tRow || k <= tRow / hw.writePorts());
    }

    /** The floor of a problem that has one. */
    public static LifetimeFloor of(Problem problem) {
        if (!problem.hasLifetimeLimit()) {
            throw new IllegalArgumentException("the problem has no lifetime floor");
        }
        return new LifetimeFloor(problem);
    }

    /**
     * Whether every plan meets the problem's floor: k &lt;= t_row / write ports, since T &gt;= rows x t_row / ports
     * (a plan cannot write rows faster than its ports allow); then the plain search is the answer.
     */
    public static boolean alwaysMet(Problem problem) {
        Hardware hw = problem.hardware();
        double k = problem.minLifetimeSeconds() / (hw.enduranceCycles() * hw.chipRows());
        return k <= hw.rowWriteSeconds() / hw.writePorts();
    }

    /** Seconds of plan time each row written must bring: L / (endurance x chip rows). */
    public double k() {
        return k;
    }

    /** Whether a search over the least replication for each period is a proof (see the class comment). */
    public boolean exact() {
        return exact;
    }

    /** T - k x rows: at least 0 for a plan that meets the floor. */
    public double slack(double seconds, long rows) {
        return seconds - k * rows;
    }

    /** Whether a plan with these totals meets the floor, computed as the cost model computes the lifetime. */
    public boolean meets(double seconds, long rows) {
        return cm.lifetimeSeconds(cm.cellWritesPerSecond(rows, seconds)) >= problem.minLifetimeSeconds();
    }

    /** Why a plan found is FEASIBLE rather than OPTIMAL, or "" when the search is exact. */
    public String notProvenBest() {
        return exact ? "" : "the lifetime floor is met; the plan is not proven best ("
                + (problem.costModel() == CostModelVersion.V1 ? "the floor lies between t_row / write ports and t_row"
                + " per row written, where more replication than the period needs can add slack"
                : "cost model v2's replication options are not searched for rows") + ", docs/cost-model.md)";
    }

    /** INFEASIBLE when the search is exact, UNKNOWN otherwise. */
    public Status failure() {
        return exact ? Status.INFEASIBLE : Status.UNKNOWN;
    }

    /** The message of a failure: the longest lifetime of any plan, from the largest T / rows of any plan. */
    public String failureMessage(double longestRatio) {
        Hardware hw = problem.hardware();
        double longest = hw.enduranceCycles() * hw.chipRows() * longestRatio;
        // the batch matters: a larger one rewrites the weights less often per inference, so say which it was
        return String.format(Locale.ROOT, "no plan lasts %s in continuous operation at batch %d: the longest"
                + " lifetime of any plan is %s (%.4g cell writes per second at best; a larger batch rewrites less"
                + " often)%s", years(problem.minLifetimeSeconds()), problem.batch(),
                years(longest), 1 / (hw.chipRows() * longestRatio), exact ? ""
                        : "; not a proof: the floor lies where more replication than the period needs can add slack"
                        + " (docs/cost-model.md)");
    }

    /** Seconds in years, days or hours, three significant digits. */
    public static String years(double seconds) {
        double y = seconds / Problem.YEAR_SECONDS;
        if (y >= 1) {
            return String.format(Locale.ROOT, "%.3g years", y);
        }
        double d = seconds / 86400;
        return d >= 1 ? String.format(Locale.ROOT, "%.3g days", d) : String.format(Locale.ROOT, "%.3g hours",
                seconds / 3600);
    }

    /**
     * The largest T / rows of any source-sink path (seconds per row written) over states numbered in a topological
     * order, by Dinkelbach's method: for a guess lambda the path that maximizes T - lambda x rows (a longest path)
     * gives the next guess T / rows, until no path improves it.
     */
    public double longestRatio(int states, int source, int sink, IntFunction<List<Choice>> out) {
        double lambda = k;
        for (int iter = 0; iter < 100; iter++) {
            double[] best = new double[states];
            double[] sec = new double[states];
            long[] rows = new long[states];
            Arrays.fill(best, Double.NEGATIVE_INFINITY);
            best[source] = 0;
            for (int v = 0; v < states; v++) {
                if (best[v] == Double.NEGATIVE_INFINITY || v == sink) {
                    continue;
                }
                for (Choice c : out.apply(v)) {
                    double value = best[v] + c.seconds() - lambda * c.rows();
                    if (value > best[c.to()]) {
                        best[c.to()] = value;
                        sec[c.to()] = sec[v] + c.seconds();
                        rows[c.to()] = rows[v] + c.rows();
                    }
                }
            }
            double next = sec[sink] / rows[sink];
            if (iter > 0 && next <= lambda * (1 + 1e-12)) {
                return Math.max(lambda, next);
            }
            lambda = next;
        }
        return lambda;
    }
}
