package org.compass.formulations.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.compass.formulations.baseline.LayerwiseFormulation;
import org.compass.model.problem.PipelineMode;
import org.compass.model.problem.Problem;
import org.compass.solver.SolveRequest;
import org.compass.solver.cost.CostModel;
import org.compass.solver.plan.Plan;
import org.compass.solver.schedule.ScheduleMode;
import org.compass.solver.schedule.ScheduleTasks;
import org.compass.solver.schedule.ScheduleTasks.PartitionTasks;
import org.compass.solver.schedule.ScheduleValidator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 12, the defect a new-user trial found: under {@code --schedule full} the CP-SAT bound of the layerwise
 * baseline's schedule of ResNet-18 (2.72-2.94 ms) was above the phase schedule of the same plan (2.568 ms). The
 * CP model ran a DRAM-bound partition's activation load at the full bandwidth and its store after it, where the
 * phase model shares the bandwidth between them, so it did not contain the phase schedule. Here: the phase
 * schedule written in ticks is feasible in the CP model of every mode, and the CP model's own bound (not clamped)
 * never exceeds it nor the makespan found.
 */
class PhaseContainmentTest {

    /**
     * {@link ExactReferenceTest#random} (2-3 partitions of 1-2 units, a tight chip, a small staging buffer) with
     * activation traffic of 0-1,600 bytes in and out per partition: 0-200 ns at 8 GB/s against stages of 5-65
     * ns, so many partitions are DRAM-bound, as the layerwise plan's are at batch 16.
     */
    static ScheduleTasks randomWithActivations(long seed) {
        ScheduleTasks base = ExactReferenceTest.random(seed, 3);
        Random rnd = new Random(seed * 31 + 7);
        List<PartitionTasks> ps = new ArrayList<>();
        for (PartitionTasks pt : base.partitions()) {
            ps.add(new PartitionTasks(pt.units(), rnd.nextInt(4) == 0 ? 0 : rnd.nextInt(1601),
                    rnd.nextInt(4) == 0 ? 0 : rnd.nextInt(1601), pt.producers(), pt.computeSeconds()));
        }
        return new ScheduleTasks(ps, base.cores(), base.portsPerCore(), base.chipCrossbars(), base.rowSeconds(),
                base.dramBytesPerSecond(), base.stagingBytes());
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
    void thePhaseScheduleIsFeasibleAndBoundsTheModel(long seed) {
        ScheduleTasks tasks = randomWithActivations(seed);
        for (ScheduleMode mode : ScheduleMode.values()) {
            ScheduleInstance in = ScheduleInstance.of(tasks, mode);
            long[] phase = SerialScheduler.phase(in, () -> false);
            assertNotNull(phase, "seed " + seed + " " + mode + ": no phase schedule");
            long phaseTicks = SerialScheduler.makespan(in, phase);
            // (a) feasible: every lag of the mode's instance holds, and the validator accepts it in seconds
            for (long[] l : in.lags) {
                assertTrue(phase[(int) l[1]] - phase[(int) l[0]] >= l[2], "seed " + seed + " " + mode + ": lag "
                        + l[0] + " -> " + l[1] + " of " + l[2] + " broken");
            }
            assertEquals(List.of(), ScheduleValidator.violations(tasks, WriteScheduler.toSchedule(in, phase)),
                    "seed " + seed + " " + mode);
            // fed as the only hint (its makespan is the horizon), CP-SAT accepts it: it finds a solution
            CpSatScheduler.Outcome o = CpSatScheduler.solve(in, phase, 10, 2, seed);
            assertTrue(o.solved(), "seed " + seed + " " + mode + ": CP-SAT found no solution within the phase's"
                    + " makespan");
            assertEquals(List.of(), ScheduleValidator.violations(tasks, WriteScheduler.toSchedule(in, o.starts())));
            // (b) the model's own bound is below the phase schedule and the makespan found
            assertTrue(o.bound() <= phaseTicks, "seed " + seed + " " + mode + ": bound " + o.bound() + " > phase "
                    + phaseTicks);
            assertTrue(o.bound() <= o.makespan(), "seed " + seed + " " + mode);
            assertTrue(o.makespan() <= phaseTicks, "seed " + seed + " " + mode);
            // the scheduler's hint (and so its horizon) is never longer than the phase schedule
            assertTrue(SerialScheduler.makespan(in, SerialScheduler.hint(in, () -> false)) <= phaseTicks);
        }
    }

    /**
     * The third hint candidate: the serial schedule of {@link ScheduleInstance#streamsAfterWrites} keeps every lag of
     * the instance (it only adds lags), starts no activation load before its partition's loads and writes end, and
     * passes the validator, in every mode.
     */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
    void theStreamsAfterWritesScheduleIsASchedule(long seed) {
        ScheduleTasks tasks = randomWithActivations(seed);
        for (ScheduleMode mode : ScheduleMode.values()) {
            ScheduleInstance in = ScheduleInstance.of(tasks, mode);
            long[] s = SerialScheduler.natural(in.streamsAfterWrites());
            assertNotNull(s, "seed " + seed + " " + mode);
            for (long[] l : in.lags) {
                assertTrue(s[(int) l[1]] - s[(int) l[0]] >= l[2], "seed " + seed + " " + mode + ": lag " + l[0]
                        + " -> " + l[1] + " of " + l[2] + " broken");
            }
            for (int a = 0; a < in.size(); a++) {
                for (int b = 0; b < in.size(); b++) {
                    if (in.type.get(b) == ScheduleInstance.Type.ACT_LOAD && in.partition.get(a).equals(in.partition.get(b))
                            && (in.type.get(a) == ScheduleInstance.Type.WEIGHT_LOAD
                            || in.type.get(a) == ScheduleInstance.Type.WRITE)) {
                        assertTrue(s[b] >= s[a] + in.dur(a), "seed " + seed + " " + mode);
                    }
                }
            }
            assertEquals(List.of(), ScheduleValidator.violations(tasks, WriteScheduler.toSchedule(in, s)),
                    "seed " + seed + " " + mode);
        }
    }

    /**
     * The trial's case: the layerwise plan (one layer per partition, DRAM-bound at batch 16). Its phase schedule in
     * ticks is the v1 latency up to the rounding of each partition's durations up to whole ticks (at most 4 ticks a
     * partition: the weight load, the activation streams and their shares' room), and CP-SAT's own bound stays
     * below it in every mode (it was 8% above in full mode).
     */
    @ParameterizedTest
    @CsvSource({"resnet18,compass-m,16", "resnet18,compass-m,1", "squeezenet,compass-m,16"})
    void theLayerwisePlansPhaseScheduleBoundsTheModel(String net, String chip, int batch) {
        Problem problem = WriteSchedulerTest.problem(net, chip, batch, PipelineMode.ROW);
        Plan plan = new LayerwiseFormulation().solve(SolveRequest.of(problem)).plan();
        double v1 = new CostModel(problem).evaluate(plan).latencySeconds();
        ScheduleTasks tasks = ScheduleTasks.of(problem, plan);
        for (ScheduleMode mode : List.of(ScheduleMode.EARLY, ScheduleMode.PREFETCH, ScheduleMode.FULL)) {
            ScheduleInstance in = ScheduleInstance.of(tasks, mode);
            long[] phase = SerialScheduler.phase(in, () -> false);
            assertNotNull(phase);
            long phaseTicks = SerialScheduler.makespan(in, phase);
            assertTrue(phaseTicks * in.tick <= v1 + 4 * plan.size() * in.tick,
                    mode + ": phase in ticks " + phaseTicks * in.tick + " s, v1 " + v1 + " s");
            CpSatScheduler.Outcome o = CpSatScheduler.solve(in, SerialScheduler.hint(in, () -> false), 3, 2, 1);
            assertTrue(o.solved(), mode.toString());
            assertTrue(o.bound() <= phaseTicks, mode + ": bound " + o.bound() * in.tick + " s > phase "
                    + phaseTicks * in.tick + " s");
            assertTrue(o.bound() <= o.makespan(), mode.toString());
            ScheduleResult r = WriteScheduler.schedule(problem, plan, mode, 3, 2, 1);
            assertTrue(r.boundSeconds() <= v1 && r.boundSeconds() <= r.makespanSeconds() && r.makespanSeconds() <= v1,
                    mode + ": bound " + r.boundSeconds() + ", makespan " + r.makespanSeconds() + ", phases " + v1);
            assertTrue(r.evaluation().savedSeconds() >= 0, mode.toString());
        }
    }
}
