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
