package org.compass.solver.cost;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;
import org.compass.model.hardware.HardwarePresets;
import org.compass.model.mapping.MappedGraph;
import org.compass.model.problem.CostModelVersion;
import org.compass.model.problem.Objective;
import org.compass.model.problem.PipelineMode;
import org.compass.model.problem.Problem;
import org.compass.model.problem.ReplicationSet;
import org.compass.model.zoo.Zoo;
import org.junit.jupiter.api.Test;

/**
 * The local search that gives the exact replication search its incumbents: what it returns fits, costs what the
 * cost model says, is never worse than where it started, and is a local optimum of its single moves when its budget
 * is not spent.
 */
class ReplicationPolishTest {

    private static CostModel squeezenet(String chip, int batch, Objective objective) {
        return new CostModel(Problem.of(Zoo.build("squeezenet1_1").orElseThrow(),
                HardwarePresets.byName(chip).orElseThrow(), batch, objective, PipelineMode.ROW,
                ReplicationSet.DEFAULT).withCostModel(CostModelVersion.V2));
    }

    private static ReplicationPolish polish(CostModel cm, int[] units, int[] order, int[][] candidates) {
        int[] ones = new int[units.length];
        Arrays.fill(ones, 1);
        return ReplicationPolish.of(cm, units, order, candidates, cm.load(units, ones));
    }

    private static int[][] candidates(CostModel cm, int[] units, int[] order) {
        int[][] c = new int[order.length][];
        for (int d = 0; d < order.length; d++) {
            c[d] = UsefulFactors.of(cm, cm.problem().graph().unit(units[order[d]]),
                    cm.problem().replication().toArray(), cm.problem().hardware().crossbars()).factors();
        }
        return c;
    }

    /** A fitting vector of useful factors: each weighted unit at a random one, lowered until the chip holds them. */
    private static int[] randomUseful(CostModel cm, int[] units, int[] order, int[][] candidates, Random random) {
        int[] v = new int[units.length];
        Arrays.fill(v, 1);
        int[] step = new int[order.length];
        for (int d = 0; d < order.length; d++) {
            step[d] = random.nextInt(candidates[d].length);
        }
        MappedGraph g = cm.problem().graph();
        while (true) {
            long used = 0;
            for (int d = 0; d < order.length; d++) {
                v[order[d]] = candidates[d][step[d]];
                used += (long) v[order[d]] * g.unit(units[order[d]]).crossbars();
            }
            if (used <= cm.problem().hardware().crossbars()) {
                return v;
            }
            int d = random.nextInt(order.length);
            step[d] = Math.max(0, step[d] - 1);
        }
    }

    @Test
    void neverWorseFitsAndCostsWhatTheModelSays() {
        Random random = new Random(5);
        for (String chip : new String[] {"compass-s", "compass-l"}) {
            for (int batch : new int[] {1, 16}) {
                for (Objective objective : new Objective[] {Objective.LATENCY, Objective.ENERGY}) {
                    CostModel cm = squeezenet(chip, batch, objective);
                    int n = cm.problem().graph().size();
                    for (int k = 0; k < 6; k++) {
                        int from = random.nextInt(n - 4);
                        int[] units = IntStream.range(from, Math.min(n, from + 4 + random.nextInt(20))).toArray();
                        int[] order = UsefulFactors.branchingOrder(cm, units);
                        int[][] candidates = candidates(cm, units, order);
                        int[] start = randomUseful(cm, units, order, candidates, random);
                        ReplicationChooser.Option known = new ReplicationChooser.Option(start,
                                cm.cost(cm.load(units, start)));
                        ReplicationChooser.Option p = polish(cm, units, order, candidates)
                                .better(known, objective, 1_000_000);
                        String where = chip + " B" + batch + " " + objective + " units " + from + "..";
                        assertFalse(ReplicationChooser.better(known.cost(), p.cost(), objective), where);
                        assertTrue(cm.load(units, p.replication()).crossbars() <= cm.problem().hardware().crossbars(),
                                where);
                        assertEquals(cm.cost(cm.load(units, p.replication())).seconds(), p.cost().seconds(), 0, where);
                        assertEquals(cm.cost(cm.load(units, p.replication())).joules(), p.cost().joules(), 0, where);
                        assertNoSingleMoveImproves(cm, units, order, candidates, p, objective, where);
                    }
                }
            }
        }
    }

    private static void assertNoSingleMoveImproves(CostModel cm, int[] units, int[] order, int[][] candidates,
                                                   ReplicationChooser.Option p, Objective objective, String where) {
        for (int d = 0; d < order.length; d++) {
            for (int r : candidates[d]) {
                int[] v = p.replication().clone();
                v[order[d]] = r;
                PartitionLoad load = cm.load(units, v);
                if (load.crossbars() <= cm.problem().hardware().crossbars()) {
                    assertFalse(ReplicationChooser.better(cm.cost(load), p.cost(), objective),
                            where + ": unit " + units[order[d]] + " at " + r);
                }
            }
        }
    }

    /** With no evaluations to spend it returns what it was given. */
    @Test
    void aBudgetOfNothingChangesNothing() {
        CostModel cm = squeezenet("compass-l", 1, Objective.LATENCY);
        int[] units = IntStream.range(0, 12).toArray();
        int[] order = UsefulFactors.branchingOrder(cm, units);
        int[] start = new int[units.length];
        Arrays.fill(start, 1);
        ReplicationChooser.Option known = new ReplicationChooser.Option(start, cm.cost(cm.load(units, start)));
        ReplicationChooser.Option p = polish(cm, units, order, candidates(cm, units, order))
                .better(known, Objective.LATENCY, 0);
        assertArrayEquals(start, p.replication());
    }
}
