package org.compass.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MarkupTest {

    @Test
    void escapesEverythingXmlReserves() {
        assertEquals("a &lt;b&gt; &amp; &quot;c&quot; &#39;d&#39;", Markup.escape("a <b> & \"c\" 'd'"));
        assertEquals("ab", Markup.escape("a\u0001b"));
    }

    @Test
    void exactValuesAreWhatTheJsonWrites() {
        assertEquals("16", Markup.exact(16.0));
        assertEquals("0.001355", Markup.exact(0.001355));
        assertEquals("0.333333333333", Markup.exact(1.0 / 3));
        assertEquals("0.00135516", Markup.exact(0.0013551599999999998));
        assertEquals("null", Markup.exact(Double.NaN));
    }

    @Test
    void coordinatesAreShort() {
        assertEquals("12.5", Markup.coord(12.5));
        assertEquals("3", Markup.coord(3.0001));
        assertEquals("0", Markup.coord(-0.001));
    }

    /** The fast coordinate writer gives what the formatter gives, on ties, signs, large and random values. */
    @Test
    void coordinatesAreWhatTheFormatterWrites() {
        java.util.Random random = new java.util.Random(14);
        java.util.List<Double> values = new java.util.ArrayList<>(java.util.List.of(0.0, -0.0, 0.005, 0.015, 0.125,
                1.005, 2.675, -1.005, -0.004, -0.005, 99.995, 100.0, 1e15, 1.5e20, 123456789.125, -7.0,
                Double.MIN_VALUE, Double.MAX_VALUE, Double.NaN, Double.POSITIVE_INFINITY));
        for (int i = 0; i < 20_000; i++) {
            values.add((random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(12) - 3));
            values.add(random.nextInt(2_000_000) / 1000.0 + 0.005 * random.nextInt(3));
            values.add(random.nextInt(1_000_000) / 200.0);
        }
        for (double v : values) {
            assertEquals(Markup.coordByFormat(v), Markup.coord(v), () -> "coordinate " + v);
        }
    }

    @Test
    void ticksAreRound() {
        assertEquals("500 us", Axis.tick(5e-4, "s"));
        assertEquals("1.5 ms", Axis.tick(1.5e-3, "s"));
        assertEquals("2.5e-6", Axis.compact(2.5e-6));
        assertEquals("15000", Axis.compact(15000));
    }
}
