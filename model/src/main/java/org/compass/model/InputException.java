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

    /** "file: field 'f': expected e, got g". */
    public static InputException field(String file, String field, String expected, Object got) {
        return new InputException(file + ": field '" + field + "': expected " + expected
                + (got == null ? "" : ", got '" + got + "'"));
    }
}
