package org.compass.formulations.graph;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;
import org.compass.model.hardware.Hardware;
import org.compass.model.problem.CostModelVersion;
import org.compass.model.problem.Problem;
import org.compass.solver.cost.CostModel;
import org.compass.solver.cost.LifetimeFront;
import org.compass.solver.cost.PartitionCost;
import org.compass.solver.cost.ReplicationChooser;
import org.compass.solver.cost.ReplicationChooser.Option;
import org.compass.solver.control.Cancellation;
import org.compass.solver.Status;

/**
 * A problem's lifetime floor L as the formulations use it (docs/cost-model.md, "Lifetime"): with
 * k = L / (endurance x chip rows) a plan meets it when its slack T - k x rows is at least 0 (T and rows sums over
 * its partitions), that is when it writes at most T / k rows: a rows-written budget that grows with the plan's
 * time. Whether a plan meets it is decided as the cost model computes the lifetime ({@link #meets}); the
 * formulations' own sums only guide the search.
 *
 * <p>The searches run over the least replication for each period (the options of
 * {@code ReplicationChooser}). In cost model v1 a plan replicated beyond that least one has at most the slack of
 * its least-replicated counterpart plus, per partition, the bound {@link CostModel#slackGainBound} (its
 * <b>gain</b>), and takes at least its time and energy. So:
 * <ul>
 *   <li>when every option's gain is 0 (always so for k &gt;= t_row) the search is <b>exact</b>: OPTIMAL, and
 *       INFEASIBLE a proof ({@link #exactOver});</li>
 *   <li>otherwise a plan found meets the floor but is not proven best (FEASIBLE), and when none is found the longest
 *       path of slack + gain decides: below 0 no plan of any replication meets the floor (INFEASIBLE, a proof),
 *       else the search is undecided (UNKNOWN, and the message says that no limit stopped it)
 *       ({@link #failure});</li>
 *   <li>with k &lt;= t_row / write ports every plan meets the floor ({@link #alwaysMet}).</li>
 * </ul>
 * Under cost model v2 the searches take, per partition, every replication vector not beaten in time, energy and
 * slack ({@link #options}, {@link LifetimeFront}): exact when those searches end (OPTIMAL, and INFEASIBLE a proof);
 * a search stopped at its node budget leaves floor points, which the dp's label search uses to bound every plan.
 */
public final class LifetimeFloor {

    /**
     * One way on from a state: the state it leads to, and one replication option of the partition taken there (its
     * units and its cost, the least replication for its period).
     */
    public record Choice(int to, int[] units, PartitionCost cost, boolean proven) {

        /** An option of a search that ended (cost model v1's options always are). */
        public Choice(int to, int[] units, PartitionCost cost) {
            this(to, units, cost, true);
        }

        /** The option's time (seconds). */
        public double seconds() {
            return cost.seconds();
        }

        /** The option's rows written. */
        public long rows() {
            return cost.load().rowsWritten();
        }
    }

    /** What a search that found no plan meeting the floor may say: the status and the message. */
    public record Failure(Status status, String message) {
    }

    /**
     * A partition's replication options under the floor: v1's least replication for each period
     * ({@code ReplicationChooser}), or under v2 the front in time, energy and slack ({@link LifetimeFront}).
     *
     * @param options  the options, by increasing time
     * @param floors   v2 only: bound points of what a stopped front search left unexplored (empty when complete)
     * @param complete whether the options are every option the floor's proofs need (always so under v1, whose
     *                 exactness is decided by the gains instead)
     */
    public record Options(List<Option> options, List<LifetimeFront.Bound> floors, boolean complete) {
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

    /**
     * The options of a partition that the floor's searches take: under v1 the least replication for each period
     * (exact where no gain is above 0, {@link #exactOver}), under v2 the front of every replication vector in time,
     * energy and slack at this floor's k ({@link LifetimeFront}: exact when complete, else with its floor points).
     *
     * @param units unit ids, ascending
     */
    public Options options(int[] units, Cancellation cancel) {
        return options(units, cancel, cancel::isCancelled);
    }

    /**
     * {@link #options(int[], Cancellation)}; under v2 {@code stop} (a cancellation or a deadline) stops the front
     * search as its node budget does, leaving floor points.
     */
    public Options options(int[] units, Cancellation cancel, java.util.function.BooleanSupplier stop) {
        if (problem.costModel() == CostModelVersion.V1) {
            return new Options(ReplicationChooser.options(cm, units, cancel), List.of(), true);
        }
        LifetimeFront.Result r = LifetimeFront.search(cm, units, k, stop);
        return new Options(r.options(), r.floors(), r.complete());
    }

