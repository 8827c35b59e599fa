package org.compass.formulations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.compass.formulations.dp.DpFormulation;
import org.compass.model.InputException;
import org.compass.model.problem.Objective;
import org.compass.model.problem.Problem;
import org.compass.model.problem.SearchSpace;
import org.compass.solver.cost.CostModel;
import org.compass.solver.Formulation;
import org.compass.solver.plan.PlanValidator;
import org.compass.solver.SolveRequest;
import org.compass.solver.SolveResult;
import org.compass.solver.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every exact formulation must do, in both spaces: the known optimum of tiny problems (found by brute
 * force over all plans and replications), agreement with the DP on seeded random DAGs, dag never worse than
 * contiguous, and an objective that is the cost model's evaluation of the returned plan.
 *
 * <p>Objectives are compared with a relative tolerance of 1e-9: solvers that need integer costs round
 * them, so a near-tie may pick another plan whose cost differs in the last digits.
 */
public abstract class FormulationContractTest {

    /** Relative tolerance of objective comparisons. */
    public static final double TOLERANCE = 1e-9;

    /** The formulation under test. */
    protected abstract Formulation formulation();

    /** A request for the formulation (subclasses may pick a backend). */
    protected SolveRequest request(Problem problem, SearchSpace space) {
        return SolveRequest.of(problem).withSpace(space);
    }

    /** Whether the formulation solves EDP (else it must reject it with an input error). */
    protected boolean supportsEdp() {
        return false;
    }

    protected final SolveResult solve(Problem problem, SearchSpace space) {
        return formulation().solve(request(problem, space));
    }

    public static void assertClose(double expected, double actual, String what) {
        assertTrue(Math.abs(expected - actual) <= TOLERANCE * Math.abs(expected),
                what + ": expected " + expected + ", got " + actual);
    }

    static Stream<Arguments> tinyProblems() {
        List<Arguments> out = new ArrayList<>();
        for (long seed = 1; seed <= 8; seed++) {
            Objective objective = seed % 2 == 0 ? Objective.ENERGY : Objective.THROUGHPUT;
            Problem p = RandomNetworks.bruteForceProblem(seed, 6, objective);
            out.add(Arguments.of(seed, p));
            // cost model v2: the replication of each partition is found by the exact search, not by the period
            out.add(Arguments.of(seed, p.withCostModel(org.compass.model.problem.CostModelVersion.V2)));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "[{index}] seed {0}")
    @MethodSource("tinyProblems")
    void findsTheBruteForceOptimumOfTinyProblems(long seed, Problem problem) {
        for (SearchSpace space : formulation().spaces()) {
            SolveResult r = solve(problem, space);
            assertEquals(Status.OPTIMAL, r.status(), space + ": " + r.message());
            double expected = BruteForce.objective(problem, BruteForce.optimum(problem, space));
            assertClose(expected, r.objective(), "seed " + seed + " " + space.label());
        }
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(org.compass.model.problem.CostModelVersion.class)
    void agreesWithTheDpOnRandomDags(org.compass.model.problem.CostModelVersion version) {
        DpFormulation dp = new DpFormulation();
        for (long seed = 1; seed <= 10; seed++) {
            Objective objective = seed % 3 == 0 ? Objective.ENERGY : seed % 3 == 1 ? Objective.THROUGHPUT : Objective.LATENCY;
            Problem p = RandomNetworks.problem(seed, 10 + (int) (seed % 10), objective).withCostModel(version);
            double contiguous = dp.solve(SolveRequest.of(p)).objective();
            SolveResult c = solve(p, SearchSpace.CONTIGUOUS);
            assertEquals(Status.OPTIMAL, c.status(), c.message());
            assertClose(contiguous, c.objective(), "seed " + seed + " contiguous");
            if (formulation().spaces().contains(SearchSpace.DAG)) {
                double dag = dp.solve(SolveRequest.of(p).withSpace(SearchSpace.DAG)).objective();
                SolveResult d = solve(p, SearchSpace.DAG);
                assertEquals(Status.OPTIMAL, d.status(), d.message());
                assertClose(dag, d.objective(), "seed " + seed + " dag");
                assertTrue(better(p, d.objective(), contiguous) || Math.abs(d.objective() - contiguous)
                        <= TOLERANCE * contiguous, "dag optimum worse than contiguous for seed " + seed);
            }
        }
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(org.compass.model.problem.CostModelVersion.class)
    void agreesWithTheDpOnASmallDecoderInBothPhases(org.compass.model.problem.CostModelVersion version) {
        DpFormulation dp = new DpFormulation();
        for (var phase : List.of(org.compass.model.problem.InferencePhase.prefill(6),
                org.compass.model.problem.InferencePhase.decode(12))) {
            for (Objective objective : List.of(Objective.THROUGHPUT, Objective.ENERGY)) {
                Problem p = RandomNetworks.decoder(phase, objective).withCostModel(version);
                for (SearchSpace space : formulation().spaces()) {
                    SolveResult expected = dp.solve(SolveRequest.of(p).withSpace(space));
                    SolveResult r = solve(p, space);
                    String what = phase + " " + objective.label() + " " + space.label() + " " + version.label();
                    assertEquals(Status.OPTIMAL, expected.status(), what + " dp: " + expected.message());
                    assertEquals(Status.OPTIMAL, r.status(), what + ": " + r.message());
                    assertClose(expected.objective(), r.objective(), what);
                    assertTrue(r.evaluation().tokens() != null, what + ": token metrics");
                }
            }
        }
    }

    @Test
    void reportsTheCostModelsEvaluationOfAValidPlan() {
        Problem p = RandomNetworks.problem(42, 14, Objective.THROUGHPUT);
        for (SearchSpace space : formulation().spaces()) {
            SolveResult r = solve(p, space);
            assertTrue(PlanValidator.violations(p, r.plan()).isEmpty());
            CostModel cm = new CostModel(p);
            assertEquals(cm.objectiveValue(cm.evaluate(r.plan())), r.objective());
            assertEquals(space, r.space());
            if (space == SearchSpace.CONTIGUOUS) {
                assertTrue(r.plan().contiguous(), "contiguous space returned a non-contiguous plan");
            }
        }
    }

    @Test
    void handlesEdpOrRejectsIt() {
        Problem p = RandomNetworks.problem(7, 8, Objective.EDP);
        if (supportsEdp()) {
            SolveResult r = solve(p, SearchSpace.CONTIGUOUS);
            assertEquals(Status.OPTIMAL, r.status());
            assertTrue(r.objective() > 0);
        } else {
            InputException e = assertThrows(InputException.class, () -> solve(p, SearchSpace.CONTIGUOUS));
            assertTrue(e.getMessage().contains("edp"), e.getMessage());
        }
    }

    private static boolean better(Problem p, double a, double b) {
        return p.objective().maximize() ? a > b : a < b;
    }
}
