package org.compass.formulations.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import org.compass.formulations.RandomNetworks;
import org.compass.formulations.dp.DpFormulation;
import org.compass.model.problem.Objective;
import org.compass.model.problem.Problem;
import org.compass.model.problem.SearchSpace;
import org.compass.solver.control.Cancellation;
import org.compass.solver.SolveRequest;
import org.compass.solver.SolveResult;
import org.junit.jupiter.api.Test;

class PartitionGraphTest {

    @Test
    void everyDagStateIsADownsetAndEveryEdgeFits() {
        Problem p = RandomNetworks.problem(11, 14, Objective.THROUGHPUT);
        PartitionGraph g = PartitionGraph.downsets(p, 100_000, 1_000_000);
        for (int s = 0; s < g.stateCount(); s++) {
            BitSet d = g.state(s);
            for (int u = d.nextSetBit(0); u >= 0; u = d.nextSetBit(u + 1)) {
                for (int t : p.graph().unit(u).inputTensors()) {
                    int producer = p.graph().tensor(t).producer();
                    assertTrue(producer < 0 || d.get(producer), "state " + s + " is not a downset");
                }
            }
        }
        for (PartitionGraph.Edge e : g.edges()) {
            assertTrue(e.from() < e.to());
            long crossbars = 0;
            for (int u : e.units()) {
                crossbars += p.graph().unit(u).crossbars();
            }
            assertTrue(crossbars <= p.hardware().crossbars());
        }
    }

    @Test
    void theContiguousDpPlanIsAPathOfTheDagGraph() {
        Problem p = RandomNetworks.problem(12, 16, Objective.THROUGHPUT);
        SolveResult dp = new DpFormulation().solve(SolveRequest.of(p));
        assertNotNull(PartitionGraph.downsets(p, 100_000, 1_000_000).path(dp.plan()));
        assertEquals(dp.plan().size(), PartitionGraph.contiguous(p).path(dp.plan()).size());
    }

    @Test
    void stopsPastTheStateLimit() {
        Problem p = RandomNetworks.problem(13, 16, Objective.THROUGHPUT);
        assertThrows(PartitionGraph.TooLargeException.class, () -> PartitionGraph.downsets(p, 3, 1_000_000));
    }

    /** Both spaces stop on a cancelled token and at a passed deadline, naming why and how far they got. */
    @Test
    void stopsAtItsDeadlineOrOnACancellation() {
        Problem p = RandomNetworks.problem(13, 16, Objective.THROUGHPUT);
        Cancellation cancel = new Cancellation();
        cancel.cancel("interrupted (test)");
        for (SearchSpace space : SearchSpace.values()) {
            PartitionGraph.StoppedException e = assertThrows(PartitionGraph.StoppedException.class,
                    () -> PartitionGraph.build(p, space, Long.MAX_VALUE, cancel));
            assertTrue(e.getMessage().startsWith("interrupted (test) after "), e.getMessage());
            e = assertThrows(PartitionGraph.StoppedException.class,
                    () -> PartitionGraph.build(p, space, System.nanoTime() - 1, Cancellation.NEVER));
            assertTrue(e.getMessage().startsWith("time limit reached after "), e.getMessage());
        }
        assertEquals(PartitionGraph.build(p, SearchSpace.DAG).size(),
                PartitionGraph.build(p, SearchSpace.DAG, System.nanoTime() + 60_000_000_000L, new Cancellation()).size());
    }

    @Test
    void theDagSpaceOfAChainIsTheContiguousSpace() {
        Problem p = RandomNetworks.problem(RandomNetworks.chain(1, 8), Objective.THROUGHPUT);
        PartitionGraph c = PartitionGraph.build(p, SearchSpace.CONTIGUOUS);
        PartitionGraph d = PartitionGraph.build(p, SearchSpace.DAG);
        assertEquals(c.stateCount(), d.stateCount());
        assertEquals(c.edges().size(), d.edges().size());
    }
}
