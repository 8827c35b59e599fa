package org.compass.solver;

import java.util.Locale;

/**
 * Numbers in the formulations' messages and progress lines: six significant digits at most, without the float
 * noise of {@code Double.toString} ({@code 1.3551599999999998E-10}) or trailing zeros, followed by their unit:
 * {@code "1e-15 s"}, {@code "1.35516e-10 J"}, {@code "0.00135516 s"}, {@code "11806.7 inferences/s"}.
 */
public final class Figures {

    private Figures() {
    }

    /** The value to six significant digits and its unit. */
    public static String of(double value, String unit) {
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