    /** Seconds of plan time each row written must bring: L / (endurance x chip rows). */
    public double k() {
        return k;
    }

    /**
     * Whether a search over the least replication for each period is a proof whatever its options (cost model v1
     * with k &gt;= t_row or k &lt;= t_row / write ports); {@link #exactOver} decides it for given options.
     */
    public boolean exact() {
        return exact;
    }

    /**
     * Whether a search over these options is a proof: under cost model v1, no option's gain (the most that replicating
     * its units beyond the least for its period can add to its slack) is above 0; under v2, every option comes from a
     * front search that ended ({@link Choice#proven}).
     *
     * @param out the options leaving each state
     */
    public boolean exactOver(int states, IntFunction<List<Choice>> out) {
        if (exact) {
            return true;
        }
        if (problem.costModel() != CostModelVersion.V1) {
            // v2's options are the whole front in slack where their searches ended (LifetimeFront)
            for (int v = 0; v < states; v++) {
                for (Choice c : out.apply(v)) {
                    if (!c.proven()) {
                        return false;
                    }
                }
            }
            return true;
        }
        for (int v = 0; v < states; v++) {
            for (Choice c : out.apply(v)) {
                if (gain(c, k) > 0) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The most slack (at k = lambda) that replicating the option's units beyond the least can add. */
    private double gain(Choice c, double lambda) {
        return cm.slackGainBound(c.units(), c.cost().load(), lambda);
    }

    /** T - k x rows: at least 0 for a plan that meets the floor. */
    public double slack(double seconds, long rows) {
        return seconds - k * rows;
    }

    /** Whether a plan with these totals meets the floor, computed as the cost model computes the lifetime. */
    public boolean meets(double seconds, long rows) {
        return cm.lifetimeSeconds(cm.cellWritesPerSecond(rows, seconds)) >= problem.minLifetimeSeconds();
    }

    /** Why a plan found is FEASIBLE rather than OPTIMAL when the search over its options is not exact. */
    public String notProvenBest() {
        return "the lifetime floor is met; the plan is not proven best ("
                + (problem.costModel() == CostModelVersion.V1 ? "the floor lies where replicating a partition beyond"
                + " the least its period needs can add slack" : "a cost model v2 front search stopped at its node budget")
                + ", docs/cost-model.md)";
    }

    /**
     * What to say when no option path meets the floor: INFEASIBLE when that is a proof (the options are exact, or
     * no plan of any replication can have slack 0: the longest path of slack + gain is below 0), with the longest
     * lifetime of any plan; UNKNOWN otherwise, saying that the search was undecided rather than stopped.
     *
     * @param out the options leaving each state, numbered in a topological order
     */
    public Failure failure(int states, int source, int sink, IntFunction<List<Choice>> out) {
        Hardware hw = problem.hardware();
        double reached = longestRatio(states, source, sink, out);
        boolean gainless = exactOver(states, out);
        if (problem.costModel() != CostModelVersion.V1) {
            return failureV2(gainless, hw.enduranceCycles() * hw.chipRows() * reached);
        }
        boolean proven = gainless || (problem.costModel() == CostModelVersion.V1
                && mostSlack(states, source, sink, out, k) < 0);
        // the longest lifetime of any plan: reached by an option path, and at most the bound below
        double bound = gainless ? reached : ratioBound(states, source, sink, out, reached, proven);
        double scale = hw.enduranceCycles() * hw.chipRows();
        String longest = years(scale * reached);
        String atMost = years(scale * bound);
        String head = String.format(Locale.ROOT, "no plan lasts %s in continuous operation at batch %d",
                years(problem.minLifetimeSeconds()), problem.batch());
        String tail = String.format(Locale.ROOT, " (%.4g cell writes per second at best; a larger batch rewrites"
                + " less often)", 1 / (hw.chipRows() * reached));
        if (proven) {
            String range = longest.equals(atMost) ? longest : "between " + longest + " and " + atMost
                    + " (beyond " + longest + " only by replicating past the least a period needs, which is bounded,"
                    + " not searched)";
            return new Failure(Status.INFEASIBLE, head + ": the longest lifetime of any plan is " + range + tail);
        }
        String more = Double.isInfinite(bound) ? "an unbounded lifetime"
                : "a lifetime of up to " + atMost;
        return new Failure(Status.UNKNOWN, "undecided, not stopped by a limit: no plan at the least replication for"
                + " its period lasts " + years(problem.minLifetimeSeconds()) + " at batch " + problem.batch()
                + " (the longest of those lasts " + longest + tail + "); replicating past the least a period needs"
                + " may reach " + more + (problem.costModel() == CostModelVersion.V1 ? ""
                        : " under cost model v2") + ", and those plans are not searched (docs/cost-model.md)");
    }

    /**
     * Cost model v2: the options are the fronts in slack at this floor's k, so when every front search ended, no path
     * meeting the floor is a proof (INFEASIBLE); the longest lifetime over those options (Dinkelbach) is one a plan
     * reaches, not necessarily the longest of all (a front at k need not hold the plan of the largest T / rows).
     */
    private Failure failureV2(boolean complete, double reached) {
        String head = String.format(Locale.ROOT, "no plan lasts %s in continuous operation at batch %d",
                years(problem.minLifetimeSeconds()), problem.batch());
        if (complete) {
            return new Failure(Status.INFEASIBLE, head + ": every plan lasts less (a plan on the fronts searched"
                    + " reaches " + years(reached) + "; a larger batch rewrites less often)");
        }
        return new Failure(Status.UNKNOWN, "undecided, not stopped by a limit: " + head + " among the replications"
                + " searched (the longest of those lasts " + years(reached) + "), and a front search stopped at its"
                + " node budget left replications unsearched (docs/cost-model.md)");
    }

    /**
     * The most slack T - lambda x rows any plan can have, over every replication: the longest path of slack + gain
     * (the gain at lambda); infinite when a gain is not bounded.
     */
    private double mostSlack(int states, int source, int sink, IntFunction<List<Choice>> out, double lambda) {
        double[] most = new double[states];
        double[] seconds = new double[states];
        Arrays.fill(most, Double.NEGATIVE_INFINITY);
        most[source] = 0;
        for (int v = 0; v < states; v++) {
            if (most[v] == Double.NEGATIVE_INFINITY || v == sink) {
                continue;
            }
            for (Choice c : out.apply(v)) {
                double value = most[v] + c.seconds() - lambda * c.rows() + gain(c, lambda);
                if (value > most[c.to()]) {
                    most[c.to()] = value;
                    seconds[c.to()] = seconds[v] + c.seconds();
                }
            }
        }
        // a plan within rounding of slack 0 is not ruled out
        return most[sink] + 1e-12 * seconds[sink];
    }

    /**
     * The largest lambda at which some plan of any replication could still have slack at least 0 (seconds per row
     * written, an upper bound on T / rows of every plan), by bisection from {@code reached}; infinite when none is
     * bounded. When {@code proven}, k is above it.
     */
    private double ratioBound(int states, int source, int sink, IntFunction<List<Choice>> out, double reached,
                              boolean proven) {
        if (mostSlack(states, source, sink, out, reached) <= 0) {
            return reached;
        }
        double lo = reached;
        double hi = proven ? k : Math.max(2 * k, 2 * reached);
        for (int i = 0; i < 64 && mostSlack(states, source, sink, out, hi) >= 0; i++) {
            lo = hi;
            hi *= 2;
        }
        if (mostSlack(states, source, sink, out, hi) >= 0) {
            return Double.POSITIVE_INFINITY;
        }
        for (int i = 0; i < 60 && hi > lo * (1 + 1e-9); i++) {
            double mid = 0.5 * (lo + hi);
            if (mostSlack(states, source, sink, out, mid) >= 0) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return hi;
    }

    /** Seconds in years, days or hours, three significant digits. */
    public static String years(double seconds) {
        if (Double.isInfinite(seconds)) {
            return "forever";
        }
        double y = seconds / Problem.YEAR_SECONDS;
        if (y >= 1) {
            return String.format(Locale.ROOT, "%.3g years", y);
        }
        double d = seconds / 86400;
        return d >= 1 ? String.format(Locale.ROOT, "%.3g days", d) : String.format(Locale.ROOT, "%.3g hours",
                seconds / 3600);
    }

    /**
     * The largest T / rows of any source-sink path of the options (seconds per row written) over states numbered in
     * a topological order, by Dinkelbach's method: for a guess lambda the path that maximizes T - lambda x rows (a
     * longest path) gives the next guess T / rows, until no path improves it.
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
