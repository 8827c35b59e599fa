package org.compass.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.compass.model.InputException;
import org.junit.jupiter.api.Test;

class SweepTest {

    @Test
    void ellipsisContinuesAWholeRatioGeometrically() {
        assertEquals(new Sweep.Spec("batch", List.of(1, 2, 4, 8, 16, 32, 64)), Sweep.parse("batch=1,2,4,...,64"));
        assertEquals(List.of(1, 2, 4, 8, 16, 32, 64), Sweep.parse("batch=1,2,...,64").values());
    }

    @Test
    void ellipsisContinuesOtherStepsArithmetically() {
        assertEquals(new Sweep.Spec("cores", List.of(8, 12, 16, 20, 24)), Sweep.parse("cores=8,12,...,24"));
    }

    @Test
    void plainListsAreKept() {
        assertEquals(List.of(8, 16, 32), Sweep.parse("cores=8,16,32").values());
    }

    @Test
    void badSweepsAreInputErrors() {
        for (String bad : List.of("batch", "threads=1,2", "batch=0,1", "batch=a", "batch=1,...,8", "batch=1,2,...",
                "batch=4,2,...,1", "batch=2,3,...,1000", "batch=")) {
            assertThrows(InputException.class, () -> Sweep.parse(bad), bad);
        }
    }
}
