package org.compass.simulator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.compass.model.hardware.HardwarePresets;
import org.compass.model.problem.Objective;
import org.compass.model.problem.PipelineMode;
import org.compass.model.problem.Problem;
import org.compass.model.problem.ReplicationSet;
import org.compass.model.zoo.Zoo;
import org.compass.solver.plan.Partition;
import org.compass.solver.plan.Plan;
import org.junit.jupiter.api.Test;

/** The program phase of the plain lowering: each port writes its tiles in the order they arrive ({@link LoadOrder}). */
class LoadOrderTest {

    /**
     * Two cores, one port each. Core 0 loads t0 (written on core 0) then t1 (written on core 1); core 1 loads t2
     * (written on core 1, 5 us). The channel serves core 0's t0 (0-1 us), core 1's t2 (1-2 us), core 0's t1 (2-3
     * us): core 1's port writes t2 at 2-7 us, then t1. In (unit, tile) order it would wait for t1 until 3 us first.
     */
    @Test
    void portsWriteTheTilesInTheOrderTheyArrive() {
        int[][] ports = new int[3][];
        int[] order = LoadOrder.order(new int[] {0, 0, 1}, new double[] {1, 1, 1}, new double[] {1, 1, 5},
                new int[][] {{0}, {1}, {1}}, 2, 1, 4, ports);
        assertArrayEquals(new int[] {0, 2, 1}, order);
        assertArrayEquals(new int[] {0}, ports[1]);
    }

    /** A core whose staging slots are full issues its next load when the first staged tile has been written. */
    @Test
    void aFullStagingSlotHoldsTheCoresNextLoad() {
        int[][] ports = new int[3][];
        // one slot: core 0's t1 waits until t0 is written (1 + 10 us), so core 1's t2 (issued at 0) goes first
        int[] order = LoadOrder.order(new int[] {0, 0, 1}, new double[] {1, 1, 1}, new double[] {10, 1, 1},
                new int[][] {{0}, {0}, {1}}, 2, 1, 1, ports);
        assertArrayEquals(new int[] {0, 2, 1}, order);
    }

    /**
     * The case that showed it (docs/fidelity.md): squeezenet1_0 on compass-l, batch 1, the dp plan of 2026-12-01.
     * Partition 1 (95 tiles, 80,384 rows on 32 ports: the busiest port writes 25.28 us) took 38.94 us to program with
     * each port writing in (unit, tile, replica) order and each tile staged on its replica 0's core: ports idled 4 to
     * 10 us waiting for a tile loaded late while tiles for their later writes were staged. Now 28.08 us.
     */
    @Test
    void squeezenetPartitionOneNoLongerIdlesItsPorts() {
        Problem p = Problem.of(Zoo.build("squeezenet1_0").orElseThrow(), HardwarePresets.byName("compass-l").orElseThrow(),
                1, Objective.THROUGHPUT, PipelineMode.ROW, ReplicationSet.DEFAULT);
        Plan plan = new Plan(List.of(
                partition(0, new int[] {64, 1, 16, 16, 16, 1, 16, 16, 16, 1, 16, 16, 16, 1, 1, 8}),
                partition(16, new int[] {8, 8, 1, 8, 8, 8, 1, 8, 8, 8, 1, 8, 8, 8, 1, 1, 4, 2, 2, 1, 2, 1, 1})));
        SimulationResult r = Simulator.run(Lowering.lower(p, plan));
        PartitionTrace t = r.partitions().get(1);
        double program = t.programDoneSeconds() - t.startSeconds();
        assertTrue(program >= 25.28e-6, "no faster than the busiest port: " + program);
        assertTrue(program < 30e-6, "program phase " + program + " s (38.94 us before)");
        assertEquals(plan.partitions().get(1).size(), 23);
    }

    /**
     * The load that feeds the port that runs out of writes first goes next, whichever its place in its core's list:
     * core 0 loads t0 and t1 (5 us of writes each on core 0) and t2 (1 us, replicated on cores 0 and 1). In (unit,
     * tile) order core 1's port would get its first tile at 3 us; t2 goes second and it starts at 2 us.
     */
    @Test
    void theHungriestPortIsFedFirst() {
        int[][] ports = new int[3][];
        int[] order = LoadOrder.order(new int[] {0, 0, 0}, new double[] {1, 1, 1}, new double[] {5, 5, 1},
                new int[][] {{0}, {0}, {0, 1}}, 2, 1, 4, ports);
        assertArrayEquals(new int[] {0, 2, 1}, order);
    }

    /**
     * The case that showed it (docs/fidelity.md, 2026-12-01): squeezenet1_1 on compass-m, batch 1, row pipeline, the
     * dp plan's partition 1 (88 tiles, 37,504 rows on 16 ports: every port writes 23.4-23.5 us; the loads take 21.48
     * us). With each core's loads in (unit, tile) order and the channel first come first served among the cores, ports
     * idled up to 4.6 us while the channel served tiles of ports with writes queued: 30.76 us. With one queue in the
     * planned order, the tile for the port that runs out of writes first next: 26.60 us, the last tile (21.48 us)
     * then written twice on one core (2 x 2.56 us).
     */
    @Test
    void squeezenet11PartitionOneFeedsItsPortsInTime() {
        Problem p = Problem.of(Zoo.build("squeezenet1_1").orElseThrow(), HardwarePresets.byName("compass-m").orElseThrow(),
                1, Objective.THROUGHPUT, PipelineMode.ROW, ReplicationSet.DEFAULT);
        Plan plan = new Plan(List.of(
                partition(0, new int[] {64, 1, 16, 16, 16, 1, 16, 16, 16, 1, 1, 8, 4, 4, 1, 4, 4, 4, 1, 1, 4}),
                partition(21, new int[] {2, 2, 1, 4, 2, 2, 1, 4, 2, 2, 1, 4, 2, 2, 1, 2, 1, 1})));
        SimulationResult r = Simulator.run(Lowering.lower(p, plan));
        PartitionTrace t = r.partitions().get(1);
        double program = t.programDoneSeconds() - t.startSeconds();
        assertTrue(program >= 23.44e-6, "no faster than the busiest port: " + program);
        assertTrue(program < 27e-6, "program phase " + program + " s (30.76 us before)");
    }

    private static Partition partition(int first, int[] replication) {
        List<Integer> units = new ArrayList<>();
        List<Integer> rep = new ArrayList<>();
        for (int i = 0; i < replication.length; i++) {
            units.add(first + i);
            rep.add(replication[i]);
        }
        return new Partition(units, rep);
    }
}
