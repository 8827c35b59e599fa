package org.compass.solver;

import java.util.Locale;

/**
 * Numbers in the formulations' messages and progress lines: six significant digits at most, without the float
 * noise of {@code Double.toString} ({@code 1.3551599999999998E-10}) or trailing zeros, followed by their unit:
 * {@code "135.516 ps"}, {@code "1.35516 ms"}, {@code "1.02843 mJ"}, {@code "11806.7 inferences/s"}.
 */
public final class Figures {

    private Figures() {
    }

    /** SI prefixes from femto to giga, for seconds and joules. */
    private static final String[] PREFIXES = {"f", "p", "n", "u", "m", "", "k", "M", "G"};

    /**
     * The value to six significant digits and its unit; seconds and joules with an SI prefix, so that the mantissa
     * lies in [1, 1000) from femto to giga ({@code "1.53544 ms"}, where a trial read {@code "0.00153544 s"}).
     */
    public static String of(double value, String unit) {
        if ((unit.equals("s") || unit.equals("J")) && Double.isFinite(value) && value != 0) {
            int k = Math.max(-5, Math.min(3, (int) Math.floor(Math.log10(Math.abs(value)) / 3)));
            return number(value / Math.pow(1000, k)) + " " + PREFIXES[k + 5] + unit;
        }
        return number(value) + " " + unit;
    }

    /** The value to six significant digits: plain or with an exponent ({@code 1e-15}), no trailing zeros. */
    public static String number(double value) {
        if (!Double.isFinite(value)) {
            return Double.isNaN(value) ? "NaN" : value > 0 ? "inf" : "-inf";
        }
        String s = String.format(Locale.ROOT, "%.6g", value);
        int e = s.indexOf('e');
        String mantissa = e < 0 ? s : s.substring(0, e);
        if (mantissa.contains(".")) {
            mantissa = mantissa.replaceAll("0+$", "");
            mantissa = mantissa.endsWith(".") ? mantissa.substring(0, mantissa.length() - 1) : mantissa;
        }
        return e < 0 ? mantissa : mantissa + "e" + Integer.parseInt(s.substring(e + 1));
    }
}
