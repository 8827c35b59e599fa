package org.compass.cli;

import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The converters of numeric options, whose errors read as the problem files' do ("--batch abc: expected a whole
 * number") instead of picocli's Java wording ("'abc' is not an int"). Registered on the whole command tree by
 * {@link #register}.
 */
final class NumberConverters {

    private NumberConverters() {
    }

    /** Registers the converters for int, long and double options, boxed or not, on the command and its subcommands. */
    static void register(CommandLine cl) {
        ITypeConverter<Integer> ints = v -> (int) whole(v, Integer.MIN_VALUE, Integer.MAX_VALUE);
        ITypeConverter<Long> longs = v -> whole(v, Long.MIN_VALUE, Long.MAX_VALUE);
        ITypeConverter<Double> doubles = NumberConverters::decimal;
        cl.registerConverter(Integer.class, ints);
        cl.registerConverter(Integer.TYPE, ints);
        cl.registerConverter(Long.class, longs);
        cl.registerConverter(Long.TYPE, longs);
        cl.registerConverter(Double.class, doubles);
        cl.registerConverter(Double.TYPE, doubles);
    }

    /** A whole number in decimal ("16", "-1") within {@code min} and {@code max}. */
    static long whole(String value, long min, long max) {
        String v = value.trim();
        if (!v.matches("[-+]?\\d+")) {
            throw new TypeConversionException("expected a whole number");
        }
        try {
            long n = Long.parseLong(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // more digits than a long holds: out of range below
        }
        // only the side it overflows: the option's own range check names its range for numbers within a type's
        // ("from -2,147,483,648" read as if --batch took negative numbers)
        throw new TypeConversionException(v.startsWith("-") ? "expected a whole number of at least "
                + String.format(Locale.ROOT, "%,d", min) : "expected a whole number of at most "
                + String.format(Locale.ROOT, "%,d", max));
    }

    /**
     * A number in decimal ("60", "0.5", "1e3"; "Infinity" and "NaN" too, which each option's own range check then
     * refuses naming its range); Java's other forms ("0x1p3", "1d") are refused.
     */
    static double decimal(String value) {
        String v = value.trim();
        if (v.matches("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?|[-+]?Infinity|NaN")) {
            return Double.parseDouble(v);
        }
        throw new TypeConversionException("expected a number, e.g. 60 or 0.5");
    }
}
