package org.compass.formulations.path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.compass.formulations.path.AbstractPathFormulation.PathSolution;
import org.compass.formulations.graph.PartitionGraph;
import org.compass.formulations.graph.PartitionGraph.Edge;
import org.compass.solver.Status;
import org.junit.jupiter.api.Test;

/**
 * Issue 16, item 2: what a back-end returns is made honest before it becomes a result: the hint when the
 * back-end has no plan or a worse one, the trivial bound 0 for a negative one, no bound for one above the plan.
 */
class HonestPathSolutionTest {

    private static final List<Edge> HINT = List.of(edge(0, 0, 1, 2.0), edge(1, 1, 2, 3.0));
    private static final List<Edge> WORSE = List.of(edge(2, 0, 2, 9.0));
    private static final List<Edge> BETTER = List.of(edge(3, 0, 2, 4.0));

    private static Edge edge(int id, int from, int to, double cost) {
        return new Edge(id, from, to, new int[] {from}, null, cost);
    }

    @Test
    void unknownWithoutAPlanReturnsTheHintAsFeasible() {
        PathSolution s = AbstractPathFormulation.honest(new PathSolution(Status.UNKNOWN, null, Double.NaN,
                "cbc NOT_SOLVED"), HINT);
        assertEquals(Status.FEASIBLE, s.status());
        assertSame(HINT, s.path());
        assertTrue(s.message().contains("returned the warm start"), s.message());
    }

    @Test
    void aWorsePlanIsReplacedByTheHint() {
        PathSolution s = AbstractPathFormulation.honest(new PathSolution(Status.FEASIBLE, WORSE, 1.0, "scip"), HINT);
        assertSame(HINT, s.path());
        assertEquals(1.0, s.boundKey());
        PathSolution b = AbstractPathFormulation.honest(new PathSolution(Status.FEASIBLE, BETTER, 1.0, "scip"), HINT);
        assertSame(BETTER, b.path());
    }

    @Test
    void aNegativeBoundIsTheTrivialOneAndABoundAboveThePlanIsNone() {
        assertEquals(0.0, AbstractPathFormulation.honest(new PathSolution(Status.FEASIBLE, BETTER, -1.6e-14,
                "scip"), HINT).boundKey());
        assertTrue(Double.isNaN(AbstractPathFormulation.honest(new PathSolution(Status.FEASIBLE, BETTER,
                Double.NEGATIVE_INFINITY, "scip"), HINT).boundKey()));
        assertTrue(Double.isNaN(AbstractPathFormulation.honest(new PathSolution(Status.FEASIBLE, BETTER, 4.5,
                "scip"), HINT).boundKey()));
        assertEquals(3.5, AbstractPathFormulation.honest(new PathSolution(Status.FEASIBLE, BETTER, 3.5, "scip"),
                HINT).boundKey());
    }

    @Test
    void infeasibleAgainstAValidHintIsNotBelieved() {
        PathSolution s = AbstractPathFormulation.honest(new PathSolution(Status.INFEASIBLE, null, Double.NaN, "x"), HINT);
        assertEquals(Status.FEASIBLE, s.status());
        assertSame(HINT, s.path());
        PathSolution none = AbstractPathFormulation.honest(new PathSolution(Status.INFEASIBLE, null, Double.NaN, "x"), null);
        assertEquals(Status.INFEASIBLE, none.status());
        assertNull(none.path());
    }

    @Test
    void anOptimalPlanIsKept() {
        PathSolution s = AbstractPathFormulation.honest(new PathSolution(Status.OPTIMAL, BETTER, Double.NaN, "x"), HINT);
        assertEquals(Status.OPTIMAL, s.status());
        assertSame(BETTER, s.path());
    }
}
