package org.compass.formulations.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.compass.model.problem.CostModelVersion;
import org.compass.model.problem.Problem;
import org.compass.solver.control.Cancellation;
import org.compass.solver.plan.Partition;
import org.compass.solver.plan.Plan;
import org.compass.solver.plan.PlanValidator;
import org.compass.solver.schedule.ScheduleMode;
import org.compass.solver.schedule.ScheduleTasks;
import org.compass.solver.schedule.ScheduleTasks.PartitionTasks;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The joint DP's candidate partitions under cost model v2: the floors that bound a range whose replication search
 * is unproven hold for every replication of its units, not only the chosen one (they are what keeps the joint
 * DP's bound, and its OPTIMAL, honest when some ranges are unproven).
 */
class JointRangesTest {

    /**
     * On the seeded chains of {@link DpJointSchedulerTest}, for every range and three replications of it (the chosen
     * one, none, and every unit at the most that fits), the proved optimal length of its early-start piece and of
     * its windows (computing and programmed) is at least the floor.
     */
    @ParameterizedTest(name = "seed {0} batch {1}")
    @CsvSource({"1,1", "2,1", "3,4", "5,2"})
    void theFloorsHoldForEveryReplication(long seed, int batch) {
        Problem problem = DpJointSchedulerTest.randomProblem(seed, batch, CostModelVersion.V2);
        JointRanges ranges = new JointRanges(problem, Long.MAX_VALUE / 2 + System.nanoTime(), Cancellation.NEVER);
        assertTrue(ranges.complete());
        int checked = 0;
        for (int r = 0; r < ranges.size(); r++) {
            JointRanges.Range range = ranges.get(r);
            for (Partition p : replications(problem, range)) {
                PartitionTasks tasks = ScheduleTasks.of(problem, new Plan(List.of(p))).partitions().get(0);
                ScheduleTasks chip = ranges.chip();
                long early = optimum(JointWindows.window(chip, null, tasks, ScheduleMode.EARLY, false), false);
                long computing = optimum(JointWindows.window(chip, tasks, null, ScheduleMode.PREFETCH, false), true);
                long programmed = optimum(JointWindows.window(chip, null, tasks, ScheduleMode.PREFETCH, false), false);
                double tick = problem.hardware().rowWriteSeconds() / 10;
                assertTrue(ranges.floorSeconds(-1, r, false) <= early * tick * (1 + 1e-9),
                        "early: range " + range.from() + "-" + range.to() + " " + p.replication());
                assertTrue(ranges.floorSeconds(r, -1, true) <= computing * tick * (1 + 1e-9),
                        "computing: range " + range.from() + "-" + range.to() + " " + p.replication() + " floor "
                                + ranges.floorSeconds(r, -1, true) + " window " + computing * tick + " T_comp "
                                + tasks.computeSeconds() + " in " + tasks.inBytes() + " out " + tasks.outBytes()
                                + " early " + early * tick);
                assertTrue(ranges.floorSeconds(-1, r, true) <= programmed * tick * (1 + 1e-9),
                        "programmed: range " + range.from() + "-" + range.to() + " " + p.replication());
                checked++;
            }
        }
        assertTrue(checked > ranges.size(), "more than one replication per range checked: " + checked);
    }

    /**
     * What the compute term of the floor rests on: the T_comp floor is below every replication's T_comp, and the
     * earliest stage offset of a range is the same for every replication (checked on the branching networks of the problem files, ranges of up to 10 units, the chosen
     * replication against none and one unit at a time at its largest fitting factor).
     */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"squeezenet,compass-s", "squeezenet,compass-m", "resnet18,compass-m", "mobilenet_v2,compass-m"})
    void theEarliestStageOffsetDoesNotDependOnTheReplication(String net, String chip) {
        Problem problem = WriteSchedulerTest.problem(net, chip, 1, org.compass.model.problem.PipelineMode.ROW)
                .withCostModel(CostModelVersion.V2);
        int n = problem.graph().size();
        org.compass.solver.cost.CostModel cm = new org.compass.solver.cost.CostModel(problem);
        int checked = 0;
        for (int from = 0; from < n; from++) {
            for (int to = from + 1; to <= Math.min(n, from + 10); to++) {
                int[] units = new int[to - from];
                for (int u = from; u < to; u++) {
                    units[u - from] = u;
                }
                org.compass.solver.cost.ReplicationChooser.Option o = org.compass.solver.cost.ReplicationChooser
                        .fitting(cm, units, org.compass.model.problem.Objective.LATENCY);
                if (o == null) {
                    break;
                }
                JointRanges.Range range = new JointRanges.Range(from, to, Partition.of(units, o.replication()), null,
                        o, 0);
                double expected = Double.NaN;
                for (Partition p : replications(problem, range)) {
                    PartitionTasks tasks = ScheduleTasks.of(problem, new Plan(List.of(p))).partitions().get(0);
                    double offset = JointRanges.firstOffsetSeconds(tasks);
                    assertTrue(org.compass.solver.cost.ReplicationChooser.computeFloorSeconds(cm, units)
                            <= tasks.computeSeconds() * (1 + 1e-12), "T_comp floor: " + net + " range " + from + "-"
                            + to + " " + p.replication());
                    if (Double.isNaN(expected)) {
                        expected = offset;
                    }
                    assertEquals(expected, offset, 1e-15, net + " range " + from + "-" + to + " " + p.replication());
                    checked++;
                }
            }
        }
        assertTrue(checked > 100, "checked " + checked);
    }

    /** Under v1 every range's replication is proven (the period rule is exact), so nothing needs a floor. */
    @ParameterizedTest(name = "seed {0}")
    @CsvSource({"1", "4"})
    void underCostModelOneEveryRangeIsProven(long seed) {
        Problem problem = DpJointSchedulerTest.randomProblem(seed, 1, CostModelVersion.V1);
        JointRanges ranges = new JointRanges(problem, Long.MAX_VALUE / 2 + System.nanoTime(), Cancellation.NEVER);
        assertEquals(0, ranges.unproven());
    }

    /** The chosen replication, none, and each unit at the largest factor that fits with the others unreplicated. */
    private static List<Partition> replications(Problem problem, JointRanges.Range range) {
        List<Partition> out = new ArrayList<>();
        out.add(range.partition());
        int size = range.to() - range.from();
        int[] units = new int[size];
        for (int i = 0; i < size; i++) {
            units[i] = range.from() + i;
        }
        int[] ones = new int[size];
        Arrays.fill(ones, 1);
        out.add(Partition.of(units, ones));
        int[] factors = problem.replication().toArray();
        for (int i = 0; i < size; i++) {
            for (int f = factors.length - 1; f >= 0; f--) {
                int[] rep = ones.clone();
                rep[i] = factors[f];
                Partition p = Partition.of(units, rep);
                if (factors[f] > 1 && PlanValidator.violations(problem, new Plan(List.of(p))).isEmpty()) {
                    out.add(p);
                    break;
                }
            }
        }
        return out;
    }

    /** The proved optimal length of an instance, ticks (a computing window starts from its serial schedule moved). */
    private static long optimum(ScheduleInstance in, boolean computing) {
        long[] hint = SerialScheduler.natural(in);
        CpSatScheduler.Outcome o = CpSatScheduler.solve(in, computing ? JointWindows.afterComputing(in, hint) : hint,
                30, 2, 1);
        assertTrue(o.optimal(), "proved");
        return JointWindows.length(o.starts(), o.durations());
    }
}
