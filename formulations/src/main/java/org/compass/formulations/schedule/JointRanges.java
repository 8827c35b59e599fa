package org.compass.formulations.schedule;

import java.util.ArrayList;
import java.util.List;
import org.compass.model.mapping.Unit;
import org.compass.model.problem.Objective;
import org.compass.model.problem.Problem;
import org.compass.solver.control.Cancellation;
import org.compass.solver.cost.CostModel;
import org.compass.solver.cost.ReplicationChooser;
import org.compass.solver.plan.Partition;
import org.compass.solver.plan.Plan;
import org.compass.solver.schedule.ScheduleTasks;
import org.compass.solver.schedule.ScheduleTasks.PartitionTasks;

/**
 * The candidate partitions of {@link DpJointScheduler}: every range of units {@code [from, to)} in topological order
 * that fits on the chip, each with the replication {@link ReplicationChooser#best} finds best for the cost model's
 * latency (ties broken by energy), and its schedule tasks.
 *
 * <p>Cost model v1: the period rule is exact, so every range's replication is its latency optimum. Cost model v2:
 * the replication comes from an exact branch and bound with a node budget, which may stop with floors instead of a
 * proof ({@link ReplicationChooser.Option#proven()}); such a range can be searched further ({@link #deepen}, up to
 * {@link ReplicationChooser#MAX_DEEPEN} passes, node budgets so the answer is the same on every machine) and, while
 * unproven, is bounded only by {@link #floorSeconds}: what no replication of its units can undercut. Building costs
 * one search per range: O(n L) searches for n units and ranges of at most L units (SqueezeNet on compass-s under v2:
 * 780 ranges, about 3 s).
 */
final class JointRanges {

    /**
     * A candidate partition.
     *
     * @param from      first unit
     * @param to        one past the last unit
     * @param partition its units with the chosen replication
     * @param tasks     its schedule tasks (durations from the cost model)
     * @param option    the replication search's answer; proven under v1 always
     * @param passes    deepening passes run on it after the first search (v2)
     */
    record Range(int from, int to, Partition partition, PartitionTasks tasks, ReplicationChooser.Option option,
                 int passes) {

        /** Whether its replication is proven latency-best (always under v1). */
        boolean proven() {
            return option.proven();
        }

        /** Whether no further search is possible on it: proven, or every deepening pass run. */
        boolean settled() {
            return proven() || passes >= ReplicationChooser.MAX_DEEPEN;
        }
    }

    private final Problem problem;
    private final CostModel cm;
    private final List<Range> ranges = new ArrayList<>();
    /** Range indices by first unit and by end. */
    private final List<List<Integer>> startingAt = new ArrayList<>();
    private final List<List<Integer>> endingAt = new ArrayList<>();
    private final int n;
    private ScheduleTasks chip;
    private boolean complete = true;
    /** {@link ReplicationChooser#computeFloorSeconds} by range (it depends on the units only), seconds. */
    private final java.util.Map<Integer, Double> computeFloors = new java.util.HashMap<>();

    /**
     * Every range that fits, unless {@code deadline} (System.nanoTime) passes or {@code cancel} is cancelled first
     * ({@link #complete()} then false: the ranges not reached are missing, so nothing is claimed over the space).
     *
     * @throws IllegalArgumentException when no unit fits on the chip alone
     */
    JointRanges(Problem problem, long deadline, Cancellation cancel) {
        this.problem = problem;
        this.cm = new CostModel(problem);
        this.n = problem.graph().size();
        for (int i = 0; i <= n; i++) {
            startingAt.add(new ArrayList<>());
            endingAt.add(new ArrayList<>());
        }
        for (int from = 0; from < n && complete; from++) {
            for (int to = from + 1; to <= n; to++) {
                if (System.nanoTime() - deadline >= 0 || cancel.isCancelled()) {
                    complete = false;
                    break;
                }
                // node-bounded, not cancelled at the deadline: the space is the same on every machine
                ReplicationChooser.Option o = ReplicationChooser.best(cm, units(from, to), Objective.LATENCY);
                if (o == null) {
                    break;
                }
                startingAt.get(from).add(ranges.size());
                endingAt.get(to).add(ranges.size());
                ranges.add(range(from, to, o, 0));
            }
        }
        if (chip == null) {
            throw new IllegalArgumentException("no unit fits on the chip alone");
        }
    }

    private static int[] units(int from, int to) {
        int[] units = new int[to - from];
        for (int u = from; u < to; u++) {
            units[u - from] = u;
        }
        return units;
    }

    private Range range(int from, int to, ReplicationChooser.Option o, int passes) {
        Partition part = Partition.of(units(from, to), o.replication());
        ScheduleTasks t = ScheduleTasks.of(problem, new Plan(List.of(part)));
        chip = t;
        return new Range(from, to, part, t.partitions().get(0), o, passes);
    }

