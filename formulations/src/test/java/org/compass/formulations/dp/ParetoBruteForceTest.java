package org.compass.formulations.dp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.compass.formulations.RandomNetworks;
import org.compass.model.problem.CostModelVersion;
import org.compass.model.problem.Objective;
import org.compass.model.problem.Problem;
import org.compass.solver.cost.CostModel;
import org.compass.solver.cost.Evaluation;
import org.compass.solver.plan.Partition;
import org.compass.solver.cost.PartitionCost;
import org.compass.solver.SolveRequest;
import org.compass.solver.SolveResult;
import org.compass.solver.Status;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The DP's latency-energy Pareto front and its EDP optimum against brute force: every contiguous plan with
 * every replication of every unit, evaluated by the cost model, on small random networks.
 */
class ParetoBruteForceTest {

    private static final int SEEDS = 40;

    @ParameterizedTest
    @EnumSource(CostModelVersion.class)
    void paretoFrontAndEdpOptimumMatchBruteForce(CostModelVersion version) {
        int points = 0;
        for (long seed = 1; seed <= SEEDS; seed++) {
            // 3 to 9 units: the largest take most of the time (2^(n-1) cuts times 3 factors per weighted unit)
            Problem p = RandomNetworks.bruteForceProblem(seed, 3 + (int) (seed % 7), Objective.EDP)
                    .withCostModel(version);
            String trial = "seed " + seed;
            List<double[]> brute = bruteForceFront(p);
            ParetoLabels.Front front = ParetoLabels.paretoFront(p);
            assertTrue(front.proven(), trial + ": replication fronts not proven");
            List<ParetoLabels.Label> dp = new ArrayList<>(front.labels());
            assertEquals(brute.size(), dp.size(), trial + ": front sizes");
            dp.sort(Comparator.comparingDouble(ParetoLabels.Label::seconds));
            for (int i = 0; i < dp.size(); i++) {
                assertClose(brute.get(i)[0], dp.get(i).seconds(), trial + " point " + i + " latency");
                assertClose(brute.get(i)[1], dp.get(i).joules(), trial + " point " + i + " energy");
                Evaluation e = new CostModel(p).evaluate(dp.get(i).plan());
                assertClose(dp.get(i).seconds(), e.latencySeconds(), "label latency vs its plan");
                assertClose(dp.get(i).joules(), e.energyJoules(), "label energy vs its plan");
            }
            double bestEdp = brute.stream().mapToDouble(x -> x[0] * x[1]).min().orElseThrow();
            SolveResult r = new DpFormulation().solve(SolveRequest.of(p));
            assertEquals(Status.OPTIMAL, r.status(), trial + ": " + r.message());
            assertClose(bestEdp, r.objective(), trial + " EDP optimum");
            points += brute.size();
        }
        assertTrue(points > SEEDS, "every front had one point; the check would be weak");
    }

    private static void assertClose(double expected, double actual, String what) {
        assertEquals(expected, actual, 1e-12 * Math.abs(expected), what);
    }

    /** Pareto-optimal (latency, energy) points of all valid contiguous plans, by increasing latency. */
    static List<double[]> bruteForceFront(Problem p) {
        int n = p.graph().size();
        CostModel cm = new CostModel(p);
        List<double[]> points = new ArrayList<>();
        int[] factors = p.replication().toArray();
        for (int mask = 0; mask < 1 << (n - 1); mask++) {
            List<int[]> ranges = new ArrayList<>();
            int from = 0;
            for (int i = 1; i < n; i++) {
                if ((mask & 1 << (i - 1)) != 0) {
                    ranges.add(new int[] {from, i});
                    from = i;
                }
            }
            ranges.add(new int[] {from, n});
            List<Integer> weighted = new ArrayList<>();
            for (int u = 0; u < n; u++) {
                if (p.graph().unit(u).weighted()) {
                    weighted.add(u);
                }
            }
            int combos = (int) Math.pow(factors.length, weighted.size());
            for (int c = 0; c < combos; c++) {
                int[] rep = new int[n];
                java.util.Arrays.fill(rep, 1);
                int code = c;
                for (int u : weighted) {
                    rep[u] = factors[code % factors.length];
                    code /= factors.length;
                }
                // Partition by partition, as CostModel.evaluate sums them; a range over capacity voids the plan.
                double seconds = 0;
                double joules = 0;
                boolean fits = true;
                for (int[] r : ranges) {
                    Partition part = Partition.range(r[0], r[1], rep);
                    long crossbars = 0;
                    for (int u = r[0]; u < r[1]; u++) {
                        crossbars += (long) rep[u] * p.graph().unit(u).crossbars();
                    }
                    if (crossbars > p.hardware().crossbars()) {
                        fits = false;
                        break;
                    }
                    PartitionCost pc = cm.cost(part.unitArray(), part.replicationArray());
                    seconds += pc.seconds();
                    joules += pc.joules();
                }
                if (fits) {
                    points.add(new double[] {seconds, joules});
                }
            }
        }
        points.sort(Comparator.<double[]>comparingDouble(x -> x[0]).thenComparingDouble(x -> x[1]));
        List<double[]> front = new ArrayList<>();
        double bestJ = Double.POSITIVE_INFINITY;
        for (double[] x : points) {
            if (x[1] < bestJ) {
                front.add(x);
                bestJ = x[1];
            }
        }
        return front;
    }
}
