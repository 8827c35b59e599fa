package org.compass.model;

/** Bad user input: names the file, the field and what was expected, in one line. */
public class InputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InputException(String message) {
        super(message);
    }

    public InputException(String message, Throwable cause) {
        super(message, cause);
    }

    /** "file: field 'f': expected e, got g"; with {@code file} null (a command-line option) "f g: expected e". */
    public static InputException field(String file, String field, String expected, Object got) {
        if (file == null) {
            // a command-line option: "--context 1024: expected ..."
            return new InputException(field + (got == null ? "" : " " + got) + ": expected " + expected);
        }
        return new InputException(file + ": field '" + field + "': expected " + expected
                + (got == null ? "" : ", got '" + got + "'"));
    }

    /**
     * "file: field 'f': expected e, got g; did you mean n?" for a value that must be one of some names (an
     * objective, a preset, a formulation): {@link #field} and the nearest name when the value looks like a typo of
     * one ({@link Suggest#nearest}).
     */
    public static InputException choice(String file, String field, String expected, java.util.Collection<String> names,
                                        Object got) {
        return new InputException(field(file, field, expected, got).getMessage()
                + (got == null ? "" : Suggest.didYouMean(String.valueOf(got), names)));
    }
}
