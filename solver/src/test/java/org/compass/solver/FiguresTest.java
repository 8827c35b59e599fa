package org.compass.solver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Numbers in messages: no float noise, no trailing zeros, their unit. */
class FiguresTest {

    @Test
    void printsSixDigitsAtMostWithoutNoise() {
        assertEquals("1e-15 s", Figures.of(1e-15, "s"));
        assertEquals("1e-5 s", Figures.of(1.0E-5, "s"));
        assertEquals("1.35516e-10 s", Figures.of(1.3551599999999998E-10, "s"));
        assertEquals("0.00135516 s", Figures.of(0.0013551599999999998, "s"));
        assertEquals("0.00102843 J", Figures.of(0.0010284334964000001, "J"));
        assertEquals("11806.7 inferences/s", Figures.of(11806.723929277725, "inferences/s"));
        assertEquals("2.5e6", Figures.number(2.5e6));
        assertEquals("0", Figures.number(0));
        assertEquals("-3", Figures.number(-3));
        assertEquals("inf", Figures.number(Double.POSITIVE_INFINITY));
    }
}
