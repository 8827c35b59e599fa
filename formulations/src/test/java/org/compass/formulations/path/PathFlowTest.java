package org.compass.formulations.path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.compass.formulations.RandomNetworks;
import org.compass.formulations.graph.LifetimeFloor;
import org.compass.formulations.graph.PartitionGraph;
import org.compass.formulations.graph.PartitionGraph.Edge;
import org.compass.model.problem.Objective;
import org.compass.model.problem.Problem;
import org.compass.model.problem.SearchSpace;
import org.compass.solver.control.Cancellation;
import org.junit.jupiter.api.Test;

/** The solver-neutral path-flow model that CP-SAT and the MIP back-ends post. */
class PathFlowTest {

    /** A diamond 0 -> {1, 2} -> 3 and a state 4 no arc touches. */
    private static PathFlow diamond() {
        return PathFlow.over(5, 0, 3, new int[] {0, 0, 1, 2}, new int[] {1, 2, 3, 3}, a -> "x_" + a);
    }

    @Test
    void suppliesAndRowsOfFlowConservation() {
        PathFlow f = diamond();
        assertEquals(4, f.arcCount());
        assertEquals(1, f.supply(0));
        assertEquals(0, f.supply(1));
        assertEquals(-1, f.supply(3));
        assertArrayEquals(new int[] {0, 1}, f.out(0));
        assertArrayEquals(new int[] {2, 3}, f.in(3));
        assertTrue(f.touches(2));
        assertFalse(f.touches(4), "a state no arc touches has no flow row");
    }

    @Test
    void readsTheChosenPathFromSourceToSink() {
        PathFlow f = diamond();
        assertArrayEquals(new int[] {1, 3}, f.path(a -> a == 1 || a == 3));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> f.path(a -> a == 1));
        assertTrue(e.getMessage().contains("breaks flow conservation at state 2"), e.getMessage());
    }

    @Test
    void copiesShareTheArcsAndAddRowsAndCosts() {
        PathFlow f = diamond();
        PathFlow g = f.minimizing(new long[] {1, 2, 3, 4}).with(PathFlow.Row.atMost("cap", new long[] {1, 1, 1, 1}, 2))
                .with(PathFlow.Row.notAll("nogood_0", new int[] {0, 2}));
        assertTrue(f.rows().isEmpty(), "the original is unchanged");
        assertEquals(List.of("cap", "nogood_0"), g.rows().stream().map(PathFlow.Row::name).toList());
        PathFlow.Row nogood = g.rows().get(1);
        assertFalse(nogood.dense());
        assertFalse(nogood.hasLower());
        assertEquals(1, nogood.upper(), "not both of two arcs");
        assertArrayEquals(new long[] {1, 2, 3, 4}, g.cost());
        assertArrayEquals(new double[] {1, 2, 3, 4}, g.realCost());
        assertThrows(IllegalStateException.class, () -> f.minimizing(new double[] {0.5, 1, 1, 1}).cost(),
                "real costs are scaled by the solver that needs integers");
    }

    @Test
    void thePartitionGraphsModelHasAnArcPerEdge() {
        PartitionGraph graph = PartitionGraph.build(RandomNetworks.problem(5, 8, Objective.THROUGHPUT),
                SearchSpace.DAG);
        PathFlow f = PathFlow.of(graph);
        assertEquals(graph.edges().size(), f.arcCount());
        double[] cost = f.realCost();
        for (Edge e : graph.edges()) {
            assertEquals("x_" + e.from() + "_" + e.to(), f.name(e.id()));
            assertEquals(e.cost(), cost[e.id()]);
        }
        List<Edge> shortest = graph.shortestPath();
        int[] path = f.path(a -> shortest.stream().anyMatch(e -> e.id() == a));
        assertEquals(shortest, java.util.Arrays.stream(path).mapToObj(graph.edges()::get).toList());
    }

    @Test
    void aStageHasTheCapsTheFloorAndTheNoGoodsInOrder() {
        Problem p = RandomNetworks.bruteForceProblem(2, 6, Objective.EDP);
        p = p.withHardware(p.hardware().withEndurance(1e3)).withMinLifetime(0.02);
        PartitionGraph graph = PartitionGraph.build(p, SearchSpace.CONTIGUOUS);
        ParetoSweep.Model m = ParetoSweep.Model.of(graph, 1e8, 1e15, LifetimeFloor.of(p), Long.MAX_VALUE,
                Cancellation.NEVER);
        List<ParetoSweep.Arc> forbidden = List.of(m.arcs().get(0), m.arcs().get(m.arcs().size() - 1));
        PathFlow stage = m.stage(ParetoSweep.Goal.ENERGY, 7, 9, List.of(forbidden));
        assertEquals(List.of("time_cap", "energy_cap", "lifetime_floor", "nogood_0"),
                stage.rows().stream().map(PathFlow.Row::name).toList());
        assertEquals(7, stage.rows().get(0).upper());
        assertEquals(0, stage.rows().get(2).lower());
        assertFalse(stage.rows().get(2).hasUpper());
        assertArrayEquals(ParetoSweep.Model.ids(forbidden), stage.rows().get(3).arcs());
        long[] energy = m.arcs().stream().mapToLong(ParetoSweep.Arc::e).toArray();
        assertArrayEquals(energy, stage.cost(), "the goal's integer sum is minimized");
        assertArrayEquals(energy, stage.rows().get(1).coefficients());
        assertEquals("x_3", stage.name(3));
        PathFlow free = m.stage(ParetoSweep.Goal.TIME, Long.MAX_VALUE, Long.MAX_VALUE, List.of());
        assertEquals(List.of("lifetime_floor"), free.rows().stream().map(PathFlow.Row::name).toList(),
                "no cap, no row");
        assertNull(ParetoSweep.Model.of(graph, 1e8, 1e15).floor());
        assertTrue(ParetoSweep.Model.of(graph, 1e8, 1e15).stage(ParetoSweep.Goal.TIME, Long.MAX_VALUE,
                Long.MAX_VALUE, List.of()).rows().isEmpty(), "without a floor, caps or no-goods: flow only");
    }
}
