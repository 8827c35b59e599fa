package org.compass.formulations.schedule;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.compass.model.problem.Objective;
import org.compass.model.problem.Problem;
import org.compass.solver.control.Cancellation;
import org.compass.solver.cost.CostModel;
import org.compass.solver.plan.Partition;
import org.compass.solver.plan.Plan;
import org.compass.solver.plan.PlanValidator;
import org.compass.solver.cost.ReplicationChooser;
import org.compass.solver.schedule.ScheduleMode;

/**
 * Joint partitioning and write scheduling by local search over the cut positions of a contiguous plan, scored
 * by the scheduled makespan instead of the v1 phase latency. Starting from a plan (usually the DP's, which is
 * optimal for the phase model), it tries, in order, moving each cut by one or two units, removing a cut
 * (merging two partitions) and adding one in the middle of a partition (splitting it); each candidate's
 * replication is the v1-latency-best one of every range ({@link ReplicationChooser}), and each candidate is
 * scheduled by {@link WriteScheduler} with a short time limit. The first improving move is taken; it stops at
 * a local optimum or when the time is spent. A heuristic: no optimality claim.
 */
public final class JointScheduler {

    /**
     * Outcome.
     *
     * @param plan        the best plan found
     * @param schedule    its schedule
     * @param start       the schedule of the starting plan
     * @param evaluations candidate plans scheduled
     * @param moves       improving moves taken
     * @param seconds     wall-clock time
     */
    public record Result(Plan plan, ScheduleResult schedule, ScheduleResult start, int evaluations, int moves,
                         double seconds) {
    }

    private JointScheduler() {
    }

    /** Improves a contiguous plan's scheduled makespan under a mode within {@code seconds}. */
    public static Result optimize(Problem problem, Plan start, ScheduleMode mode, double seconds, double perSolve,
                                  int workers, long seed) {
        return optimize(problem, start, mode, seconds, perSolve, workers, seed, Cancellation.NEVER);
    }

    /**
     * Improves a contiguous plan's scheduled makespan under a mode within {@code seconds}, stopping with the best
     * plan so far when {@code cancel} is cancelled.
     */
    public static Result optimize(Problem problem, Plan start, ScheduleMode mode, double seconds, double perSolve,
                                  int workers, long seed, Cancellation cancel) {
        if (!start.contiguous()) {
            throw new IllegalArgumentException("the joint search moves cuts of a contiguous plan");
        }
        long t0 = System.nanoTime();
        int n = problem.graph().size();
        List<Integer> cuts = new ArrayList<>(start.boundaries());
        ScheduleResult first = WriteScheduler.schedule(problem, start, mode, perSolve, workers, seed, cancel);
        ScheduleResult best = first;
        Plan bestPlan = start;
        Set<List<Integer>> seen = new HashSet<>();
        seen.add(List.copyOf(cuts));
        int evaluations = 1;
        int moves = 0;
        boolean improved = true;
        while (improved && elapsed(t0) < seconds && !cancel.isCancelled()) {
            improved = false;
            for (List<Integer> candidate : neighbours(cuts, n)) {
                if (elapsed(t0) >= seconds || cancel.isCancelled()) {
                    break;
                }
                if (!seen.add(candidate)) {
                    continue;
                }
                Plan plan = plan(problem, candidate);
                if (plan == null) {
                    continue;
                }
                ScheduleResult r = WriteScheduler.schedule(problem, plan, mode, perSolve, workers, seed, cancel);
                evaluations++;
                if (r.makespanSeconds() < best.makespanSeconds() * (1 - 1e-12)) {
                    best = r;
                    bestPlan = plan;
                    cuts = new ArrayList<>(candidate);
                    moves++;
                    improved = true;
                    break;
                }
            }
        }
        return new Result(bestPlan, best, first, evaluations, moves, elapsed(t0));
    }

    private static double elapsed(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    /** Cut lists one move away: shifts by 1 and 2, removals, splits in the middle. */
    static List<List<Integer>> neighbours(List<Integer> cuts, int n) {
        List<List<Integer>> out = new ArrayList<>();
        for (int d : new int[] {1, -1, 2, -2}) {
            for (int i = 0; i < cuts.size(); i++) {
                int c = cuts.get(i) + d;
                int lo = i == 0 ? 0 : cuts.get(i - 1);
                int hi = i == cuts.size() - 1 ? n : cuts.get(i + 1);
                if (c > lo && c < hi) {
                    List<Integer> m = new ArrayList<>(cuts);
                    m.set(i, c);
                    out.add(m);
                }
            }
        }
        for (int i = 0; i < cuts.size(); i++) {
            List<Integer> m = new ArrayList<>(cuts);
            m.remove(i);
            out.add(m);
        }
        for (int i = 0; i <= cuts.size(); i++) {
            int lo = i == 0 ? 0 : cuts.get(i - 1);
            int hi = i == cuts.size() ? n : cuts.get(i);
            if (hi - lo >= 2) {
                List<Integer> m = new ArrayList<>(cuts);
                m.add(i, (lo + hi) / 2);
                out.add(m);
            }
        }
        return out;
    }

    /** The contiguous plan with the given cuts and v1-latency-best replication, or null when a range does not fit. */
    static Plan plan(Problem problem, List<Integer> cuts) {
        CostModel cm = new CostModel(problem);
        List<Partition> parts = new ArrayList<>();
        int from = 0;
        List<Integer> ends = new ArrayList<>(cuts);
        ends.add(problem.graph().size());
        for (int to : ends) {
            int[] units = new int[to - from];
            for (int u = from; u < to; u++) {
                units[u - from] = u;
            }
            ReplicationChooser.Option o = ReplicationChooser.best(cm, units, Objective.LATENCY);
            if (o == null) {
                return null;
            }
            parts.add(Partition.of(units, o.replication()));
            from = to;
        }
        Plan plan = new Plan(parts);
        return PlanValidator.violations(problem, plan).isEmpty() ? plan : null;
    }
}
