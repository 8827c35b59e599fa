package org.compass.formulations.dp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.compass.formulations.RandomNetworks;
import org.compass.formulations.graph.PartitionGraph;
import org.compass.formulations.dp.DpFormulation.Partial;
import org.compass.model.problem.CostModelVersion;
import org.compass.model.problem.Objective;
import org.compass.model.problem.Problem;
import org.compass.model.problem.SearchSpace;
import org.compass.solver.control.Cancellation;
import org.compass.solver.cost.CostModel;
import org.junit.jupiter.api.Test;

/**
 * EDP under cost model v2 where replication front searches stop ({@link ParetoLabels#solveParetoPlan}'s bound):
 * against brute force over every contiguous plan and every replication vector of every partition, on seeded random
 * networks of up to six units. Budgets of 1-10 nodes (the tool's is 2,000) make the searches stop on networks this
 * small; with no deeper pass (the tool's three find these networks' optima) some plans miss the optimum. The same
 * for the labels over a partition graph ({@link DagParetoPath}, the dag space's), run on the contiguous space's graph
 * so that brute force enumerates the same plans. The bound is never above the optimum, and where it meets the plan
 * the plan is the optimum. In some runs the stopped searches miss the optimum, so a bound that ignored what they left
 * unexplored (the labels of the options alone) would lie above it and fail.
 */
class EdpBoundTest {

    @Test
    void theBoundIsBelowTheBruteForceOptimumAndProvesOnlyIt() {
        int stopped = 0;
        int missed = 0;
        int proved = 0;
        int graphStopped = 0;
        int graphMissed = 0;
        for (long seed = 1; seed <= 12; seed++) {
            Problem p = RandomNetworks.bruteForceProblem(seed, 6, Objective.EDP).withCostModel(CostModelVersion.V2);
            double optimum = LifetimeBruteForceV2Test.allPlans(p).stream().mapToDouble(t -> t.seconds() * t.joules())
                    .min().orElseThrow();
            for (int passes = 0; passes <= 3; passes += 3) {
                for (long budget : new long[] {1, 3, 10}) {
                    String what = "seed " + seed + " budget " + budget + " passes " + passes;
                    Partial r = ParetoLabels.solveParetoPlan(p, Long.MAX_VALUE, Cancellation.NEVER, 1, budget, passes);
                    double edp = new CostModel(p).evaluate(r.plan()).edp();
                    assertTrue(edp >= optimum * (1 - 1e-12), what + ": the plan beats brute force");
                    if (r.proven()) {
                        assertEquals(optimum, edp, 1e-12 * optimum, what);
                        continue;
                    }
                    stopped++;
                    missed += edp > optimum * (1 + 1e-12) ? 1 : 0;
                    assertTrue(r.floorKey() <= optimum * (1 + 1e-12), what + ": bound " + r.floorKey()
                            + " above the optimum " + optimum);
                    if (r.floorKey() >= edp * (1 - 1e-12)) {
                        proved++;
                        assertEquals(optimum, edp, 1e-12 * optimum, what + ": proved a plan that is not the optimum");
                    }
                }
            }
            // the labels over a partition graph (the dag space's path), here over the contiguous space's graph,
            // whose paths are the plans brute force enumerates: relaxed labels only, no deeper pass
            PartitionGraph graph = PartitionGraph.build(p, SearchSpace.CONTIGUOUS);
            for (long budget : new long[] {1, 3, 10}) {
                String what = "seed " + seed + " budget " + budget + " over the graph";
                DagParetoPath.Result r = DagParetoPath.plan(graph, Long.MAX_VALUE, Cancellation.NEVER, budget);
                double edp = new CostModel(p).evaluate(r.plan()).edp();
                assertTrue(edp >= optimum * (1 - 1e-12), what + ": the plan beats brute force");
                if (r.proven()) {
                    assertEquals(optimum, edp, 1e-12 * optimum, what);
                    continue;
                }
                graphStopped++;
                graphMissed += edp > optimum * (1 + 1e-12) ? 1 : 0;
                assertTrue(r.bound() <= optimum * (1 + 1e-12), what + ": bound " + r.bound() + " above the optimum "
                        + optimum);
            }
        }
        System.out.printf("EDP bound over the graph: %d solves with stopped searches, %d whose plan missed the "
                + "optimum%n", graphStopped, graphMissed);
        assertTrue(graphMissed > 0, "over the graph no stopped search missed the optimum");
        System.out.printf("EDP bound: %d solves with stopped searches, %d of them proved, %d whose plan missed the "
                + "optimum%n", stopped, proved, missed);
        assertTrue(stopped >= 10, "only " + stopped + " solves stopped a search: the test exercises little");
        assertTrue(missed > 0, "no stopped search missed the optimum: a bound from the options alone would pass too");
    }
}
