package org.compass.model.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.compass.model.InputException;
import org.compass.model.Suggest;

/**
 * A YAML mapping read field by field; every error names the file and the dotted path of the field.
 */
public final class YamlFields {

    private final String file;
    private final String path;
    private final Map<String, Object> map;

    YamlFields(String file, String path, Map<String, Object> map) {
        this.file = file;
        this.path = path;
        this.map = map;
    }

    /**
     * A file's root document, which must be a mapping: anything else (a CSV file, say, which YAML reads as one long
     * string) is refused in one line that names the file, what was expected and what the file holds, shortened.
     *
     * @param expected what the file should be, e.g. "a problem file: YAML with a 'network' field"
     */
    static YamlFields root(String file, Object value, String expected) {
        if (!(value instanceof Map<?, ?>)) {
            throw new InputException(file + ": expected " + expected + ", got " + describe(value));
        }
        return of(file, "", value);
    }

    /** A short description of a document that is not a mapping, for messages. */
    static String describe(Object value) {
        if (value instanceof List<?> l) {
            return "a list of " + l.size() + (l.size() == 1 ? " item" : " items");
        }
        String text = String.valueOf(value);
        // YAML folds the lines of a plain multi-line scalar into one string; a CSV file becomes such a string
        return text.length() <= 60 ? "'" + text + "'"
                : "text of " + String.format("%,d", text.length()) + " characters starting '" + text.substring(0, 50)
                + "...' (not YAML fields)";
    }

    static YamlFields of(String file, String path, Object value) {
        if (!(value instanceof Map<?, ?> raw)) {
            throw InputException.field(file, path.isEmpty() ? "(top level)" : path, "a mapping of fields", value);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : raw.entrySet()) {
            m.put(String.valueOf(e.getKey()), e.getValue());
        }
        return new YamlFields(file, path, m);
    }

    /** The file the mapping was read from, as messages name it. */
    public String file() {
        return file;
    }

    /** This mapping's own dotted path, e.g. {@code network.layers[2]} ("" for a file's root). */
    public String path() {
        return path;
    }

    /** The dotted path of a field of this mapping, e.g. {@code limits.seconds}, as messages name it. */
    public String pathOf(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** Whether the field is present with a value (a key written with nothing after it counts as absent). */
    public boolean has(String key) {
        return map.containsKey(key) && map.get(key) != null;
    }

    /** The field's value as SnakeYAML read it, or null when absent; for fields of more than one shape. */
    public Object raw(String key) {
        return map.get(key);
    }

    Set<String> keys() {
        return map.keySet();
    }

    /** Fails on keys that are not in the allowed list, naming them, the allowed ones and the nearest of those. */
    public void rejectUnknown(List<String> allowed) {
        for (String k : map.keySet()) {
            if (!allowed.contains(k)) {
                throw new InputException(file + ": field '" + pathOf(k) + "': unknown field; expected one of "
                        + String.join(", ", allowed) + Suggest.didYouMean(k, allowed));
            }
        }
    }

    /**
     * A scalar field as text ({@code fallback} when absent).
     *
     * @throws InputException when the field is a mapping or a list
     */
    public String string(String key, String fallback) {
        Object v = map.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Map || v instanceof List) {
            throw InputException.field(file, pathOf(key), "a string", v);
        }
        return String.valueOf(v);
    }

    String requiredString(String key, String expected) {
        String s = string(key, null);
        if (s == null) {
            throw InputException.field(file, pathOf(key), expected + " (missing)", null);
        }
        return s;
    }

    int positiveInt(String key, int fallback) {
        Object v = map.get(key);
        if (v == null) {
            return fallback;
        }
        return positiveInt(pathOf(key), v);
    }

    int positiveInt(String fieldPath, Object v) {
        if (!(v instanceof Integer || v instanceof Long) || ((Number) v).longValue() <= 0
                || ((Number) v).longValue() > Integer.MAX_VALUE) {
            throw InputException.field(file, fieldPath, "a positive integer" + decimalHint(v), v);
        }
        return ((Number) v).intValue();
    }

    /** An integer from {@code min} to {@code max}; the message names the range. */
    public int intInRange(String key, int fallback, int min, int max) {
        Object v = map.get(key);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof Integer || v instanceof Long) || ((Number) v).longValue() < min
                || ((Number) v).longValue() > max) {
            throw InputException.field(file, pathOf(key), "an integer from " + String.format("%,d", min) + " to "
                    + String.format("%,d", max) + decimalHint(v), v);
        }
        return ((Number) v).intValue();
    }

    int nonNegativeInt(String key, int fallback) {
        Object v = map.get(key);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof Integer || v instanceof Long) || ((Number) v).longValue() < 0
                || ((Number) v).longValue() > Integer.MAX_VALUE) {
            throw InputException.field(file, pathOf(key), "a non-negative integer" + decimalHint(v), v);
        }
        return ((Number) v).intValue();
    }

    /**
     * A finite number above 0 ({@code fallback} when absent).
     *
     * @throws InputException otherwise, naming the file and field
     */
    public double positiveNumber(String key, double fallback) {
        Object v = map.get(key);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof Number n) || !(n.doubleValue() > 0) || Double.isInfinite(n.doubleValue())) {
            throw InputException.field(file, pathOf(key), "a positive number", v);
        }
        return n.doubleValue();
    }

    double nonNegativeNumber(String key, double fallback) {
        Object v = map.get(key);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof Number n) || !(n.doubleValue() >= 0) || Double.isInfinite(n.doubleValue())) {
            throw InputException.field(file, pathOf(key), "a non-negative number", v);
        }
        return n.doubleValue();
    }

    /**
     * A whole number written as an integer ({@code fallback} when absent); octal, hexadecimal and base-60 forms are
     * refused with a hint.
     *
     * @throws InputException otherwise, naming the file and field
     */
    public long integer(String key, long fallback) {
        Object v = map.get(key);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof Integer || v instanceof Long)) {
            throw InputException.field(file, pathOf(key), "an integer" + decimalHint(v), v);
        }
        return ((Number) v).longValue();
    }

    boolean bool(String key, boolean fallback) {
        Object v = map.get(key);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof Boolean b)) {
            throw InputException.field(file, pathOf(key), "true or false", v);
        }
        return b;
    }

    /** A hint for integers written in YAML 1.1's octal, hexadecimal or base-60 forms, which are not read. */
    private static String decimalHint(Object v) {
        return v instanceof String s && SafeYaml.NOT_DECIMAL.matcher(s).matches()
                ? " written in decimal without leading zeros (YAML 1.1 would read '" + s + "' as octal,"
                        + " hexadecimal or base 60)" : "";
    }

    List<Object> list(String key) {
        Object v = map.get(key);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?> l)) {
            throw InputException.field(file, pathOf(key), "a list", v);
        }
        return new ArrayList<>(l);
    }

    /**
     * A nested mapping, its errors naming the dotted path.
     *
     * @throws InputException when the field is absent or not a mapping
     */
    public YamlFields child(String key) {
        return of(file, pathOf(key), map.get(key));
    }
}
