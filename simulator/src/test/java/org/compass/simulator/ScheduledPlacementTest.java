package org.compass.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.compass.formulations.baseline.LayerwiseFormulation;
import org.compass.formulations.dp.DpFormulation;
import org.compass.formulations.schedule.ScheduleResult;
import org.compass.formulations.schedule.WriteScheduler;
import org.compass.model.hardware.Hardware;
import org.compass.model.hardware.HardwarePresets;
import org.compass.model.network.Activation;
import org.compass.model.network.NetworkBuilder;
import org.compass.model.network.Shape;
import org.compass.model.network.Window;
import org.compass.model.problem.Objective;
import org.compass.model.problem.PipelineMode;
import org.compass.model.problem.CostModelVersion;
import org.compass.model.problem.Problem;
import org.compass.model.problem.ReplicationSet;
import org.compass.solver.SolveRequest;
import org.compass.solver.cost.CostModel;
import org.compass.solver.cost.ReplicationChooser;
import org.compass.solver.plan.Partition;
import org.compass.solver.plan.Plan;
import org.compass.solver.plan.PlanValidator;
import org.compass.solver.schedule.Schedule;
import org.compass.solver.schedule.ScheduleMode;
import org.compass.solver.schedule.ScheduleRecord;
import org.compass.solver.schedule.ScheduleTasks;
import org.compass.solver.schedule.ScheduleTasks.PartitionTasks;
import org.compass.solver.schedule.ScheduleTasks.UnitTask;
import org.compass.solver.schedule.ScheduleValidator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The scheduled placement ({@code ScheduledPlacer}, docs/simulator.md "Executing a schedule") on a
 * hand-made plan and schedule where a valid schedule needs a unit to reuse a crossbar of its own partition.
 *
 * <p>Chip: 2 cores x 2 crossbars of 8 rows x 4 columns, 1-bit cells and weights, one write port per core. Chain
 * a (4->4, 1 tile) | b (4->8, 2 tiles), c (8->4, 1 tile), d (4->4, 1 tile) | e (4->4, 1 tile): partition 1 fills
 * the chip (4 tiles on 4 crossbars). Mode full: b and c are written while a computes (a, b, c hold the 4
 * crossbars); e (partition 2) is written on a's crossbar as a ends; d is written when b ends, so at that time c, e
 * and d hold 3 crossbars and d must take one of b's, a crossbar of its own partition. The placement before this
 * test looked only at each core's earliest-freed crossbar, found b's (its own partition's) on both cores and gave d
 * crossbar 2 of a core of 2: {@code SimulationException: crossbar 2 does not exist}.
 */
class ScheduledPlacementTest {

    static final Hardware TOY = new Hardware("toy8x4", 8, 4, 1, 1, 8, 2, 2, 1, 1e-6, 1e-7, 1e6, 1e-12, 1e-9,
            1e-10, 0.5);

    static Problem chain() {
        NetworkBuilder n = new NetworkBuilder("reuse5");
        int in = n.input("input", new Shape(4, 1, 1));
        int a = n.fc("a", in, 4, false, Activation.NONE);
        int b = n.fc("b", a, 8, false, Activation.NONE);
        int c = n.fc("c", b, 4, false, Activation.NONE);
        int d = n.fc("d", c, 4, false, Activation.NONE);
        n.fc("e", d, 4, false, Activation.NONE);
        return Problem.of(n.build(), TOY, 1, Objective.LATENCY, PipelineMode.ROW, new ReplicationSet(List.of(1)));
    }

    static Plan plan() {
        return new Plan(List.of(Partition.of(new int[] {0}, new int[] {1}),
                Partition.of(new int[] {1, 2, 3}, new int[] {1, 1, 1}), Partition.of(new int[] {4}, new int[] {1})));
    }

    /** Records of a full-mode schedule with d written only when b ends (see the class comment). */
    static Schedule schedule(Problem problem, Plan plan) {
        ScheduleTasks tasks = ScheduleTasks.of(problem, plan);
        Hardware hw = problem.hardware();
        double bw = hw.dramBytesPerSecond();
        double slack = 20e-6;
        List<ScheduleRecord> r = new ArrayList<>();
        Map<Integer, UnitTask> task = new HashMap<>();
        for (PartitionTasks pt : tasks.partitions()) {
            for (UnitTask u : pt.units()) {
                task.put(u.unit(), u);
            }
        }
        // every transfer at an eighth of the bandwidth: at most 8 ever overlap, so rule 4 holds
        java.util.function.ToDoubleFunction<Long> slow = bytes -> 8.0 * bytes / bw;
        double[] port = {0};
        // a load at `at`, then its write on core 0 (one port) at the later of the load's end and the port's last
        // write; returns the write's end
        java.util.function.BiFunction<Integer, double[], Double> write = (u, at) -> {
            UnitTask t = task.get(u);
            int p = u == 0 ? 0 : u == 4 ? 2 : 1;
            double loaded = at[0] + slow.applyAsDouble(t.weightBytes());
            r.add(ScheduleRecord.weightLoad(p, u, at[0], loaded, t.weightBytes()));
            double start = Math.max(Math.max(loaded, port[0]), at[1]);
            double end = start + tasks.writeSeconds(t.rows(), 1);
            r.add(ScheduleRecord.write(0, p, u, start, end, t.rows(), 1));
            port[0] = end;
            return end;
        };
        PartitionTasks p0 = tasks.partitions().get(0);
        PartitionTasks p1 = tasks.partitions().get(1);
        PartitionTasks p2 = tasks.partitions().get(2);
        // partition 0: a
        double aWritten = write.apply(0, new double[] {0, 0});
        double inLoaded0 = slow.applyAsDouble(p0.inBytes());
        double sa = Math.max(aWritten, inLoaded0);
        double ea = sa + task.get(0).stageSeconds() + 10 * slack;
        r.add(ScheduleRecord.stage(0, 0, sa, ea));
        r.add(ScheduleRecord.activations(ScheduleRecord.Kind.ACT_LOAD, 0, 0, inLoaded0, p0.inBytes()));
        r.add(ScheduleRecord.activations(ScheduleRecord.Kind.ACT_STORE, 0, sa, ea, p0.outBytes()));
        // partition 1's b and c written while a computes (prefetch)
        double bWritten = write.apply(1, new double[] {aWritten, 0});
        double cWritten = write.apply(2, new double[] {aWritten, 0});
        assertTrue(cWritten < ea, "b and c are written before a ends");
        // partition 2's e on a's crossbar as a ends
        double eWritten = write.apply(4, new double[] {ea - slow.applyAsDouble(task.get(4).weightBytes()), ea});
        // partition 1 computes after a: b, then c one lag later; b ends well before c
        double sb = Math.max(ea, bWritten);
        double eb = sb + task.get(1).stageSeconds() + slack;
        r.add(ScheduleRecord.stage(1, 1, sb, eb));
        double sc = Math.max(sb + task.get(1).lagSeconds(), cWritten);
        double ec = Math.max(eb, sc + task.get(2).stageSeconds()) + 10 * slack;
        r.add(ScheduleRecord.stage(1, 2, sc, ec));
        // d written when b ends, onto a crossbar b frees
        double dWritten = write.apply(3, new double[] {eb - slow.applyAsDouble(task.get(3).weightBytes()), eb});
        double sd = Math.max(sc + task.get(2).lagSeconds(), dWritten);
        double ed = Math.max(ec, sd + task.get(3).stageSeconds()) + slack;
        r.add(ScheduleRecord.stage(1, 3, sd, ed));
        r.add(ScheduleRecord.activations(ScheduleRecord.Kind.ACT_LOAD, 1, ea, ea + slow.applyAsDouble(p1.inBytes()),
                p1.inBytes()));
        r.add(ScheduleRecord.activations(ScheduleRecord.Kind.ACT_STORE, 1, ea, ed, p1.outBytes()));
        // partition 2: e
        double inLoaded2 = ed + slow.applyAsDouble(p2.inBytes());
        double se = Math.max(ed, eWritten);
        double ee = Math.max(se + task.get(4).stageSeconds(), inLoaded2) + slack;
        r.add(ScheduleRecord.stage(2, 4, se, ee));
        r.add(ScheduleRecord.activations(ScheduleRecord.Kind.ACT_LOAD, 2, ed, inLoaded2, p2.inBytes()));
        r.add(ScheduleRecord.activations(ScheduleRecord.Kind.ACT_STORE, 2, ed, ee, p2.outBytes()));
        return new Schedule(ScheduleMode.FULL, r);
    }

    @Test
    void aUnitReusesACrossbarOfItsOwnPartitionWhenTheScheduleFreesIt() {
        Problem problem = chain();
        Plan plan = plan();
        assertEquals(List.of(), PlanValidator.violations(problem, plan));
        Schedule schedule = schedule(problem, plan);
        assertEquals(List.of(), ScheduleValidator.violations(ScheduleTasks.of(problem, plan), schedule));

        Program program = Lowering.lower(problem, plan, schedule);
        Placement placement = program.placement();
        assertEquals(6, placement.slots().size(), "a 1, b 2, c 1, d 1, e 1 tiles");
        Map<Integer, List<Placement.Slot>> byCrossbar = assertPlacedAsScheduled(problem, schedule, placement);
        // d (unit 3) takes a crossbar of b (unit 1), of its own partition
        Placement.Slot d = placement.slotAt(placement.slot(3, 0, 0));
        List<Integer> previous = byCrossbar.get(d.core() * TOY.crossbarsPerCore() + d.index()).stream()
                .map(Placement.Slot::unit).toList();
        assertEquals(List.of(1, 3), previous, "d reuses one of b's crossbars");

        SimulationResult sim = Simulator.run(program);
        assertEquals(3, sim.partitions().size());
        assertTrue(sim.latencySeconds() > 0);
    }

    /**
     * The plan on which JointScheduleExecutionTest first met the defect: squeezenet.yaml at batch 1 cut at units 7
     * and 27 (each range with ReplicationChooser's v1-latency-best replication, as DpJointScheduler builds its
     * candidates), whose middle partition takes all 128 crossbars of compass-s, scheduled in mode full by
     * CP-SAT. Before the fix its placement gave crossbar indices up to 22 on cores of 16 (two runs); after it every
     * schedule CP-SAT returned is placed and executed (measured 2026-11-30, four runs: simulated / makespan
     * -1.38%, -4.09%, -0.18%, -3.21%; the agreement is JointScheduleExecutionTest's subject, not asserted here).
     */
    @Tag("slow")
    @Test
    void aPartitionFillingTheChipIsPlacedUnderAFullSchedule() {
        Problem problem = CostModelAgreementTest.problem("squeezenet.yaml").withBatch(1)
                .withCostModel(CostModelVersion.V1);
        CostModel cm = new CostModel(problem);
        int[] cuts = {0, 7, 27, problem.graph().size()};
        List<Partition> parts = new ArrayList<>();
        for (int k = 0; k + 1 < cuts.length; k++) {
            int[] units = IntStream.range(cuts[k], cuts[k + 1]).toArray();
            parts.add(Partition.of(units, ReplicationChooser.best(cm, units, Objective.LATENCY).replication()));
        }
        Plan plan = new Plan(parts);
        assertEquals(List.of(), PlanValidator.violations(problem, plan));
        assertEquals(problem.hardware().crossbars(),
                cm.cost(parts.get(1).unitArray(), parts.get(1).replicationArray()).load().crossbars(),
                "the middle partition fills the chip");
        ScheduleResult s = WriteScheduler.schedule(problem, plan, ScheduleMode.FULL, 10, 8, 1);
        assertEquals(ScheduleMode.FULL, s.schedule().mode());
        assertEquals(List.of(), ScheduleValidator.violations(ScheduleTasks.of(problem, plan), s.schedule()));
        Program program = Lowering.lower(problem, plan, s.schedule());
        assertPlacedAsScheduled(problem, s.schedule(), program.placement());
        SimulationResult sim = Simulator.run(program);
        System.out.printf(Locale.ROOT, "squeezenet.yaml b1 cuts [7, 27] full: makespan %.4e (%s) sim %.4e (%+.2f%%)%n",
                s.makespanSeconds(), s.status(), sim.latencySeconds(),
                100 * (sim.latencySeconds() / s.makespanSeconds() - 1));
    }

    /**
     * Seeded random chains of 4-6 small convolutions on 2 cores of 2-4 crossbars (the instances of
     * DpJointSchedulerTest, where ranges compete for crossbars), the dp plan and the layerwise plan, each scheduled
     * by CP-SAT in modes early, prefetch and full at batch 1, 2 and 4: every schedule validates, is placed as
     * scheduled and runs in the simulator.
     */
    @Tag("slow")
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void everyValidScheduleOfRandomChainsIsPlacedAndRuns(long seed) {
        for (int batch : new int[] {1, 2, 4}) {
            Problem problem = randomChain(seed, batch);
            Plan dp = new DpFormulation().solve(SolveRequest.of(problem)).plan();
            Plan layerwise = new LayerwiseFormulation().solve(SolveRequest.of(problem)).plan();
            for (Plan plan : List.of(dp, layerwise)) {
                for (ScheduleMode mode : List.of(ScheduleMode.EARLY, ScheduleMode.PREFETCH, ScheduleMode.FULL)) {
                    ScheduleResult s = WriteScheduler.schedule(problem, plan, mode, 2, 2, seed);
                    assertEquals(List.of(), ScheduleValidator.violations(ScheduleTasks.of(problem, plan),
                            s.schedule()));
                    Program program = Lowering.lower(problem, plan, s.schedule());
                    Map<Integer, List<Placement.Slot>> on = assertPlacedAsScheduled(problem, s.schedule(),
                            program.placement());
                    long ownReuse = on.values().stream().filter(l -> IntStream.range(1, l.size())
                            .anyMatch(i -> l.get(i).partition() == l.get(i - 1).partition())).count();
                    SimulationResult sim = Simulator.run(program);
                    System.out.printf(Locale.ROOT, "seed %d batch %d %-8s %d partitions: makespan %.4e sim %.4e"
                            + " (%+.2f%%), %d crossbars reused within a partition%n", seed, batch, mode.label(),
                            plan.size(), s.makespanSeconds(), sim.latencySeconds(),
                            100 * (sim.latencySeconds() / s.makespanSeconds() - 1), ownReuse);
                }
            }
        }
    }

    /**
     * DpJointSchedulerTest's instance (a copy: the modules share no test classes), a seeded chain of 4-6
     * convolutions on 2 cores of 2-4 crossbars; there pinned to cost model v1 for the joint DP, here under the
     * default, since placement does not depend on the cost model.
     */
    static Problem randomChain(long seed, int batch) {
        Random random = new Random(seed);
        NetworkBuilder b = new NetworkBuilder("chain" + seed);
        int node = b.input("input", new Shape(16, 4, 4));
        int layers = 4 + random.nextInt(3);
        for (int i = 0; i < layers; i++) {
            int out = new int[] {8, 16, 32, 64}[random.nextInt(4)];
            int kernel = random.nextBoolean() ? 3 : 1;
            node = b.conv("conv" + i, node, out, new Window(kernel, kernel, 1, 1, kernel / 2, kernel / 2, 1, 1, false),
                    1, false, Activation.RELU);
        }
        Hardware hw = HardwarePresets.compass("tiny", 1);
        Hardware small = new Hardware(hw.name(), hw.crossbarRows(), hw.crossbarCols(), hw.cellBits(),
                hw.weightBits(), hw.activationBits(), 2, 2 + random.nextInt(3), hw.writePortsPerCore(),
                hw.mvmSeconds(), hw.rowWriteSeconds(), hw.dramBytesPerSecond(), hw.rowWriteJoules(),
                hw.dramJoulesPerByte(), hw.mvmJoulesPerCrossbarStep(), hw.staticWatts(), hw.mvmIssuePerCore(),
                hw.localMemoryBytesPerSecond(), hw.linkBytesPerSecond(), hw.linkLatencySeconds(),
                hw.vectorBytesPerSecond(), hw.enduranceCycles());
        return Problem.of(b.build(), small, batch, Objective.LATENCY, PipelineMode.ROW, ReplicationSet.DEFAULT);
    }

    /**
     * Every tile sits on a crossbar that exists, and on each crossbar the schedule ends each tile's unit before the
     * next tile's unit starts writing (ScheduleValidator's rule-5 intervals, compared as the validator does). Returns
     * the tiles per crossbar (core x crossbars per core + index) in write-start order.
     */
    static Map<Integer, List<Placement.Slot>> assertPlacedAsScheduled(Problem problem, Schedule schedule,
                                                                      Placement placement) {
        int perCore = problem.hardware().crossbarsPerCore();
        ScheduleDirectives sched = ScheduleDirectives.of(schedule, problem.graph().size());
        Map<Integer, List<Placement.Slot>> byCrossbar = new HashMap<>();
        for (Placement.Slot s : placement.slots()) {
            assertTrue(s.index() < perCore, "crossbar " + s.index() + " of a core of " + perCore + ": " + s);
            byCrossbar.computeIfAbsent(s.core() * perCore + s.index(), k -> new ArrayList<>()).add(s);
        }
        for (List<Placement.Slot> on : byCrossbar.values()) {
            on.sort(Comparator.comparingDouble(s -> sched.start(s.unit())));
            for (int i = 1; i < on.size(); i++) {
                int before = on.get(i - 1).unit();
                int after = on.get(i).unit();
                assertTrue(sched.after(sched.start(after), sched.freeAt(before)), "unit " + after
                        + " is written at " + sched.start(after) + " s on the crossbar of unit " + before
                        + ", which the schedule frees at " + sched.freeAt(before) + " s");
            }
        }
        return byCrossbar;
    }
}
