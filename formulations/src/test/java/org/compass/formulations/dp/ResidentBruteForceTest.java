package org.compass.formulations.dp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.compass.model.problem.CostModelVersion;
import org.compass.formulations.RandomNetworks;
import org.compass.formulations.cpsat.CpSatFormulation;
import org.compass.formulations.mip.MipFormulation;
import org.compass.model.mapping.MappedGraph;
import org.compass.model.problem.InferencePhase;
import org.compass.model.problem.Objective;
import org.compass.model.problem.Problem;
import org.compass.model.problem.ResidentMode;
import org.compass.model.problem.SearchSpace;
import org.compass.solver.cost.CostModel;
import org.compass.solver.cost.PartitionCost;
import org.compass.solver.SolveRequest;
import org.compass.solver.SolveResult;
import org.compass.solver.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The resident-set optimum (docs/formulations.md, "Resident weights") against brute force: every contiguous plan,
 * every replication vector and every resident set of the whole network, priced by {@link CostModel} alone and
 * checked against the capacity rule itself (each partition's streamed crossbars + all resident crossbars &lt;= the
 * chip); dp, cpsat and mip must reach it. Then dp, cpsat and mip agree on a small decoder in both spaces.
 */
class ResidentBruteForceTest {

    private static final double TOLERANCE = 1e-9;

    /** The brute-force optimum (seconds, or joules for energy) of a problem allowing resident weights. */
    static double bruteForce(Problem problem) {
        MappedGraph g = problem.graph();
        int n = g.size();
        CostModel cm = new CostModel(problem);
        List<Integer> weighted = new ArrayList<>();
        for (int u = 0; u < n; u++) {
            if (g.unit(u).weighted()) {
                weighted.add(u);
            }
        }
        int[] factors = problem.replication().toArray();
        int choices = 2 * factors.length;
        long combos = 1;
        for (int i = 0; i < weighted.size(); i++) {
            combos *= choices;
        }
        long chip = problem.hardware().crossbars();
        double best = Double.POSITIVE_INFINITY;
        for (long code = 0; code < combos; code++) {
            int[] rep = new int[n];
            boolean[] resident = new boolean[n];
            java.util.Arrays.fill(rep, 1);
            long c = code;
            long reserved = 0;
            for (int u : weighted) {
                int k = (int) (c % choices);
                c /= choices;
                rep[u] = factors[k / 2];
                resident[u] = k % 2 == 1;
                if (resident[u]) {
                    reserved += (long) rep[u] * g.unit(u).crossbars();
                }
            }
            if (reserved > chip) {
                continue;
            }
            // every contiguous plan: bit i of cuts set = a partition starts at unit i + 1
            for (long cuts = 0; cuts < (1L << (n - 1)); cuts++) {
                double total = 0;
                int from = 0;
                for (int to = 1; to <= n && total < Double.POSITIVE_INFINITY; to++) {
                    if (to < n && (cuts & (1L << (to - 1))) == 0) {
                        continue;
                    }
                    int[] units = new int[to - from];
                    int[] r = new int[to - from];
                    boolean[] res = new boolean[to - from];
                    long streamed = 0;
                    for (int u = from; u < to; u++) {
                        units[u - from] = u;
                        r[u - from] = rep[u];
                        res[u - from] = resident[u];
                        if (!resident[u]) {
                            streamed += (long) rep[u] * g.unit(u).crossbars();
                        }
                    }
                    if (streamed + reserved > chip) {
                        total = Double.POSITIVE_INFINITY;
                    } else {
                        PartitionCost pc = cm.cost(units, r, res);
                        total += problem.objective() == Objective.ENERGY ? pc.joules() : pc.seconds();
                    }
                    from = to;
                }
                best = Math.min(best, total);
            }
        }
        return best;
    }

