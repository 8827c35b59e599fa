package org.compass.cli.report;

import java.util.Locale;
import org.compass.cli.json.Json;

/**
 * Escaping and number formatting shared by the HTML and SVG writers, so that every page they produce is
 * well-formed XML as well as HTML (no named entities, every attribute quoted, every element closed).
 */
public final class Markup {

    private Markup() {
    }

    /** Text made safe for element content and double-quoted attribute values. */
    public static String escape(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> {
                    // XML 1.0 forbids most control characters even as references, so they are dropped
                    if (c >= 0x20 || c == '\n' || c == '\t') {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }

    /** A coordinate with at most two decimals and no exponent (SVG accepts both, but short is readable). */
    public static String coord(double v) {
        if (!Double.isFinite(v)) {
            return "0";
        }
        // what String.format(Locale.ROOT, "%.2f", v) gives (half-up on the shortest decimal of v), trailing
        // zeros dropped; without the formatter and two regular expressions per call, which dominated the
        // report of a large network (MarkupTest compares the two on random and tie values)
        java.math.BigDecimal d = new java.math.BigDecimal(Double.toString(v))
                .setScale(2, java.math.RoundingMode.HALF_UP);
        if (d.signum() == 0) {
            return "0";
        }
        return d.stripTrailingZeros().toPlainString();
    }

    /** {@link #coord} as the formatter computes it: the reference the faster one is tested against. */
    static String coordByFormat(double v) {
        if (!Double.isFinite(v)) {
            return "0";
        }
        String s = String.format(Locale.ROOT, "%.2f", v);
        if (s.contains(".")) {
            s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return "-0".equals(s) ? "0" : s;
    }

    /**
     * The exact value as the JSON result writes it ({@link Json#number(double)}), so that a reader can compare the
     * page's numbers with the JSON's to the bit.
     */
    public static String exact(double v) {
        return Json.number(v);
    }
}
