package org.compass.solver.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.compass.model.problem.CostModelVersion;
import org.compass.model.problem.PipelineMode;
import org.compass.model.problem.Problem;
import org.compass.model.problem.ResidentMode;
import org.compass.solver.plan.Partition;
import org.compass.solver.plan.Plan;
import org.compass.solver.plan.PlanValidator;
import org.junit.jupiter.api.Test;

/**
 * Resident weights in the cost model and the validator, by hand on the toy chain of {@link CostModelTest} (a: 1
 * crossbar, 4 rows, 2 B; b: 2, 8, 4 B; c: 2, 8, 4 B; chip of 4 crossbars, 2 write ports, 0.1 us a row, 1 MB/s,
 * batch 2; endurance 1e6 cycles). docs/llm.md, "Resident weights", has the same numbers.
 */
class ResidentCostModelTest {

    static Problem toy() {
        Problem p = CostModelTest.toy(PipelineMode.ROW).withCostModel(CostModelVersion.V1);
        return p.withHardware(p.hardware().withEndurance(1e6)).withResident(ResidentMode.AUTO);
    }

    /** {a} then {b, c} with b resident: b's 2 crossbars reserved, each partition streams at most 2. */
    static Plan aThenBcWithBResident() {
        return new Plan(List.of(Partition.of(new int[] {0}, new int[] {1}),
                Partition.of(new int[] {1, 2}, new int[] {1, 1})), List.of(1));
    }

    @Test
    void residentUnitIsNeitherLoadedNorWritten() {
        Problem p = toy();
        assertTrue(PlanValidator.violations(p, aThenBcWithBResident()).isEmpty());
        Evaluation e = new CostModel(p).evaluate(aThenBcWithBResident());
        PartitionCost a = e.partitions().get(0);
        // {a}: program max(ceil(4 / 2) * 0.1 us, 2 B / 1 MB/s) = 2 us; compute 2 * 1 us + 1 us; io 2 * (4 + 4) B = 16 us
        assertEquals(2e-6, a.programSeconds(), 1e-18);
        assertEquals(18e-6, a.seconds(), 1e-18);
        PartitionCost bc = e.partitions().get(1);
        // {b, c}, b resident: only c is loaded and written: max(ceil(8 / 2) * 0.1 us, 4 B / 1 MB/s) = 4 us
        assertEquals(4e-6, bc.programSeconds(), 1e-18);
        // b still computes here: 2 * 1 us + (1 + 1) steps; io 2 * (a's 4 B + c's 4 B) = 16 us
        assertEquals(4e-6, bc.computeSeconds(), 1e-18);
        assertEquals(16e-6, bc.ioSeconds(), 1e-18);
        assertEquals(20e-6, bc.seconds(), 1e-18);
        assertEquals(2, bc.load().crossbars());
        assertEquals(2, bc.load().residentCrossbars());
        assertEquals(38e-6, e.latencySeconds(), 1e-18);
        // rows written per batch: a's 4 and c's 8; DRAM: 6 weight bytes + 2 * (8 + 8) activation bytes
        assertEquals(12, e.rowsWritten());
        assertEquals(6 + 32, e.dramBytes());
        // MVM energy still counts b: 2 * (1 + 2 + 2) crossbar-steps * 0.1 nJ
        assertEquals(1e-9, e.mvmJoules(), 1e-21);
        ResidentMetrics r = e.resident();
        assertEquals(1, r.units());
        assertEquals(2, r.crossbars());
        assertEquals(0.5, r.chipFraction(), 0);
        assertEquals(4, r.weightBytes());
        assertEquals(0.4, r.weightFraction(), 1e-15);
        // the one-time write of b: max(ceil(8 / 2) * 0.1 us, 4 B / 1 MB/s) = 4 us, not in the latency
        assertEquals(8, r.rowsOnce());
        assertEquals(4e-6, r.setupSeconds(), 1e-18);
        // lifetime: 12 rows per 38 us levelled over the chip's 16 rows, or over the 8 rows of the 2 streaming
        // crossbars when the resident ones stay put
        double levelled = 1e6 * 16 * 38e-6 / 12;
        assertEquals(levelled, e.lifetimeSeconds(), levelled * 1e-12);
        assertEquals(levelled / 2, r.lifetimeFixedSeconds(), levelled * 1e-12);
        // utilization: a's 1 crossbar x 18 us + c's 2 x 20 us, and b's 2 resident ones x 38 us
        assertEquals((1 * 18e-6 + 2 * 20e-6 + 2 * 38e-6) / (4 * 38e-6), e.crossbarUtilization(), 1e-12);
    }

