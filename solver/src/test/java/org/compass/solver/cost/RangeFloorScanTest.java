package org.compass.solver.cost;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.stream.IntStream;
import org.compass.model.hardware.HardwarePresets;
import org.compass.model.network.Activation;
import org.compass.model.network.NetworkBuilder;
import org.compass.model.network.Shape;
import org.compass.model.problem.CostModelVersion;
import org.compass.model.problem.InferencePhase;
import org.compass.model.problem.Objective;
import org.compass.model.problem.PipelineMode;
import org.compass.model.problem.Problem;
import org.compass.model.problem.ReplicationSet;
import org.compass.model.zoo.Zoo;
import org.compass.solver.control.Cancellation;
import org.junit.jupiter.api.Test;

/**
 * {@link RangeFloorScan}, the floors the lazy v2 DP prices every range with first: on every range that fits of
 * seeded random DAGs (column slices, adds, concats; both pipelines, batch 1 and 16), SqueezeNet, a small decoder in
 * both phases and a chain of 64 x 64 layers, the floor is below every fitting replication's cost and the searched
 * optimum, at most the floor {@link ReplicationChooser#quick} gives (what the lazy DP's answer rests on), and where
 * the scan calls a range exact, it is bit for bit quick's option: the range unreplicated, proven.
 */
class RangeFloorScanTest {

    private int exact;
    private int floored;

    @Test
    void floorsHoldOnRandomNetworks() {
        for (long seed = 1; seed <= 12; seed++) {
            for (PipelineMode pipeline : PipelineMode.values()) {
                for (int batch : new int[] {1, 16}) {
                    checkEveryRange(ScaleEquivalenceTest.randomProblem(seed, pipeline, batch)
                            .withCostModel(CostModelVersion.V2), new Random(seed), "seed " + seed + " " + pipeline
                            + " B" + batch);
                }
            }
        }
        assertTrue(exact > 100 && floored > 1000, "both kinds of range are checked: " + exact + " exact, "
                + floored + " floored");
    }

    @Test
    void floorsHoldOnSqueezeNetAndDecoders() {
        for (int batch : new int[] {1, 16}) {
            checkEveryRange(Problem.of(Zoo.build("squeezenet1_0").orElseThrow(),
                    HardwarePresets.byName("compass-s").orElseThrow(), batch, Objective.THROUGHPUT, PipelineMode.ROW,
                    ReplicationSet.DEFAULT).withCostModel(CostModelVersion.V2), new Random(batch), "squeezenet B" + batch);
        }
        for (InferencePhase phase : new InferencePhase[] {InferencePhase.decode(32), InferencePhase.prefill(8)}) {
            checkEveryRange(DecoderCostModelTest.problem(phase).withCostModel(CostModelVersion.V2), new Random(3),
                    "decoder " + phase);
        }
        assertTrue(floored > 500, floored + " floored ranges");
    }

    /** A chain of 64 x 64 linear layers (one MVM step per input): no factor shortens a unit, every range is exact. */
    @Test
    void everyRangeOfALinearChainIsExact() {
        NetworkBuilder b = new NetworkBuilder("chain");
        int previous = b.input("input", new Shape(64, 1, 1));
        for (int i = 0; i < 40; i++) {
            previous = b.fc("f" + i, previous, 64, false, Activation.NONE);
        }
        for (Objective objective : new Objective[] {Objective.THROUGHPUT, Objective.ENERGY}) {
            Problem p = Problem.of(b.build(), HardwarePresets.compass("tiny", 1), 16, objective, PipelineMode.ROW,
                    ReplicationSet.DEFAULT).withCostModel(CostModelVersion.V2);
            checkEveryRange(p, new Random(5), "chain " + objective);
        }
        assertEquals(0, floored, "ranges that are not exact");
        // from layer i, min(16, 40 - i) ranges fit the 16 crossbars: 25 x 16 + 15 + 14 + ... + 1 = 520
        assertEquals(2 * 520, exact, "ranges of both objectives");
    }

    private void checkEveryRange(Problem p, Random random, String what) {
        CostModel cm = new CostModel(p);
        RangeFloorScan scan = new RangeFloorScan(cm);
        long chip = p.hardware().crossbars();
        int n = p.graph().size();
        for (int i = 0; i < n; i++) {
            scan.start(i);
            while (scan.end() < n) {
                scan.extend();
                if (scan.crossbars() > chip) {
                    break;
                }
                int[] units = IntStream.range(i, scan.end()).toArray();
                String where = what + ", units " + i + ".." + (scan.end() - 1);
                PartitionCost floor = scan.floor();
                ReplicationChooser.Option quick = ReplicationChooser.quick(cm, units, p.objective());
                // what the lazy DP's answer rests on: never above quick's floor, exactly (no rounding slack)
                assertTrue(floor.seconds() <= quick.floorSeconds(), where + ": above quick's time floor");
                assertTrue(floor.joules() <= quick.floorJoules(), where + ": above quick's energy floor");
                assertEquals(cm.inBytes(units), floor.load().inBytes(), where + ": bytes in");
                assertEquals(cm.outBytes(units), floor.load().outBytes(), where + ": bytes out");
                if (scan.exact()) {
                    exact++;
                    assertTrue(quick.proven(), where + ": quick does not prove an exact range");
                    assertArrayEquals(ones(units.length), quick.replication(), where);
                    assertEquals(quick.cost(), floor, where + ": the cost of the range unreplicated");
                    continue;
                }
                floored++;
                for (int t = 0; t < 3; t++) {
                    PartitionCost c = cm.cost(cm.load(units, ReplicationSearchTest.randomFit(cm, units, random)));
                    assertTrue(floor.seconds() <= c.seconds() && floor.joules() <= c.joules(),
                            where + ": above a fitting replication " + floor);
                }
                if (units.length <= 8) {
                    ReplicationChooser.Option best = ReplicationChooser.best(cm, units, p.objective(),
                            Cancellation.NEVER);
                    assertTrue(floor.seconds() <= best.cost().seconds() && floor.joules() <= best.cost().joules(),
                            where + ": above the searched optimum");
                }
            }
        }
    }

    private static int[] ones(int length) {
        int[] ones = new int[length];
        java.util.Arrays.fill(ones, 1);
        return ones;
    }
}
