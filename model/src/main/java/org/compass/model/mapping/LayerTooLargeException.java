package org.compass.model.mapping;

/** A layer whose single column tile needs more crossbars than the whole chip has. */
public class LayerTooLargeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String layer;
    private final int needed;
    private final int available;

    public LayerTooLargeException(String layer, int needed, int available) {
        super("layer '" + layer + "' needs " + needed + " crossbars for one column tile but the chip has "
                + available + " (short by " + (needed - available) + "); maybe choose a larger chip");
        this.layer = layer;
        this.needed = needed;
        this.available = available;
    }

    /** The same failure with the file that asked for it named first. */
    public LayerTooLargeException(String file, LayerTooLargeException cause) {
        super(file + ": " + cause.getMessage(), cause);
        this.layer = cause.layer;
        this.needed = cause.needed;
        this.available = cause.available;
    }

    private LayerTooLargeException(String message, Throwable cause) {
        super(message, cause);
        this.layer = null;
        this.needed = 0;
        this.available = 0;
    }

    /** The layer that does not fit. */
    public String layer() {
        return layer;
    }

    /** Crossbars its smallest slice needs. */
    public int needed() {
        return needed;
    }

    /** Crossbars on the chip. */
    public int available() {
        return available;
    }
}
