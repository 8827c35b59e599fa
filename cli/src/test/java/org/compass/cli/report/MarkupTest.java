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

    @Test
    void ticksAreRound() {
        assertEquals("500 us", Axis.tick(5e-4, "s"));
        assertEquals("1.5 ms", Axis.tick(1.5e-3, "s"));
        assertEquals("2.5e-6", Axis.compact(2.5e-6));
        assertEquals("15000", Axis.compact(15000));
    }
}
