package org.compass.formulations.dp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.compass.formulations.RandomNetworks;
import org.compass.formulations.StandardFormulations;
import org.compass.model.problem.CostModelVersion;
import org.compass.model.problem.Objective;
import org.compass.model.problem.Problem;
import org.compass.model.problem.SearchSpace;
import org.compass.solver.Formulation;
import org.compass.solver.SolveRequest;
import org.compass.solver.SolveResult;
import org.compass.solver.Status;
import org.compass.solver.cost.CostModel;
import org.compass.solver.cost.PartitionCost;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Lifetime floors under cost model v2 (docs/cost-model.md, "Lifetime floors under v2"): the dp, cpsat and mip against
 * brute force over every contiguous plan and every replication vector of every partition (every factor of the set,
 * useful or not), on seeded random networks of up to six units.
 *
 * <p>The small chip (128 rows, t_row 10 ns, 1e3 cycles) puts k = t_row at a floor of 1.28 ms; the floors here are
 * set between the unconstrained optimum's lifetime and the longest lifetime of any plan, so that they bind and some
 * plan meets them, both above and below that point (below it the rounding of the writes can add slack, so every
 * factor is searched).
 */
class LifetimeBruteForceV2Test {

    private static final double ENDURANCE = 1e3;

    /** Totals of one plan. */
    record Totals(double seconds, double joules, long rows) {
    }

    private static Problem base(long seed, Objective objective) {
        Problem p = RandomNetworks.bruteForceProblem(seed, 6, objective).withCostModel(CostModelVersion.V2);
        return p.withHardware(p.hardware().withEndurance(ENDURANCE));
    }

    /** Every contiguous plan's totals under every replication of its partitions. */
    static List<Totals> allPlans(Problem p) {
        CostModel cm = new CostModel(p);
        int n = p.graph().size();
        List<Totals> out = new ArrayList<>();
        for (long cuts = 0; cuts < (1L << (n - 1)); cuts++) {
            List<List<PartitionCost>> choices = new ArrayList<>();
            int start = 0;
            for (int u = 1; u <= n; u++) {
                if (u == n || (cuts >> (u - 1) & 1) == 1) {
                    choices.add(replications(cm, p, DpFormulation.range(start, u)));
                    start = u;
                }
            }
            combine(choices, 0, 0, 0, 0, out);
        }
        return out;
    }

    private static void combine(List<List<PartitionCost>> choices, int i, double s, double j, long r,
                                List<Totals> out) {
        if (i == choices.size()) {
            out.add(new Totals(s, j, r));
            return;
        }
        for (PartitionCost c : choices.get(i)) {
            combine(choices, i + 1, s + c.seconds(), j + c.joules(), r + c.load().rowsWritten(), out);
        }
    }

    private static List<PartitionCost> replications(CostModel cm, Problem p, int[] units) {
        int[] factors = p.replication().toArray();
        int combos = 1;
        for (int u : units) {
            combos *= p.graph().unit(u).weighted() ? factors.length : 1;
        }
        List<PartitionCost> out = new ArrayList<>();
        for (int c = 0; c < combos; c++) {
            int[] rep = new int[units.length];
            int x = c;
            long xbars = 0;
            for (int i = 0; i < units.length; i++) {
                boolean w = p.graph().unit(units[i]).weighted();
                rep[i] = w ? factors[x % factors.length] : 1;
                x /= w ? factors.length : 1;
                xbars += (long) rep[i] * p.graph().unit(units[i]).crossbars();
            }
            if (xbars <= p.hardware().crossbars()) {
                out.add(cm.cost(units, rep));
            }
        }
        return out;
    }

    private static double lifetime(CostModel cm, Totals t) {
        return cm.lifetimeSeconds(cm.cellWritesPerSecond(t.rows(), t.seconds()));
    }

    private static double key(Objective o, double seconds, double joules) {
        return o.minimized(seconds, joules);
    }

    /** The brute-force optimum's key among the plans that last at least {@code floor}; infinite when none does. */
    private static double best(Problem p, List<Totals> plans, double floor) {
        CostModel cm = new CostModel(p);
        double best = Double.POSITIVE_INFINITY;
        for (Totals t : plans) {
            if (lifetime(cm, t) >= floor) {
                best = Math.min(best, key(p.objective(), t.seconds(), t.joules()));
            }
        }
        return best;
    }

