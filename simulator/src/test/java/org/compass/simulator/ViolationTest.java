package org.compass.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.compass.formulations.dp.DpFormulation;
import org.compass.model.problem.Problem;
import org.compass.solver.plan.Partition;
import org.compass.solver.plan.Plan;
import org.compass.solver.SolveRequest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Broken programs and plans stop the run with a message naming the instruction, the core and the time. */
class ViolationTest {

    static Problem problem;
    static Plan plan;

    @BeforeAll
    static void solve() {
        problem = CostModelAgreementTest.problem("resnet.yaml");
        plan = new DpFormulation().solve(SolveRequest.of(problem)).plan();
    }

    @Test
    void validPlanRuns() {
        SimulationResult r = Simulator.run(Lowering.lower(problem, plan));
        assertTrue(r.latencySeconds() > 0);
        assertTrue(r.peakBufferBytes() <= ChipModel.defaults(problem.hardware()).bufferBytesPerCore());
    }

    @Test
    void layerWhoseWeightsWereNeverWritten() {
        int victim = plan.partitions().get(1).units().stream().filter(u -> problem.graph().unit(u).weighted())
                .findFirst().orElseThrow();
        String name = problem.graph().unit(victim).name();
        Program broken = Lowering.lower(problem, plan)
                .map(i -> i.op() == Opcode.WRITE_ROWS && i.unit() == victim ? null : i);
        SimulationException e = assertThrows(SimulationException.class, () -> Simulator.run(broken));
        assertTrue(e.getMessage().startsWith("MVM '" + name + "'"), e.getMessage());
        assertTrue(e.getMessage().contains("should hold tile 0 of replica 0 of '" + name + "' but holds"), e.getMessage());
        assertTrue(e.getMessage().contains("on core " + e.core() + " at t="), e.getMessage());
        assertTrue(e.time() > 0);
    }

    @Test
    void partitionOverCapacity() {
        int n = problem.graph().size();
        int[] rep = new int[n];
        java.util.Arrays.fill(rep, 1);
        Plan whole = new Plan(List.of(Partition.range(0, n, rep)));
        SimulationException e = assertThrows(SimulationException.class,
                () -> Simulator.run(Lowering.lower(problem, whole)));
        assertTrue(e.getMessage().startsWith("WRITE_ROWS"), e.getMessage());
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
        assertTrue(e.getMessage().contains("places 727 crossbar tiles on a chip of 256"), e.getMessage());
    }

    @Test
    void partitionsInTheWrongOrder() {
        List<Partition> parts = new ArrayList<>(plan.partitions());
        Partition first = parts.remove(0);
        parts.add(1, first);
        SimulationException e = assertThrows(SimulationException.class,
                () -> Simulator.run(Lowering.lower(problem, new Plan(parts))));
        assertTrue(e.getMessage().startsWith("LOAD_A"), e.getMessage());
        assertTrue(e.getMessage().contains("not in DRAM") && e.getMessage().contains("partition 1"), e.getMessage());
    }

    @Test
    void layerLeftOutOfThePlan() {
        List<Partition> parts = new ArrayList<>(plan.partitions());
        Partition last = parts.get(parts.size() - 1);
        int dropped = last.units().get(0);
        parts.set(parts.size() - 1, new Partition(last.units().subList(1, last.size()),
                last.replication().subList(1, last.size())));
        SimulationException e = assertThrows(SimulationException.class,
                () -> Simulator.run(Lowering.lower(problem, new Plan(parts))));
        assertTrue(e.getMessage().contains("no partition (the plan leaves it out)"), e.getMessage());
        assertTrue(e.getMessage().contains(problem.graph().unit(dropped).name()), e.getMessage());
    }

    @Test
    void bufferOverCapacity() {
        ChipModel small = ChipModel.defaults(problem.hardware()).withBuffer(20_000);
        SimulationException e = assertThrows(SimulationException.class,
                () -> Simulator.run(Lowering.lower(problem, plan), small));
        assertTrue(e.getMessage().contains("over capacity") && e.getMessage().contains("holds 20000"), e.getMessage());
    }

    @Test
    void crossbarRewrittenWhileStillNeeded() {
        // writes of the next partition may start at once: without a schedule they hit crossbars in use
        Program eager = Lowering.lower(problem, plan, new LoweringOptions(WriteOrder.AS_LOWERED, false));
        SimulationException e = assertThrows(SimulationException.class, () -> Simulator.run(eager));
        assertTrue(e.getMessage().startsWith("WRITE_ROWS"), e.getMessage());
        assertTrue(e.getMessage().contains("still needs it"), e.getMessage());
    }

    @Test
    void explicitWriteTimesDelayTheProgramPhase() {
        // a write schedule plugs in through WriteOrder: start every write 1 ms late
        Program late = Lowering.lower(problem, plan, new LoweringOptions(
                (p, core, port, writes) -> writes.stream().map(w -> w.withNotBefore(1e-3 * (p + 1))).toList(), true));
        SimulationResult base = Simulator.run(Lowering.lower(problem, plan));
        SimulationResult r = Simulator.run(late);
        assertTrue(r.partitions().get(0).programDoneSeconds() > 1e-3);
        assertTrue(r.latencySeconds() > base.latencySeconds());
        assertEquals(base.rowsWritten(), r.rowsWritten());
    }
}