    /**
     * Cost model v2: one more replication search on an unsettled range ({@link ReplicationChooser#deepen}, pass
     * {@code passes + 1}); the range is replaced by the result. Returns whether its replication changed (its tasks
     * then did too, and every piece built on it is stale).
     */
    boolean deepen(int index, Cancellation cancel) {
        Range r = ranges.get(index);
        if (r.settled()) {
            return false;
        }
        ReplicationChooser.Option o = ReplicationChooser.deepen(cm, units(r.from(), r.to()), Objective.LATENCY,
                r.option(), r.passes() + 1, cancel);
        boolean changed = !java.util.Arrays.equals(o.replication(), r.option().replication());
        ranges.set(index, changed ? range(r.from(), r.to(), o, r.passes() + 1)
                : new Range(r.from(), r.to(), r.partition(), r.tasks(), o, r.passes() + 1));
        return changed;
    }

    /**
     * What no replication of the ranges' units can undercut in a piece, seconds: the computed range's compute phase
     * T_comp ({@link ReplicationChooser#computeFloorSeconds}) less its earliest stage offset (a partition has computed
     * no earlier than T_comp after its stages' latest origin; {@link #firstOffsetSeconds}), the DRAM time of the piece's
     * weight loads (every weight byte read once at the full bandwidth) and activation traffic (bytes in and out do not
     * depend on the replication), or the time of its unreplicated rows through every write port of the chip (replicas
     * only add rows), whichever is longer. Early start ({@code prefetch} false): the range {@code next} alone, all of
     * it. Prefetch: {@code previous} computing (its activations) and {@code next} programmed (its weights and rows);
     * -1 for none.
     */
    double floorSeconds(int previous, int next, boolean prefetch) {
        int computed = prefetch ? previous : next;
        double compute = computed < 0 ? 0 : computeFloorSeconds(computed);
        long weightBytes = 0;
        long rows = 0;
        long activationBytes = 0;
        if (next >= 0) {
            Range r = ranges.get(next);
            for (int u = r.from(); u < r.to(); u++) {
                Unit unit = problem.graph().unit(u);
                if (unit.weighted()) {
                    weightBytes += unit.weightBytes();
                    rows += unit.rowsWritten();
                }
            }
        }
        PartitionTasks computing = prefetch ? (previous < 0 ? null : ranges.get(previous).tasks())
                : ranges.get(next).tasks();
        if (computing != null) {
            activationBytes = computing.inBytes() + computing.outBytes();
        }
        return Math.max(compute, Math.max(chip.dramSeconds(weightBytes + activationBytes),
                rows * chip.rowSeconds() / chip.ports()));
    }

    /**
     * What no replication of a range's units can undercut in the time from its earliest stage's start until it has
     * computed, seconds: its T_comp floor ({@link ReplicationChooser#computeFloorSeconds}) less its earliest stage
     * offset ({@link #firstOffsetSeconds}); computed once per range.
     */
    double computeFloorSeconds(int range) {
        return computeFloors.computeIfAbsent(range, r ->
                ReplicationChooser.computeFloorSeconds(cm, units(ranges.get(r).from(), ranges.get(r).to()))
                        - firstOffsetSeconds(ranges.get(r).tasks()));
    }

    /**
     * The earliest stage origin offset of a partition's weighted units, seconds. The schedule's model lets a
     * partition compute in {@code T_comp - offset_u} after stage u starts (its origin lies {@code offset_u} before
     * it), so a piece lasts at least {@code T_comp} less the least offset. That least offset belongs to a weighted
     * unit with no weighted producer in the partition, whose start in the pipeline depends only on DRAM input bands,
     * links and vector units (PipelineTiming), none of which the replication changes, so it is the same for every
     * replication of the units (JointRangesTest checks the floor against three replications per range).
     */
    static double firstOffsetSeconds(PartitionTasks tasks) {
        double least = Double.POSITIVE_INFINITY;
        for (ScheduleTasks.UnitTask u : tasks.units()) {
            least = Math.min(least, u.offsetSeconds());
        }
        return least == Double.POSITIVE_INFINITY ? 0 : least;
    }

    Range get(int index) {
        return ranges.get(index);
    }

    int size() {
        return ranges.size();
    }

    /** Ranges starting at unit {@code from}. */
    List<Integer> startingAt(int from) {
        return startingAt.get(from);
    }

    /** Ranges ending before unit {@code to}. */
    List<Integer> endingAt(int to) {
        return endingAt.get(to);
    }

    /** A schedule-task set of the chip (any range's): cores, ports, crossbars, rates. */
    ScheduleTasks chip() {
        return chip;
    }

    /** Whether every range that fits was built (false when the deadline or a cancellation cut it short). */
    boolean complete() {
        return complete;
    }

    /** Ranges whose replication is not proven latency-best (0 under v1). */
    int unproven() {
        int count = 0;
        for (Range r : ranges) {
            if (!r.proven()) {
                count++;
            }
        }
        return count;
    }
}
