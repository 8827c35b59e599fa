package org.compass.formulations.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.compass.solver.schedule.ScheduleMode;
import org.compass.solver.schedule.ScheduleTasks;
import org.compass.solver.schedule.ScheduleTasks.PartitionTasks;
import org.compass.solver.schedule.ScheduleTasks.UnitTask;
import org.compass.solver.schedule.ScheduleValidator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The CP model against exhaustive serial schedule generation on seeded small instances. */
class ExactReferenceTest {

    /**
     * A random chain of 2-3 partitions with 1-2 weighted units each, 2 cores of one port, no activation
     * traffic (so every lag is non-negative, the case the enumeration is exact for), and a chip barely larger
     * than the largest partition so that prefetch competes for crossbars, and a staging buffer for half the
     * largest unit's weights to a few units' (so some units stream through the whole buffer).
     */
    static ScheduleTasks random(long seed, int maxParts) {
        Random rnd = new Random(seed);
        int parts = 2 + rnd.nextInt(maxParts - 1);
        List<PartitionTasks> ps = new ArrayList<>();
        long maxCrossbars = 0;
        long maxBytes = 0;
        int id = 0;
        for (int p = 0; p < parts; p++) {
            int n = 1 + rnd.nextInt(2);
            List<UnitTask> units = new ArrayList<>();
            long crossbars = 0;
            for (int i = 0; i < n; i++) {
                long xb = 1 + rnd.nextInt(4);
                crossbars += xb;
                double stage = (5 + rnd.nextInt(60)) * 1e-9;
                double lag = rnd.nextInt(5) * 1e-9;
                UnitTask u = new UnitTask(id, xb, 1 + rnd.nextInt(6), 8 + rnd.nextInt(200), stage, lag,
                        i == 0 ? List.of() : List.of(id - 1));
                maxBytes = Math.max(maxBytes, u.weightBytes());
                units.add(u);
                id++;
            }
            maxCrossbars = Math.max(maxCrossbars, crossbars);
            ps.add(new PartitionTasks(units, 0, 0, p == 0 ? List.of() : List.of(p - 1)));
        }
        long chip = maxCrossbars + rnd.nextInt(4);
        // a staging buffer from about one unit's weights to a few, so that prefetched loads compete for it
        return new ScheduleTasks(ps, 2, 1, chip, 10e-9, 8e9, maxBytes / 2 + rnd.nextInt(400));
    }

    /**
     * As {@link #random}, in the shape cost model v2 gives (issue 12): 1-3 weighted units per partition forming a
     * small DAG (each unit depends on a random non-empty subset of the earlier ones), stages placed in windows
     * [start, end] that follow the DAG (a stage starts 0-5 ns after its latest producer starts and ends no
     * earlier than its own time after its start, nor 0-3 ns after its latest producer ends), per-edge start and
     * end lags the windows' differences, and a compute phase that is the latest window end or, in about half the
     * partitions, up to 40 ns longer (the chip-wide throughput term).
     */
    static ScheduleTasks randomV2(long seed, int maxParts) {
        Random rnd = new Random(seed);
        int parts = 2 + rnd.nextInt(maxParts - 1);
        List<PartitionTasks> ps = new ArrayList<>();
        long maxCrossbars = 0;
        long maxBytes = 0;
        int id = 0;
        for (int p = 0; p < parts; p++) {
            int n = 1 + rnd.nextInt(3);
            List<UnitTask> units = new ArrayList<>();
            long crossbars = 0;
            double[] ws = new double[n];
            double[] we = new double[n];
            double compute = 0;
            for (int i = 0; i < n; i++) {
                List<Integer> preds = new ArrayList<>();
                for (int j = 0; j < i; j++) {
                    if (j == i - 1 || rnd.nextBoolean()) {
                        preds.add(j);
                    }
                }
                double start = 0;
                double end = 0;
                for (int j : preds) {
                    start = Math.max(start, ws[j] + rnd.nextInt(6) * 1e-9);
                    end = Math.max(end, we[j] + rnd.nextInt(4) * 1e-9);
                }
                ws[i] = start;
                we[i] = Math.max(end, start + (5 + rnd.nextInt(60)) * 1e-9);
                compute = Math.max(compute, we[i]);
                List<Integer> predIds = new ArrayList<>();
                List<Double> startLags = new ArrayList<>();
                List<Double> endLags = new ArrayList<>();
                for (int j : preds) {
                    predIds.add(id - i + j);
                    startLags.add(ws[i] - ws[j]);
                    endLags.add(we[i] - we[j]);
                }
                long xb = 1 + rnd.nextInt(4);
                crossbars += xb;
                UnitTask u = new UnitTask(id, xb, 1 + rnd.nextInt(6), 8 + rnd.nextInt(200), we[i] - ws[i], 0,
                        predIds, ws[i], startLags, endLags);
                maxBytes = Math.max(maxBytes, u.weightBytes());
                units.add(u);
                id++;
            }
            if (rnd.nextBoolean()) {
                compute += rnd.nextInt(41) * 1e-9;
            }
            maxCrossbars = Math.max(maxCrossbars, crossbars);
            ps.add(new PartitionTasks(units, 0, 0, p == 0 ? List.of() : List.of(p - 1), compute));
        }
        long chip = maxCrossbars + rnd.nextInt(4);
        return new ScheduleTasks(ps, 2, 1, chip, 10e-9, 8e9, maxBytes / 2 + rnd.nextInt(400));
    }

