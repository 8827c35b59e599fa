package org.compass.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The nearest of some names to a mistyped one, for "did you mean ...?" (options, flag values, YAML fields). */
public final class Suggest {

    private Suggest() {
    }

    /**
     * The name closest to {@code typed} by edit distance (a swap of two neighbours counts once), if it is close
     * enough to be a typo: at most 40% of the longer name's letters differ, leading dashes and case ignored.
     * Ties go to the earlier name.
     */
    public static Optional<String> nearest(String typed, Collection<String> names) {
        List<String> tied = nearestAll(typed, names);
        return tied.isEmpty() ? Optional.empty() : Optional.of(tied.get(0));
    }

    /** Every name as close to {@code typed} as the nearest ({@link #nearest}), in the given order. */
    private static List<String> nearestAll(String typed, Collection<String> names) {
        String t = bare(typed);
        List<String> best = new ArrayList<>();
        if (t.isEmpty()) {
            return best;
        }
        int bestDistance = Integer.MAX_VALUE;
        for (String name : names) {
            String n = bare(name);
            int d = distance(t, n);
            int allowed = Math.max(1, Math.round(0.4f * Math.max(t.length(), n.length())));
            if (d > 0 && d <= allowed && d < n.length() && d <= bestDistance && !best.contains(name)) {
                if (d < bestDistance) {
                    best.clear();
                    bestDistance = d;
                }
                best.add(name);
            }
        }
        return best;
    }

    /**
     * "; did you mean X?" for the nearest name, or nothing; "X or Y" (and "X, Y or Z") when several names are
     * equally near, so that a name that could mean either (e.g. "squeezenet1") is not answered with one of them.
     */
    public static String didYouMean(String typed, Collection<String> names) {
        List<String> tied = nearestAll(typed, names);
        // a name that begins a few longer ones may mean any of them ("llama2": llama2_7b or llama2_70b), though
        // the nearest by edit distance is one
        String t = bare(typed);
        List<String> longer = t.isEmpty() ? List.of() : names.stream()
                .filter(n -> bare(n).startsWith(t) && bare(n).length() > t.length()).distinct().toList();
        if (longer.size() >= 2 && longer.size() <= MAX_BEGUN && longer.containsAll(tied)) {
            tied = new ArrayList<>(longer);
        }
        if (tied.isEmpty()) {
            return "";
        }
        String last = tied.remove(tied.size() - 1);
        return "; did you mean " + (tied.isEmpty() ? last : String.join(", ", tied) + " or " + last) + "?";
    }

    /** The most names a typed beginning is answered with; more are not a suggestion. */
    private static final int MAX_BEGUN = 4;

    private static String bare(String s) {
        int i = 0;
        while (i < s.length() && s.charAt(i) == '-') {
            i++;
        }
        return s.substring(i).toLowerCase(Locale.ROOT);
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
    public static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
