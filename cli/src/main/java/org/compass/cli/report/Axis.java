package org.compass.cli.report;

import java.util.ArrayList;
import java.util.List;
import org.compass.cli.format.Units;

/**
 * A numeric axis mapping values to pixels, linear or logarithmic, with round tick values.
 *
 * @param min    value at the start pixel
 * @param max    value at the end pixel
 * @param from   start pixel
 * @param to     end pixel (smaller than from for a y axis that grows upwards)
 * @param log    whether the scale is base-10 logarithmic
 */
public record Axis(double min, double max, double from, double to, boolean log) {

    /** A linear axis from 0 (or the smallest value, if negative) to a round value above the largest. */
    public static Axis linearFromZero(double maxValue, double from, double to) {
        double top = maxValue > 0 ? niceCeil(maxValue) : 1;
        return new Axis(0, top, from, to, false);
    }

    /**
     * An axis for positive values spanning [lo, hi]: logarithmic over whole decades when they span more
     * than a factor 20, else linear from zero.
     */
    public static Axis forPositive(double lo, double hi, double from, double to) {
        if (lo > 0 && hi / lo > 20) {
            double a = Math.pow(10, Math.floor(Math.log10(lo)));
            double b = Math.pow(10, Math.ceil(Math.log10(hi)));
            if (a == b) {
                b = a * 10;
            }
            return new Axis(a, b, from, to, true);
        }
        return linearFromZero(hi, from, to);
    }

    /**
     * An axis for positive values that need not start at zero (a Pareto front): logarithmic over whole
     * decades when they span more than a factor 20, else linear over [lo, hi] widened to round ticks.
     */
    public static Axis range(double lo, double hi, double from, double to) {
        if (lo > 0 && hi / lo > 20) {
            return forPositive(lo, hi, from, to);
        }
        double span = hi - lo;
        if (!(span > 0)) {
            span = Math.abs(hi) > 0 ? Math.abs(hi) * 0.1 : 1;
        }
        double step = niceStep(span * 1.1 / 5);
        double a = Math.max(0, Math.floor((lo - span * 0.05) / step) * step);
        double b = Math.ceil((hi + span * 0.05) / step) * step;
        return new Axis(a, b, from, to, false);
    }

    /** The pixel of a value. */
    public double px(double v) {
        double f;
        if (log) {
            f = (Math.log10(Math.max(v, min)) - Math.log10(min)) / (Math.log10(max) - Math.log10(min));
        } else {
            f = max == min ? 0 : (v - min) / (max - min);
        }
        return from + f * (to - from);
    }

    /** Round tick values within the axis: 4 to 8 on a linear axis, one per decade on a log axis. */
    public List<Double> ticks() {
        List<Double> out = new ArrayList<>();
        if (log) {
            for (double v = min; v <= max * 1.0001; v *= 10) {
                out.add(v);
            }
            return out;
        }
        double step = niceStep((max - min) / 5);
        for (double v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) {
            out.add(Math.abs(v) < step * 1e-9 ? 0 : v);
        }
        return out;
    }

    /** A tick value with an SI prefix and no trailing zeros ("500 us", "1.5 ms"). */
    public static String tick(double v, String unit) {
        if (v == 0) {
            return "0";
        }
        Units.Scaled sc = Units.scaled(v);
        String s = String.format(java.util.Locale.ROOT, "%.3f", sc.mantissa()).replaceAll("0+$", "").replaceAll("\\.$", "");
        return s + " " + sc.prefix() + unit;
    }

    /** A compact number for tick labels: "2.5e-6" rather than "2.500e-06", plain when between 0.01 and 10^5. */
    public static String compact(double v) {
        if (v == 0) {
            return "0";
        }
        double a = Math.abs(v);
        if (a >= 0.01 && a < 1e5) {
            return String.format(java.util.Locale.ROOT, "%.4f", v).replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        int exp = (int) Math.floor(Math.log10(a));
        double m = v / Math.pow(10, exp);
        String ms = String.format(java.util.Locale.ROOT, "%.2f", m).replaceAll("0+$", "").replaceAll("\\.$", "");
        return ms + "e" + exp;
    }

    /** The smallest of 1, 2, 2.5, 5 times a power of ten that is at least v. */
    static double niceStep(double v) {
        if (!(v > 0)) {
            return 1;
        }
        double p = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * p >= v * (1 - 1e-12)) {
                return m * p;
            }
        }
        return 10 * p;
    }

    /** A round value at or just above v, on the tick grid of an axis from zero to v. */
    static double niceCeil(double v) {
        double step = niceStep(v / 5);
        return Math.ceil(v / step - 1e-9) * step;
    }
}
