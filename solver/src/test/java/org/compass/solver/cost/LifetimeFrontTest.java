package org.compass.solver.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.compass.model.hardware.Hardware;
import org.compass.model.mapping.MappedGraph;
import org.compass.model.network.Network;
import org.compass.model.problem.CostModelVersion;
import org.compass.model.problem.Objective;
import org.compass.model.problem.PipelineMode;
import org.compass.model.problem.Problem;
import org.compass.model.problem.ReplicationSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The front of one partition under a lifetime floor in cost model v2 ({@link LifetimeFront}) against enumeration of
 * every replication vector of its weighted units, every factor of the problem tried: every enumerated vector is
 * beaten (no more time, no more energy, no less slack T - k x rows) by an option kept, and every option is a real
 * vector at its exact cost; stopped after a few nodes, every vector is beaten by an option or a floor point. Every
 * range of the seeded random chains of {@link ResidentFrontTest}, batch 1 and 4, both pipelines, at values of k
 * from just above t_row / write ports (where the rounding of the writes adds slack) to above t_row.
 */
class LifetimeFrontTest {

    private record Vector(int[] replication, PartitionCost cost, double slack) {
    }

    private static List<Vector> enumerate(CostModel cm, int[] units, double k) {
        MappedGraph g = cm.problem().graph();
        int[] factors = cm.problem().replication().toArray();
        long chip = cm.problem().hardware().crossbars();
        List<Integer> weighted = new ArrayList<>();
        for (int i = 0; i < units.length; i++) {
            if (g.unit(units[i]).weighted()) {
                weighted.add(i);
            }
        }
        long combos = 1;
        for (int w = 0; w < weighted.size(); w++) {
            combos *= factors.length;
        }
        List<Vector> all = new ArrayList<>();
        for (long code = 0; code < combos; code++) {
            int[] rep = new int[units.length];
            Arrays.fill(rep, 1);
            long c = code;
            long x = 0;
            for (int i = 0; i < units.length; i++) {
                if (weighted.contains(i)) {
                    rep[i] = factors[(int) (c % factors.length)];
                    c /= factors.length;
                }
                x += (long) rep[i] * g.unit(units[i]).crossbars();
            }
            if (x <= chip) {
                PartitionCost cost = cm.cost(units, rep);
                all.add(new Vector(rep, cost, cost.seconds() - k * cost.load().rowsWritten()));
            }
        }
        return all;
    }

    private static boolean beats(double seconds, double joules, double slack, Vector v) {
        return seconds <= v.cost().seconds() && joules <= v.cost().joules() && slack >= v.slack();
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
    void theFrontBeatsEveryVectorAndIsReal(long seed) {
        Network net = ResidentFrontTest.network(seed);
        Hardware hw = ResidentFrontTest.chip();
        double perPort = hw.rowWriteSeconds() / hw.writePorts();
        int ranges = 0;
        for (int batch : new int[] {1, 4}) {
            for (PipelineMode pipeline : PipelineMode.values()) {
                Problem p = Problem.of(net, hw, batch, Objective.LATENCY, pipeline,
                        new ReplicationSet(List.of(1, 2, 3, 4))).withCostModel(CostModelVersion.V2);
                CostModel cm = new CostModel(p);
                int n = p.graph().size();
                for (int i = 0; i < n; i++) {
                    long crossbars = 0;
                    for (int j = i + 1; j <= n; j++) {
                        crossbars += p.graph().unit(j - 1).crossbars();
                        if (crossbars > hw.crossbars()) {
                            break;
                        }
                        int[] units = java.util.stream.IntStream.range(i, j).toArray();
                        for (double k : new double[] {1.1 * perPort, 1.7 * perPort, 0.6 * hw.rowWriteSeconds(),
                                hw.rowWriteSeconds(), 4 * hw.rowWriteSeconds()}) {
                            if (k <= perPort) {
                                continue;
                            }
                            check(cm, units, k, "seed " + seed + " B" + batch + " " + pipeline + " units " + i
                                    + ".." + (j - 1) + " k " + k);
                        }
                        ranges++;
                    }
                }
            }
        }
        assertTrue(ranges > 0);
    }

    private static void check(CostModel cm, int[] units, double k, String where) {
        List<Vector> all = enumerate(cm, units, k);
        LifetimeFront.Result front = LifetimeFront.search(cm, units, k, () -> false);
        assertTrue(front.complete(), where + ": the full search ends");
        assertTrue(front.floors().isEmpty(), where);
        for (ReplicationChooser.Option o : front.options()) {
            PartitionCost exact = cm.cost(units, o.replication());
            assertEquals(exact.seconds(), o.cost().seconds(), 0, where);
            assertEquals(exact.joules(), o.cost().joules(), 0, where);
        }
        for (Vector v : all) {
            assertTrue(front.options().stream().anyMatch(o -> beats(o.cost().seconds(), o.cost().joules(),
                    o.cost().seconds() - k * o.cost().load().rowsWritten(), v)), where + ": the vector "
                    + Arrays.toString(v.replication()) + " (" + v.cost().seconds() + " s, " + v.cost().joules()
                    + " J, slack " + v.slack() + ") is beaten by no option");
        }
        for (long budget : new long[] {0, 1, 3, 8}) {
            LifetimeFront.Result stopped = LifetimeFront.search(cm, units, k, () -> false, budget);
            for (Vector v : all) {
                assertTrue(stopped.options().stream().anyMatch(o -> beats(o.cost().seconds(), o.cost().joules(),
                        o.cost().seconds() - k * o.cost().load().rowsWritten(), v))
                        || stopped.floors().stream().anyMatch(b -> beats(b.seconds(), b.joules(), b.slack(), v)),
                        where + " budget " + budget + ": the vector " + Arrays.toString(v.replication())
                                + " is beaten by neither an option nor a floor point");
            }
        }
    }
}
