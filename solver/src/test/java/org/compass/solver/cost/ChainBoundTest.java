package org.compass.solver.cost;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;
import org.compass.model.hardware.HardwarePresets;
import org.compass.model.mapping.Unit;
import org.compass.model.problem.CostModelVersion;
import org.compass.model.problem.Objective;
import org.compass.model.problem.PipelineMode;
import org.compass.model.problem.Problem;
import org.compass.model.problem.ReplicationSet;
import org.compass.model.zoo.Zoo;
import org.junit.jupiter.api.Test;

/**
 * The chain bound's two representations of a floor by budget ({@link DenseFloor}, {@link SparseFloor}) give the same
 * values: operation by operation on seeded random step functions, and for the whole bound on ranges of SqueezeNet
 * and MobileNetV2 with seeded random choices. The bound's validity is {@code ReplicationSearchTest}'s (both passes
 * equal the enumerated optimum).
 */
class ChainBoundTest {

    /** A random non-increasing step function up to cap, built the same way in both representations. */
    private static BudgetFloor[] randomPair(Random random, long cap) {
        BudgetFloor dense = new DenseFloor();
        BudgetFloor sparse = new SparseFloor();
        BudgetFloor[] tmp = {new DenseFloor(), new SparseFloor()};
        double v = 10 + random.nextInt(50);
        dense.constant(v);
        sparse.constant(v);
        int steps = random.nextInt(6);
        for (int s = 0; s < steps; s++) {
            long shift = 1 + random.nextInt((int) cap);
            double lower = v - 1 - random.nextInt(10);
            tmp[0].constant(lower);
            tmp[1].constant(lower);
            // the function falls to `lower` from `shift` on
            dense.fold(tmp[0], shift, 0, 0, cap, false);
            sparse.fold(tmp[1], shift, 0, 0, cap, false);
            v = lower;
        }
        return new BudgetFloor[] {dense, sparse};
    }

    private static double[] values(BudgetFloor f, long cap) {
        long[] costs = f.costs();
        double[] values = f.values();
        double[] at = new double[(int) cap + 1];
        Arrays.fill(at, Double.POSITIVE_INFINITY);
        for (int j = 0; j < costs.length; j++) {
            for (long b = costs[j]; b <= cap; b++) {
                at[(int) b] = values[j];
            }
        }
        return at;
    }

    @Test
    void everyOperationGivesTheSameValuesInBothRepresentations() {
        Random random = new Random(3);
        for (int t = 0; t < 2000; t++) {
            long cap = 1 + random.nextInt(40);
            BudgetFloor[] acc = randomPair(random, cap);
            BudgetFloor[] f = randomPair(random, cap);
            long shift = random.nextInt((int) cap + 3);
            double a = random.nextInt(3) == 0 ? 0 : random.nextDouble();
            double c = random.nextInt(3) == 0 ? 0 : random.nextDouble();
            boolean larger = random.nextBoolean();
            int op = random.nextInt(3);
            if (op == 0) {
                acc[0].fold(f[0], shift, a, c, cap, larger);
                acc[1].fold(f[1], shift, a, c, cap, larger);
            } else if (op == 1) {
                BudgetFloor[] g = randomPair(random, cap);
                boolean alone = random.nextInt(4) == 0;
                long x = random.nextInt((int) cap + 1);
                acc[0].foldStage(g[0], a, c, alone ? null : f[0], c, a, x, cap, larger);
                acc[1].foldStage(g[1], a, c, alone ? null : f[1], c, a, x, cap, larger);
            } else {
                acc[0].shifted(f[0], shift, a, c, cap);
                acc[1].shifted(f[1], shift, a, c, cap);
            }
            assertArrayEquals(values(acc[0], cap), values(acc[1], cap), 0, "case " + t);
        }
    }

    @Test
    void theBoundIsTheSameInBothRepresentations() {
        Random random = new Random(7);
        int checked = 0;
        for (String network : new String[] {"squeezenet1_0", "mobilenet_v2"}) {
            for (int batch : new int[] {1, 16}) {
                Problem p = Problem.of(Zoo.build(network).orElseThrow(), HardwarePresets.byName("compass-l")
                                .orElseThrow(), batch, Objective.LATENCY, PipelineMode.ROW, ReplicationSet.DEFAULT)
                        .withCostModel(CostModelVersion.V2);
                CostModel cm = new CostModel(p);
                int n = p.graph().size();
                for (int k = 0; k < 10; k++) {
                    int from = random.nextInt(n - 4);
                    int[] units = IntStream.range(from, Math.min(n, from + 4 + random.nextInt(30))).toArray();
                    int[] ones = new int[units.length];
                    Arrays.fill(ones, 1);
                    UnitPositions position = cm.positions(units);
                    PipelineTiming.Stages fast = cm.stages(units, ones, position);
                    double[][] own = new double[units.length][];
                    long[][] extra = new long[units.length][];
                    for (int i = 0; i < units.length; i++) {
                        Unit unit = p.graph().unit(units[i]);
                        int choices = unit.weighted() ? 1 + random.nextInt(5) : 1;
                        own[i] = new double[choices];
                        extra[i] = new long[choices];
                        for (int o = 0; o < choices; o++) {
                            int r = 1 << o;
                            own[i][o] = cm.ownSeconds(unit, r);
                            extra[i][o] = (long) (r - 1) * unit.crossbars();
                        }
                    }
                    long budget = 1 + random.nextInt(300);
                    BudgetFloor dense = cm.chainBound(units, position, false).floor(own, extra, budget, fast.start(),
                            fast.rate());
                    BudgetFloor sparse = cm.chainBound(units, position, true).floor(own, extra, budget, fast.start(),
                            fast.rate());
                    String where = network + " B" + batch + " units " + from + ".." + units[units.length - 1];
                    double[] d = values(dense, budget);
                    assertArrayEquals(d, values(sparse, budget), 0, where);
                    for (int b = 1; b <= budget; b++) {
                        assertTrue(d[b] <= d[b - 1], where + ": not falling at " + b);
                    }
                    assertEquals(0, sparse.costs()[0], where);
                    checked++;
                }
            }
        }
        assertTrue(checked >= 30, "ranges checked: " + checked);
    }
}
