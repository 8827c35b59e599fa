package org.compass.cli;

import java.util.List;
import java.util.Map;

/**
 * A minimal JSON writer for maps, lists, strings, numbers and booleans (pretty-printed or on one line, stable key
 * order); an indent below zero means one line.
 */
final class Json {

    private Json() {
    }

    /** The value as pretty-printed JSON text. */
    static String write(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value, 0);
        sb.append('\n');
        return sb.toString();
    }

    /** The value as JSON on one line, without the newline (for JSON-lines files). */
    static String line(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value, -1);
        return sb.toString();
    }

    private static void write(StringBuilder sb, Object v, int indent) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof String s) {
            string(sb, s);
        } else if (v instanceof Double d) {
            sb.append(Double.isFinite(d) ? number(d) : "null");
        } else if (v instanceof Float f) {
            write(sb, f.doubleValue(), indent);
        } else if (v instanceof Number || v instanceof Boolean) {
            sb.append(v);
        } else if (v instanceof Map<?, ?> m) {
            if (m.isEmpty()) {
                sb.append("{}");
                return;
            }
            boolean compact = indent < 0;
            sb.append(compact ? "{" : "{\n");
            int i = 0;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                pad(sb, indent + 1);
                string(sb, String.valueOf(e.getKey()));
                sb.append(compact ? ":" : ": ");
                write(sb, e.getValue(), compact ? indent : indent + 1);
                sb.append(++i < m.size() ? (compact ? "," : ",\n") : (compact ? "" : "\n"));
            }
            pad(sb, indent);
            sb.append('}');
        } else if (v instanceof List<?> l) {
            if (l.isEmpty()) {
                sb.append("[]");
                return;
            }
            boolean flat = l.stream().allMatch(x -> x instanceof Number || x instanceof String);
            if (flat) {
                sb.append('[');
                for (int i = 0; i < l.size(); i++) {
                    write(sb, l.get(i), indent);
                    if (i + 1 < l.size()) {
                        sb.append(", ");
                    }
                }
                sb.append(']');
                return;
            }
            boolean compact = indent < 0;
            sb.append(compact ? "[" : "[\n");
            for (int i = 0; i < l.size(); i++) {
                pad(sb, indent + 1);
                write(sb, l.get(i), compact ? indent : indent + 1);
                sb.append(i + 1 < l.size() ? (compact ? "," : ",\n") : (compact ? "" : "\n"));
            }
            pad(sb, indent);
            sb.append(']');
        } else {
            string(sb, v.toString());
        }
    }

    private static String number(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        return Double.toString(d);
    }

    private static void pad(StringBuilder sb, int indent) {
        sb.append("  ".repeat(Math.max(0, indent)));
    }

    private static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
