package org.compass.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A strict reader of the JSON this tool writes: objects, arrays, strings, numbers, true, false, null. */
final class MiniJson {
    private final String s;
    private int i;

    private MiniJson(String s) {
        this.s = s;
    }

    /** The document's top-level object; anything malformed or trailing throws. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> object(String text) {
        MiniJson r = new MiniJson(text);
        Object v = r.value();
        r.space();
        if (r.i != text.length() || !(v instanceof Map)) {
            throw new IllegalArgumentException("not one JSON object: trailing text at " + r.i);
        }
        return (Map<String, Object>) v;
    }

    private Object value() {
        space();
        char c = s.charAt(i);
        if (c == '{') {
            Map<String, Object> m = new LinkedHashMap<>();
            i++;
            space();
            if (s.charAt(i) == '}') {
                i++;
                return m;
            }
            do {
                space();
                String k = string();
                space();
                expect(':');
                m.put(k, value());
                space();
            } while (s.charAt(i++) == ',');
            if (s.charAt(i - 1) != '}') {
                throw new IllegalArgumentException("expected } at " + (i - 1));
            }
            return m;
        }
        if (c == '[') {
            List<Object> l = new ArrayList<>();
            i++;
            space();
            if (s.charAt(i) == ']') {
                i++;
                return l;
            }
            do {
                l.add(value());
                space();
            } while (s.charAt(i++) == ',');
            if (s.charAt(i - 1) != ']') {
                throw new IllegalArgumentException("expected ] at " + (i - 1));
            }
            return l;
        }
        if (c == '"') {
            return string();
        }
        for (String word : new String[] {"true", "false", "null"}) {
            if (s.startsWith(word, i)) {
                i += word.length();
                return word.equals("null") ? null : Boolean.valueOf(word);
            }
        }
        int start = i;
        while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
            i++;
        }
        return Double.parseDouble(s.substring(start, i));
    }

    private String string() {
        expect('"');
        StringBuilder b = new StringBuilder();
        while (s.charAt(i) != '"') {
            char c = s.charAt(i++);
            if (c == '\\') {
                char e = s.charAt(i++);
                switch (e) {
                    case 'n' -> b.append('\n');
                    case 't' -> b.append('\t');
                    case 'r' -> b.append('\r');
                    case 'b' -> b.append('\b');
                    case 'f' -> b.append('\f');
                    case 'u' -> {
                        b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        i += 4;
                    }
                    default -> b.append(e);
                }
            } else if (c < 0x20) {
                throw new IllegalArgumentException("control character in a string at " + (i - 1));
            } else {
                b.append(c);
            }
        }
        i++;
        return b.toString();
    }

    private void expect(char c) {
        if (s.charAt(i) != c) {
            throw new IllegalArgumentException("expected " + c + " at " + i + ", got " + s.charAt(i));
        }
        i++;
    }

    private void space() {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
    }
}
