package org.compass.formulations.dp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.compass.formulations.RandomNetworks;
import org.compass.formulations.StandardFormulations;
import org.compass.model.hardware.HardwarePresets;
import org.compass.model.problem.Objective;
import org.compass.model.problem.PipelineMode;
import org.compass.model.problem.Problem;
import org.compass.model.problem.ReplicationSet;
import org.compass.model.zoo.Zoo;
import org.compass.solver.cost.CostModel;
import org.compass.solver.cost.Evaluation;
import org.compass.solver.Formulation;
import org.compass.solver.plan.Partition;
import org.compass.solver.plan.Plan;
import org.compass.solver.plan.PlanValidator;
import org.compass.solver.SolveRequest;
import org.compass.solver.SolveResult;
import org.compass.solver.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The DP against brute force over every contiguous partition and every replication vector, for the additive
 * objectives (EDP: {@link ParetoBruteForceTest}).
 */
class DpBruteForceTest {

    /**
     * Exhaustive: all 2^(n-1) cuts, and for each range every replication vector of its weighted units within
     * capacity.
     */
    static double bruteForce(Problem p) {
        CostModel cm = new CostModel(p);
        int n = p.graph().size();
        double best = Double.POSITIVE_INFINITY;
        for (long cuts = 0; cuts < (1L << (n - 1)); cuts++) {
            List<Partition> parts = new ArrayList<>();
            int start = 0;
            boolean ok = true;
            for (int u = 1; u <= n && ok; u++) {
                if (u == n || (cuts >> (u - 1) & 1) == 1) {
                    Partition bestPart = bestReplication(cm, p, start, u);
                    if (bestPart == null) {
                        ok = false;
                    } else {
                        parts.add(bestPart);
                    }
                    start = u;
                }
            }
            if (!ok) {
                continue;
            }
            Evaluation e = cm.evaluate(new Plan(parts));
            best = Math.min(best, key(p.objective(), e));
        }
        return best;
    }

    private static Partition bestReplication(CostModel cm, Problem p, int from, int to) {
        int len = to - from;
        int[] factors = p.replication().toArray();
        int[] units = new int[len];
        for (int i = 0; i < len; i++) {
            units[i] = from + i;
        }
        Partition best = null;
        double bestKey = Double.POSITIVE_INFINITY;
        // Only weighted units are replicated: an unweighted unit holds no crossbars to copy.
        int[][] choices = new int[len][];
        int combos = 1;
        for (int i = 0; i < len; i++) {
            choices[i] = p.graph().unit(units[i]).weighted() ? factors : new int[] {1};
            combos *= choices[i].length;
        }
        for (int c = 0; c < combos; c++) {
            int[] rep = new int[len];
            int x = c;
            for (int i = 0; i < len; i++) {
                rep[i] = choices[i][x % choices[i].length];
                x /= choices[i].length;
            }
            Plan single = new Plan(List.of(Partition.of(units, rep)));
            long xbars = 0;
            for (int i = 0; i < len; i++) {
                xbars += (long) rep[i] * p.graph().unit(units[i]).crossbars();
            }
            if (xbars > p.hardware().crossbars()) {
                continue;
            }
            var cost = cm.cost(units, rep);
            double k = p.objective() == Objective.ENERGY ? cost.joules() : cost.seconds();
            if (k < bestKey) {
                bestKey = k;
                best = single.partitions().get(0);
            }
        }
        return best;
    }

    private static double key(Objective o, Evaluation e) {
        return o == Objective.ENERGY ? e.energyJoules() : e.latencySeconds();
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
    void equalsBruteForceOnRandomNetworks(long seed) {
        Objective[] objectives = {Objective.THROUGHPUT, Objective.LATENCY, Objective.ENERGY};
        Problem p = RandomNetworks.bruteForceProblem(seed, 11, objectives[(int) (seed % 3)]);
        SolveResult r = new DpFormulation().solve(SolveRequest.of(p));
        assertEquals(Status.OPTIMAL, r.status());
        double brute = bruteForce(p);
        double dp = key(p.objective(), r.evaluation());
        assertEquals(brute, dp, 1e-9 * brute, "seed " + seed + " (" + p.graph().size() + " units)");
    }

    /**
     * Cost model v2, where more replication than the period needs can shorten the fill: the exact replication
     * search ({@code ReplicationSearch}) must find what brute force finds, and prove it (OPTIMAL).
     */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
    void equalsBruteForceOnRandomNetworksUnderCostModelV2(long seed) {
        Objective[] objectives = {Objective.THROUGHPUT, Objective.LATENCY, Objective.ENERGY};
        Problem p = RandomNetworks.bruteForceProblem(seed, 11, objectives[(int) (seed % 3)])
                .withCostModel(org.compass.model.problem.CostModelVersion.V2);
        SolveResult r = new DpFormulation().solve(SolveRequest.of(p));
        assertEquals(Status.OPTIMAL, r.status(), r.message());
        double brute = bruteForce(p);
        double dp = key(p.objective(), r.evaluation());
        assertEquals(brute, dp, 1e-9 * brute, "seed " + seed + " (" + p.graph().size() + " units)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"resnet18", "vgg16", "squeezenet1_0"})
    void everyFormulationsObjectiveEqualsTheCostModel(String network) {
        for (String chip : List.of("compass-s", "compass-m", "compass-l")) {
            Problem p = Problem.of(Zoo.build(network).orElseThrow(), HardwarePresets.byName(chip).orElseThrow(), 16,
                    Objective.THROUGHPUT, PipelineMode.ROW, ReplicationSet.DEFAULT);
            SolveResult dp = null;
            for (Formulation f : StandardFormulations.registry().all()) {
                if (!f.spaces().contains(org.compass.model.problem.SearchSpace.CONTIGUOUS) || !f.exact() && f.name().equals("ga")) {
                    continue;
                }
                SolveResult r = f.solve(SolveRequest.of(p));
                assertTrue(PlanValidator.violations(p, r.plan()).isEmpty());
                Evaluation e = new CostModel(p).evaluate(r.plan());
                assertEquals(e.throughput(), r.objective(), 0.0, f.name() + " on " + network + "/" + chip);
                if (f.name().equals("dp")) {
                    dp = r;
                }
            }
            for (String b : List.of("greedy", "layerwise")) {
                SolveResult r = StandardFormulations.registry().find(b).orElseThrow().solve(SolveRequest.of(p));
                assertTrue(dp.objective() >= r.objective(), "dp at least as good as " + b + " on " + network + "/" + chip);
            }
        }
    }

    @Test
    void fittingNetworkCanStayInOnePartition() {
        Problem p = Problem.of(Zoo.build("squeezenet1_0").orElseThrow(), HardwarePresets.byName("compass-l").orElseThrow(),
                16, Objective.THROUGHPUT, PipelineMode.ROW, ReplicationSet.DEFAULT);
        SolveResult r = new DpFormulation().solve(SolveRequest.of(p));
        // one partition is feasible, so the optimum is at least as fast as it
        SolveResult single = org.compass.solver.SolveResult.withPlan("one", org.compass.model.problem.SearchSpace.CONTIGUOUS,
                p, Status.FEASIBLE, new Plan(List.of(Partition.of(DpFormulation.range(0, p.graph().size()),
                        org.compass.solver.cost.ReplicationChooser.best(new CostModel(p), DpFormulation.range(0, p.graph().size()),
                                Objective.THROUGHPUT).replication()))), Double.NaN, 0, "");
        assertTrue(r.objective() >= single.objective());
    }
}
