package org.compass.cli.format;

import java.util.Locale;
import org.compass.model.problem.Objective;
import org.compass.solver.schedule.Schedule;

/** Human-readable figures with SI prefixes, for the terminal and the HTML report alike. */
public final class Units {

    private Units() {
    }

    /**
     * A time: with an SI prefix below 1,000 s ("448.920 us", "27.000 s"), in minutes, hours, days or years above
     * ({@link #duration}: "16.7 min", "2.5 h"), never in kiloseconds.
     */
    public static String seconds(double s) {
        return Double.isFinite(s) && s >= 1000 ? duration(s) : si(s, "s");
    }

    /**
     * A count and its noun, singular for one: "1 crossbar", "1,024 crossbars", "1 batch", "4 batches" (the plural
     * by {@link #plural}). The one place the output chooses between singular and plural.
     */
    public static String count(long n, String noun) {
        return count(n) + " " + (n == 1 ? noun : plural(noun));
    }

    /**
     * The plural of a regular English noun: "es" after s, x, z, ch and sh ("batch", "batches"), "ies" for a
     * consonant and y ("entry", "entries"), "s" otherwise.
     */
    public static String plural(String noun) {
        if (noun.matches(".*(s|x|z|ch|sh)")) {
            return noun + "es";
        }
        if (noun.matches(".*[^aeiou]y")) {
            return noun.substring(0, noun.length() - 1) + "ies";
        }
        return noun + "s";
    }

    /**
     * An objective's value with its unit, formatted as the same figure is everywhere else in the terminal output:
     * throughput as the "throughput/s" column ("1.181e+04 inferences/s"), latency as a time ("1.355 ms"), energy
     * as joules ("1.042 mJ"), EDP as the "EDP (J s)" column ("1.413e-06 J s"); "-" when there is no value (no
     * plan, no bound).
     */
    public static String objective(Objective objective, double v) {
        if (!Double.isFinite(v)) {
            return "-";
        }
        return switch (objective) {
            case THROUGHPUT -> number(v) + " " + objective.unit();
            case LATENCY -> seconds(v);
            case ENERGY -> joules(v);
            case EDP -> number(v) + " " + objective.unit();
        };
    }

    public static String joules(double j) {
        return si(j, "J");
    }

    public static String bytes(double b) {
        if (b < 1e3) {
            return String.format(Locale.ROOT, "%.0f B", b);
        }
        String[] p = {"kB", "MB", "GB", "TB"};
        int i = -1;
        while (b >= 1e3 && i < p.length - 1) {
            b /= 1e3;
            i++;
        }
        return String.format(Locale.ROOT, "%.2f %s", b, p[i]);
    }

    /** Seconds in a (Julian) year, 365.25 days. */
    public static final double YEAR_SECONDS = 365.25 * 86400;

    /**
     * A long duration in the unit a person reads: seconds below a minute, then minutes, hours, days and years
     * (each from twice the unit, so 90 minutes stays "90.0 min"); "unlimited" when infinite.
     */
    public static String duration(double s) {
        if (s == Double.POSITIVE_INFINITY) {
            return "unlimited";
        }
        if (!Double.isFinite(s)) {
            return "-";
        }
        if (s < 60) {
            return seconds(s);
        }
        double[] size = {60, 3600, 86400, YEAR_SECONDS};
        String[] name = {"min", "h", "days", "years"};
        int i = 0;
        while (i + 1 < size.length && s >= 2 * size[i + 1]) {
            i++;
        }
        double v = s / size[i];
        return v < 1e6 ? String.format(Locale.ROOT, "%,.1f %s", v, name[i])
                : String.format(Locale.ROOT, "%.3g %s", v, name[i]);
    }

    /** A count of cycles in scientific notation (1e+06), "unlimited" when infinite. */
    public static String cycles(double c) {
        if (c == Double.POSITIVE_INFINITY) {
            return "unlimited";
        }
        return Double.isFinite(c) ? String.format(Locale.ROOT, "%.3g", c) : "-";
    }

    /** A schedule span as "start{dash}end", "-" when there is none. */
    public static String span(Schedule.Span span, String dash) {
        return span == null ? "-" : seconds(span.start()) + dash + seconds(span.end());
    }

    public static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    public static String ratio(double r) {
        return Double.isFinite(r) ? String.format(Locale.ROOT, "%.2fx", r) : "-";
    }

    public static String percent(double f) {
        return Double.isFinite(f) ? String.format(Locale.ROOT, "%.1f%%", 100 * f) : "-";
    }

    public static String number(double v) {
        // zero as 0, not 0.000 (a network without weights writes "0.000 writes per cell per second")
        return !Double.isFinite(v) ? "-" : v == 0 ? "0" : String.format(Locale.ROOT, "%.4g", v);
    }

    /** A value with an SI prefix chosen so the mantissa is in [1, 1000). */
    public static String si(double v, String unit) {
        return si(v, unit, 3);
    }

    /**
     * {@link #si(double, String)} with {@code decimals} decimals in the mantissa, for tables whose rows would
     * otherwise print alike (a Pareto front's neighbours).
     */
    public static String si(double v, String unit, int decimals) {
        if (!Double.isFinite(v)) {
            return "-";
        }
        if (v == 0) {
            return "0 " + unit;
        }
        Scaled s = scaled(v);
        return String.format(Locale.ROOT, "%." + decimals + "f %s%s", s.mantissa(), s.prefix(), unit);
    }

    /** A value as a mantissa in [1, 1000) (for non-zero values) and its SI prefix, from pico to tera. */
    public record Scaled(double mantissa, String prefix) {
    }

    /** Splits a finite, non-zero value into a mantissa and an SI prefix. */
    public static Scaled scaled(double v) {
        String[] prefixes = {"p", "n", "u", "m", "", "k", "M", "G", "T"};
        int idx = 4;
        double a = Math.abs(v);
        while (a < 1 && idx > 0) {
            a *= 1e3;
            v *= 1e3;
            idx--;
        }
        while (a >= 1e3 && idx < prefixes.length - 1) {
            a /= 1e3;
            v /= 1e3;
            idx++;
        }
        return new Scaled(v, prefixes[idx]);
    }
}