    /**
     * The same plan under cost model v2 (docs/cost-model.md, "Resident weights"; the stages and program phase of
     * {@code CostModelTest.versionTwoByHand}): the resident unit b still computes in its partition, so the compute
     * phase is unchanged, and only c's tiles are loaded and written, so T_prog = max(W + h, L + b) over c alone.
     */
    @Test
    void residentUnitUnderCostModelV2ByHand() {
        Problem p = toy().withCostModel(CostModelVersion.V2);
        Evaluation e = new CostModel(p).evaluate(aThenBcWithBResident());
        PartitionCost a = e.partitions().get(0);
        // {a}: 1 tile, 4 rows, 2 B: W = ceil(4 / 2) * 0.1 us = 0.2 us, L = 2 us, h = min(2 cores, 1 tile) * 2 us / 1,
        // b = 4 rows * 0.1 us: max(0.2 + 2, 2 + 0.4) = 2.4 us
        assertEquals(2.4e-6, a.programSeconds(), 1e-18);
        // its 4-byte input streams in one band of 4 us: a ends 4 + 1 + 1 * 4 = 9 us, and its output leaves the
        // partition: its last band, all 4 bytes, is stored after a ends, 4 us (the store tail): T_comp = 13 us;
        // io 2 * (4 + 4) B = 16 us
        assertEquals(13e-6, a.computeSeconds(), 1e-18);
        assertEquals(18.4e-6, a.seconds(), 1e-18);
        PartitionCost bc = e.partitions().get(1);
        // {b, c}, b resident: c's 2 tiles, 8 rows, 4 B: W = 0.4 us, L = 4 us, h = min(2, 2) * 4 us / 2 = 4 us,
        // b = 8 / 2 rows * 0.1 us: max(4.4, 4.4) = 4.4 us (both streamed: 4 tiles, 16 rows, 8 B: max(0.8 + 4, 8 + 0.4))
        assertEquals(4.4e-6, bc.programSeconds(), 1e-18);
        assertEquals(8.4e-6, new CostModel(p).cost(new int[] {1, 2}, new int[] {1, 1}).programSeconds(), 1e-18);
        // b still computes: a's 4 bytes arrive in one band of 4 us, b ends 4 + 1 + 4 = 9 us, c max(5 + 1 + 4, 9 + 1)
        // = 10 us, and c's 4 output bytes are stored by 14 us
        assertEquals(14e-6, bc.computeSeconds(), 1e-18);
        assertEquals(16e-6, bc.ioSeconds(), 1e-18);
        assertEquals(20.4e-6, bc.seconds(), 1e-18);
        assertEquals(38.8e-6, e.latencySeconds(), 1e-18);
        // the same rows and bytes as under v1: a's 4 and c's 8 rows; 6 weight bytes + 2 * (8 + 8) activation bytes
        assertEquals(12, e.rowsWritten());
        assertEquals(6 + 32, e.dramBytes());
        assertEquals(2, e.resident().crossbars());
        assertEquals(8, e.resident().rowsOnce());
    }

    @Test
    void aPlanWithoutResidentUnitsHasNoResidentFigures() {
        Evaluation e = new CostModel(toy()).evaluate(CostModelTest.abThenC());
        assertNull(e.resident());
        assertEquals(58e-6, e.latencySeconds(), 1e-18);
    }

    @Test
    void validatorRejectsAnOverfullResidentSet() {
        // b and c resident reserve 4 crossbars: a, streamed, needs 1 more than the chip's 4
        Plan plan = new Plan(aThenBcWithBResident().partitions(), List.of(1, 2));
        List<String> v = PlanValidator.violations(toy(), plan);
        assertEquals(List.of("partition 0 streams 1 crossbars and the resident units hold 4: 5, the chip has 4"), v);
        // resident units alone beyond the chip
        Plan twice = new Plan(List.of(Partition.of(new int[] {0, 1, 2}, new int[] {1, 2, 1})), List.of(0, 1, 2));
        assertTrue(PlanValidator.violations(toy(), twice).contains("the resident units need 7 crossbars, the chip has 4"));
    }

    @Test
    void validatorRejectsResidentUnitsTheProblemDoesNotAllow() {
        Problem none = toy().withResident(ResidentMode.NONE);
        assertTrue(PlanValidator.violations(none, aThenBcWithBResident()).get(0)
                .contains("does not allow resident weights"));
    }
}
