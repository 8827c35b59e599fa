package org.compass.cli;

import java.util.ArrayList;
import java.util.List;

/** A terminal table whose columns line up; numeric-looking cells are right-aligned. */
final class TextTable {

    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    TextTable(String... header) {
        this.header = List.of(header);
    }

    TextTable row(Object... cells) {
        List<String> r = new ArrayList<>();
        for (Object c : cells) {
            r.add(String.valueOf(c));
        }
        rows.add(r);
        return this;
    }

    String render() {
        int n = header.size();
        int[] width = new int[n];
        boolean[] right = new boolean[n];
        boolean[] text = new boolean[n];
        for (int i = 0; i < n; i++) {
            width[i] = header.get(i).length();
        }
        for (List<String> r : rows) {
            for (int i = 0; i < n; i++) {
                String c = i < r.size() ? r.get(i) : "";
                width[i] = Math.max(width[i], c.length());
                if (c.isEmpty() || c.equals("-")) {
                    continue;
                }
                if (Character.isDigit(c.charAt(0)) || c.charAt(0) == '-' || c.charAt(0) == '+') {
                    right[i] = true;
                } else if (!c.matches("[A-Z]+")) {
                    // a status word (INFEASIBLE where a floor is not met) keeps a column of numbers right-aligned
                    text[i] = true;
                }
            }
        }
        for (int i = 0; i < n; i++) {
            right[i] &= !text[i];
        }
        StringBuilder sb = new StringBuilder();
        line(sb, header, width, right);
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < n; i++) {
            rule.append("-".repeat(width[i]));
            if (i + 1 < n) {
                rule.append("  ");
            }
        }
        sb.append(rule).append('\n');
        for (List<String> r : rows) {
            line(sb, r, width, right);
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, List<String> cells, int[] width, boolean[] right) {
        StringBuilder l = new StringBuilder();
        for (int i = 0; i < width.length; i++) {
            String c = i < cells.size() ? cells.get(i) : "";
            String pad = " ".repeat(width[i] - c.length());
            l.append(right[i] ? pad + c : c + pad);
            if (i + 1 < width.length) {
                l.append("  ");
            }
        }
        sb.append(l.toString().stripTrailing()).append('\n');
    }
}
