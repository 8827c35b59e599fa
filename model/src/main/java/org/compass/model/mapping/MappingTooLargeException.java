package org.compass.model.mapping;

import org.compass.model.InputException;

/**
 * A network whose mapping onto the chip is too large to count or to solve in memory: more units than
 * {@link org.compass.model.network.SizeLimits#UNITS}, or a layer whose crossbar count does not fit an int.
 * Bad input rather than infeasibility: the message says what to change.
 */
public class MappingTooLargeException extends InputException {
    private static final long serialVersionUID = 1L;

    /** A failure described by {@code message}. */
    public MappingTooLargeException(String message) {
        super(message);
    }

    /** The same failure with the file that asked for it named first. */
    public MappingTooLargeException(String file, MappingTooLargeException cause) {
        super(file + ": " + cause.getMessage(), cause);
    }
}
