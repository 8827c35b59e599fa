package org.compass.solver.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.compass.model.hardware.HardwarePresets;
import org.compass.model.problem.CostModelVersion;
import org.compass.model.problem.PipelineMode;
import org.compass.model.problem.Problem;
import org.junit.jupiter.api.Test;

/**
 * Lifetime arithmetic on the worked example of docs/cost-model.md (the toy chain of {@link CostModelTest}).
 *
 * <p>The plan {a, b} then {c} writes 12 + 8 = 20 rows per batch of 58 us; the chip has 4 crossbars of 4 rows = 16
 * rows. With ideal wear levelling a cell is programmed 20 / 16 = 1.25 times per batch, 1.25 / 58 us = 21,551.7
 * times per second; with an endurance of 1e6 cycles it lasts 1e6 / 21,551.7 = 46.4 s.
 */
class LifetimeTest {

    private static Problem toy(double endurance) {
        Problem p = CostModelTest.toy(PipelineMode.ROW).withCostModel(CostModelVersion.V1);
        return p.withHardware(p.hardware().withEndurance(endurance));
    }

    @Test
    void byHand() {
        Evaluation e = new CostModel(toy(1e6)).evaluate(CostModelTest.abThenC());
        assertEquals(20, e.rowsWritten());
        assertEquals(16, toy(1e6).hardware().chipRows());
        assertEquals(20.0 / 16 / 58e-6, e.cellWritesPerSecond(), 1e-9);
        assertEquals(1e6 * 16 * 58e-6 / 20, e.lifetimeSeconds(), 1e-9);
        assertEquals(46.4, e.lifetimeSeconds(), 1e-9);
    }

    @Test
    void cellsThatDoNotWearLastForever() {
        Evaluation e = new CostModel(toy(Double.POSITIVE_INFINITY)).evaluate(CostModelTest.abThenC());
        assertEquals(20.0 / 16 / 58e-6, e.cellWritesPerSecond(), 1e-9);
        assertEquals(Double.POSITIVE_INFINITY, e.lifetimeSeconds());
    }

    @Test
    void everyPresetHasAnEndurance() {
        HardwarePresets.all().values().forEach(hw -> assertEquals(true, hw.enduranceCycles() > 0
                && Double.isFinite(hw.enduranceCycles()), hw.name()));
        assertEquals(1e6, HardwarePresets.byName("rram").orElseThrow().enduranceCycles());
        assertEquals(1e9, HardwarePresets.byName("pcm").orElseThrow().enduranceCycles());
        assertEquals(1e16, HardwarePresets.byName("compass-m").orElseThrow().enduranceCycles());
    }
}
