package org.compass.solver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Numbers in messages: no float noise, no trailing zeros, their unit. */
class FiguresTest {

    @Test
    void printsSixDigitsAtMostWithoutNoise() {
        // seconds and joules with an SI prefix from femto to giga (a trial read "incumbent 0.00153544 s")
        assertEquals("1 fs", Figures.of(1e-15, "s"));
        assertEquals("0.001 fs", Figures.of(1e-18, "s"));
        assertEquals("10 us", Figures.of(1.0E-5, "s"));
        assertEquals("135.516 ps", Figures.of(1.3551599999999998E-10, "s"));
        assertEquals("1.35516 ms", Figures.of(0.0013551599999999998, "s"));
        assertEquals("1.02843 mJ", Figures.of(0.0010284334964000001, "J"));
        assertEquals("2.5 s", Figures.of(2.5, "s"));
        assertEquals("0 s", Figures.of(0, "s"));
        assertEquals("-3 mJ", Figures.of(-0.003, "J"));
        assertEquals("2.5e6 Gs", Figures.of(2.5e15, "s"));
        assertEquals("11806.7 inferences/s", Figures.of(11806.723929277725, "inferences/s"));
        assertEquals("2.5e6", Figures.number(2.5e6));
        assertEquals("0", Figures.number(0));
        assertEquals("-3", Figures.number(-3));
        assertEquals("inf", Figures.number(Double.POSITIVE_INFINITY));
    }
}