    /**
     * Floors that bind: the geometric mean of the unconstrained optimum's lifetime and the longest of any plan, and
     * a floor nine tenths of the way (on a log scale) to the longest.
     */
    private static double[] bindingFloors(Problem base, List<Totals> plans) {
        CostModel cm = new CostModel(base);
        double longest = plans.stream().mapToDouble(t -> lifetime(cm, t)).max().orElseThrow();
        double free = new DpFormulation().solve(SolveRequest.of(base)).evaluation().lifetimeSeconds();
        assertTrue(free < longest, "the floor cannot bind");
        return new double[] {Math.sqrt(free * longest), Math.pow(free, 0.1) * Math.pow(longest, 0.9)};
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void theDpEqualsBruteForceOnRandomNetworks(long seed) {
        Objective[] objectives = {Objective.THROUGHPUT, Objective.LATENCY, Objective.ENERGY, Objective.EDP};
        Problem base = base(seed, objectives[(int) (seed % 4)]);
        List<Totals> plans = allPlans(base);
        for (double floor : bindingFloors(base, plans)) {
            Problem p = base.withMinLifetime(floor);
            double want = best(p, plans, floor);
            SolveResult r = new DpFormulation().solve(SolveRequest.of(p));
            String what = "seed " + seed + " " + p.objective() + " floor " + floor + ": " + r.message();
            assertEquals(Status.OPTIMAL, r.status(), what);
            assertTrue(r.evaluation().lifetimeSeconds() >= floor, what);
            double got = key(p.objective(), r.evaluation().latencySeconds(), r.evaluation().energyJoules());
            assertEquals(want, got, 1e-9 * want, what);
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6})
    void cpsatAndMipAgreeWithBruteForceAndTheDp(long seed) {
        Objective[] objectives = {Objective.THROUGHPUT, Objective.LATENCY, Objective.ENERGY, Objective.EDP};
        Problem base = base(seed, objectives[(int) (seed % 4)]);
        List<Totals> plans = allPlans(base);
        double floor = bindingFloors(base, plans)[0];
        Problem p = base.withMinLifetime(floor);
        double want = best(p, plans, floor);
        SolveResult dag = new DpFormulation().solve(SolveRequest.of(p).withSpace(SearchSpace.DAG));
        assertEquals(Status.OPTIMAL, dag.status(), dag.message());
        double dagKey = key(p.objective(), dag.evaluation().latencySeconds(), dag.evaluation().energyJoules());
        assertTrue(dagKey <= want * (1 + 1e-9), "the dag space holds every contiguous plan");
        for (String name : List.of("cpsat", "mip")) {
            Formulation f = StandardFormulations.registry().find(name).orElseThrow();
            for (SearchSpace space : List.of(SearchSpace.CONTIGUOUS, SearchSpace.DAG)) {
                SolveResult r = f.solve(SolveRequest.of(p).withSpace(space));
                String what = name + " " + space.label() + " seed " + seed + " " + p.objective() + ": " + r.message();
                assertEquals(Status.OPTIMAL, r.status(), what);
                assertTrue(r.evaluation().lifetimeSeconds() >= floor, what);
                double got = key(p.objective(), r.evaluation().latencySeconds(), r.evaluation().energyJoules());
                double expected = space == SearchSpace.CONTIGUOUS ? want : dagKey;
                assertEquals(expected, got, 1e-9 * expected, what);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void aFloorNoPlanMeetsIsInfeasibleAndTheLongestLivedPlanIsFound(long seed) {
        Problem base = base(seed, Objective.THROUGHPUT);
        CostModel cm = new CostModel(base);
        List<Totals> plans = allPlans(base);
        double longest = plans.stream().mapToDouble(t -> lifetime(cm, t)).max().orElseThrow();
        // the tradeoff command's longest lifetime: Dinkelbach over the fronts in slack
        assertEquals(longest, DpFormulation.longestLifetimeSeconds(base), 1e-9 * longest, "the longest lifetime");
        for (String name : List.of("dp", "cpsat", "mip")) {
            Formulation f = StandardFormulations.registry().find(name).orElseThrow();
            SolveResult r = f.solve(SolveRequest.of(base.withMinLifetime(longest * 1.01)));
            assertEquals(Status.INFEASIBLE, r.status(), name + ": " + r.message());
            assertNull(r.plan());
            assertTrue(r.message().contains("every plan lasts less"), r.message());
            SolveResult at = f.solve(SolveRequest.of(base.withMinLifetime(longest)));
            assertEquals(Status.OPTIMAL, at.status(), name + ": " + at.message());
            assertTrue(at.evaluation().lifetimeSeconds() >= longest, name);
            assertEquals(best(base, plans, longest), key(base.objective(), at.evaluation().latencySeconds(),
                    at.evaluation().energyJoules()), 1e-9 * best(base, plans, longest), name);
        }
    }
}
