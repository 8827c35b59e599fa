package org.compass.cli.report;

import org.compass.cli.json.JsonPath;

/**
 * One table cell: the text shown and, for a figure that the JSON result also holds, its key path there
 * (e.g. {@code partitions.2.time_s.compute}) and its exact value, written as {@code data-json} and
 * {@code data-value} attributes so that tests and scripts can check the page against the JSON.
 *
 * @param text  what the reader sees
 * @param key   JSON key path, or null
 * @param value exact value as the JSON writes it, or null
 * @param numeric whether the value is a number (right-aligned)
 */
public record Cell(String text, String key, String value, boolean numeric) {

    /** A plain cell. */
    public static Cell of(Object text) {
        boolean numeric = text instanceof Number;
        return new Cell(String.valueOf(text), null, null, numeric);
    }

    /** A figure of the JSON result: its key path and the value as the JSON writes it. */
    public static Cell json(String text, JsonPath<?> figure) {
        Object v = figure.value();
        if (v instanceof Number n) {
            return new Cell(text, figure.key(), v instanceof Double || v instanceof Float ? Markup.exact(n.doubleValue())
                    : v.toString(), true);
        }
        return new Cell(text, figure.key(), String.valueOf(v), false);
    }

    /** A number that is not in the JSON result, with its exact value kept for scripts. */
    public static Cell number(String text, double value) {
        return new Cell(text, null, Markup.exact(value), true);
    }

    /** The cell as XHTML, with the given element name (td or th). */
    String render(String tag) {
        StringBuilder sb = new StringBuilder("<").append(tag);
        if (key != null) {
            sb.append(" data-json=\"").append(Markup.escape(key)).append('"');
        }
        if (value != null) {
            sb.append(" data-value=\"").append(Markup.escape(value)).append('"');
        }
        if (numeric) {
            sb.append(" class=\"num\"");
        }
        return sb.append('>').append(Markup.escape(text)).append("</").append(tag).append('>').toString();
    }
}