    /**
     * As {@link #random} with two partitions, but with a staging buffer of a third of the largest unit's weights
     * (at least 8 bytes), so that most units stream through it (rule 10, docs/scheduling.md: load and writes start
     * together, the writes last at least the load, and the load is stretched where the writes are too slow).
     */
    static ScheduleTasks streaming(long seed) {
        ScheduleTasks t = random(seed, 2);
        long max = 0;
        for (PartitionTasks p : t.partitions()) {
            for (UnitTask u : p.units()) {
                max = Math.max(max, u.weightBytes());
            }
        }
        return new ScheduleTasks(t.partitions(), t.cores(), t.portsPerCore(), t.chipCrossbars(), t.rowSeconds(),
                t.dramBytesPerSecond(), Math.max(8, max / 3));
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
    void cpSatEqualsExhaustiveEnumerationWithUnitsStreamingThroughTheBuffer(long seed) {
        check(seed, streaming(seed));
    }

    /** The streaming instances exercise rule 10: most units stream, and some loads are stretched. */
    @org.junit.jupiter.api.Test
    void theStreamingInstancesStreamAndStretch() {
        int units = 0;
        int streamingUnits = 0;
        int stretched = 0;
        for (long seed = 1; seed <= 10; seed++) {
            ScheduleTasks tasks = streaming(seed);
            ScheduleInstance in = ScheduleInstance.of(tasks, ScheduleMode.PREFETCH);
            for (int a = 0; a < in.size(); a++) {
                int load = in.loadOf.get(a);
                if (load < 0) {
                    continue;
                }
                units++;
                UnitTask u = tasks.partitions().get(in.partition.get(a)).find(in.unit.get(a));
                if (u.weightBytes() > tasks.stagingBytes()) {
                    streamingUnits++;
                    if (in.dur(load) > in.ticks(tasks.dramSeconds(u.weightBytes()))) {
                        stretched++;
                    }
                }
            }
        }
        assertTrue(2 * streamingUnits >= units, streamingUnits + " of " + units + " units stream");
        assertTrue(stretched >= 1, stretched + " stretched loads");
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
    void cpSatEqualsExhaustiveEnumerationOnV2ShapedInstances(long seed) {
        check(seed, randomV2(seed, 2));
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
    void cpSatEqualsExhaustiveEnumerationOnTwoPartitions(long seed) {
        check(seed, random(seed, 2));
    }

    @Tag("slow")
    @ParameterizedTest
    @ValueSource(longs = {11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22})
    void cpSatEqualsExhaustiveEnumerationOnThreePartitions(long seed) {
        check(seed, random(seed, 3));
    }

    private static void check(long seed, ScheduleTasks tasks) {
        for (ScheduleMode mode : ScheduleMode.values()) {
            ScheduleInstance in = ScheduleInstance.of(tasks, mode);
            assertTrue(in.nonNegativeLags());
            long[] exact = SerialScheduler.exact(in);
            assertNotNull(exact, "enumeration found no schedule");
            long[] hint = SerialScheduler.natural(in);
            CpSatScheduler.Outcome cp = CpSatScheduler.solve(in, hint, 20, 8, seed);
            assertTrue(cp.optimal(), "seed " + seed + " " + mode + " not proved");
            assertEquals(SerialScheduler.makespan(in, exact), cp.makespan(), "seed " + seed + " " + mode);
            assertTrue(SerialScheduler.makespan(in, exact) <= SerialScheduler.makespan(in, hint));
            // both schedules obey the exact rules once in seconds
            assertEquals(List.of(), ScheduleValidator.violations(tasks, WriteScheduler.toSchedule(in, exact)));
            assertEquals(List.of(), ScheduleValidator.violations(tasks, WriteScheduler.toSchedule(in, cp.starts())));
        }
    }
}