    private static double key(Problem problem, SolveResult r) {
        return problem.objective() == Objective.ENERGY ? r.evaluation().energyJoules()
                : r.evaluation().latencySeconds();
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void everyExactFormulationReachesTheBruteForceOptimum(long seed) {
        Objective objective = Objective.values()[(int) (seed % 3)]; // throughput, latency, energy
        Problem problem = RandomNetworks.bruteForceProblem(seed, 7, objective).withResident(ResidentMode.AUTO)
                .withCostModel(CostModelVersion.V1);
        double expected = bruteForce(problem);
        for (var f : List.of(new DpFormulation(), new CpSatFormulation(), new MipFormulation())) {
            SolveResult r = f.solve(SolveRequest.of(problem));
            assertEquals(Status.OPTIMAL, r.status(), f.name() + ": " + r.message());
            assertEquals(expected, key(problem, r), expected * TOLERANCE, f.name() + " seed " + seed);
        }
        // keeping nothing resident is one of the plans: the optimum is no worse than the plain one
        SolveResult plain = new DpFormulation().solve(SolveRequest.of(problem.withResident(ResidentMode.NONE)));
        assertTrue(expected <= key(problem, plain) * (1 + TOLERANCE));
    }

    @Test
    void residentUnitsPayOffOnSomeSeeds() {
        int used = 0;
        for (long seed = 1; seed <= 8; seed++) {
            Problem problem = RandomNetworks.bruteForceProblem(seed, 7, Objective.THROUGHPUT)
                    .withResident(ResidentMode.AUTO).withCostModel(CostModelVersion.V1);
            SolveResult r = new DpFormulation().solve(SolveRequest.of(problem));
            SolveResult plain = new DpFormulation().solve(SolveRequest.of(problem.withResident(ResidentMode.NONE)));
            if (r.plan().hasResident()) {
                used++;
                assertTrue(r.evaluation().latencySeconds() < plain.evaluation().latencySeconds(),
                        "seed " + seed + ": a resident set that does not pay off was chosen");
            }
        }
        assertTrue(used >= 2, "the brute-force seeds exercise resident sets: " + used + " of 8 use one");
    }

    /**
     * The toy chain of docs/llm.md by hand: a (1 crossbar), b (2), c (2) on a chip of 4, batch 2, latency. Without
     * resident weights the best plan is {a} {b, c}: 18 + 24 us = 42 us. Keeping b (or c) resident reserves 2
     * crossbars, leaves {b, c} only c's (or b's) 2 to stream, and takes its load from 8 us to 4 us: 18 + 20 = 38 us;
     * every other resident set leaves some partition without room (a and b: c cannot stream) or costs more.
     */
    @Test
    void toyChainByHand() {
        org.compass.model.network.NetworkBuilder b = new org.compass.model.network.NetworkBuilder("chain3");
        int in = b.input("input", new org.compass.model.network.Shape(4, 1, 1));
        int a = b.fc("a", in, 4, false, org.compass.model.network.Activation.NONE);
        int bb = b.fc("b", a, 8, false, org.compass.model.network.Activation.NONE);
        b.fc("c", bb, 4, false, org.compass.model.network.Activation.NONE);
        org.compass.model.hardware.Hardware toy = new org.compass.model.hardware.Hardware("toy", 4, 4, 1, 1, 8, 2, 2,
                1, 1e-6, 1e-7, 1e6, 1e-12, 1e-9, 1e-10, 0.5);
        Problem plain = Problem.of(b.build(), toy, 2, Objective.LATENCY, org.compass.model.problem.PipelineMode.ROW,
                new org.compass.model.problem.ReplicationSet(List.of(1))).withCostModel(CostModelVersion.V1);
        assertEquals(42e-6, new DpFormulation().solve(SolveRequest.of(plain)).objective(), 1e-18);
        Problem problem = plain.withResident(ResidentMode.AUTO);
        assertEquals(38e-6, bruteForce(problem), 1e-18);
        for (var f : List.of(new DpFormulation(), new CpSatFormulation(), new MipFormulation())) {
            SolveResult r = f.solve(SolveRequest.of(problem));
            assertEquals(Status.OPTIMAL, r.status(), f.name());
            assertEquals(38e-6, r.objective(), 1e-18, f.name());
            assertEquals(2, r.plan().size(), f.name());
            assertEquals(1, r.plan().resident().size(), f.name());
            assertTrue(r.plan().resident().get(0) >= 1, f.name() + ": b or c is resident");
            assertEquals(2, r.evaluation().resident().crossbars(), f.name());
        }
    }

    @Test
    void onItsTimeLimitTheDpReturnsAPlanWithoutResidentWeights() {
        Problem problem = RandomNetworks.decoder(InferencePhase.decode(16), Objective.THROUGHPUT)
                .withResident(ResidentMode.AUTO).withCostModel(CostModelVersion.V1);
        SolveResult r = new DpFormulation().solve(SolveRequest.of(problem)
                .withLimits(org.compass.model.problem.Limits.DEFAULT.withSeconds(1e-9)));
        assertEquals(Status.FEASIBLE, r.status(), r.message());
        assertTrue(r.hasPlan() && !r.plan().hasResident(), r.message());
        assertTrue(r.message().startsWith("resident search stopped"), r.message());
        assertTrue(Double.isNaN(r.bound()), "no bound");
    }

    @ParameterizedTest
    @ValueSource(strings = {"contiguous", "dag"})
    void dpAndTheSolversAgreeOnASmallDecoder(String spaceLabel) {
        SearchSpace space = SearchSpace.byLabel(spaceLabel);
        for (Objective objective : List.of(Objective.THROUGHPUT, Objective.ENERGY)) {
            Problem problem = RandomNetworks.decoder(InferencePhase.decode(16), objective)
                    .withResident(ResidentMode.AUTO).withCostModel(CostModelVersion.V1);
            SolveResult dp = new DpFormulation().solve(SolveRequest.of(problem).withSpace(space));
            assertEquals(Status.OPTIMAL, dp.status(), dp.message());
            for (var f : List.of(new CpSatFormulation(), new MipFormulation())) {
                SolveResult r = f.solve(SolveRequest.of(problem).withSpace(space));
                assertEquals(Status.OPTIMAL, r.status(), f.name() + ": " + r.message());
                assertEquals(key(problem, dp), key(problem, r), key(problem, dp) * TOLERANCE, f.name());
            }
        }
    }
}
