package org.compass.model.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Output sizes of windows padded alike or differently before and after the input. */
class WindowTest {

    @Test
    void symmetricConstructorPadsBothSides() {
        Window w = Window.square(3, 2, 1);
        assertEquals(1, w.padBottom());
        assertFalse(w.asymmetric());
        assertEquals(4, w.outputHeight(8));
    }

    @Test
    void paddingAfterOnlyChangesTheOutputSize() {
        // k3 s2 on 8 rows: no padding gives 3 rows, one row after gives 4
        Window w = new Window(3, 3, 2, 2, 0, 0, 1, 1, false, 1, 1);
        assertTrue(w.asymmetric());
        assertEquals(4, w.outputHeight(8));
        assertEquals(4, w.outputWidth(8));
        // auto_pad SAME_UPPER, k4 s1 on 8: 1 before, 2 after keeps 8
        assertEquals(8, new Window(4, 4, 1, 1, 1, 1, 1, 1, false, 2, 2).outputHeight(8));
    }

    @Test
    void ceilModeCountsOnlyWindowsStartingInsideTheInputOrThePaddingBefore() {
        Window w = new Window(2, 2, 2, 2, 0, 0, 1, 1, false, 1, 1).withCeilMode();
        assertEquals(1, w.padBottom(), "ceil mode keeps the padding after");
        assertEquals(3, w.outputHeight(5));
    }

    @Test
    void negativePaddingAfterIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Window(3, 3, 1, 1, 0, 0, 1, 1, false, -1, 0));
    }
}
