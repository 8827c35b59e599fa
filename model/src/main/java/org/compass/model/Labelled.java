package org.compass.model;

/**
 * A value named in files and on the command line by a short label ({@code throughput}, {@code dag}, {@code v2});
 * {@link #byLabel} looks one up the same way for every such enum.
 */
public interface Labelled {

    /** The name used in files, on the command line and in JSON. */
    String label();

    /** The constant of {@code type} whose label (or enum name) is {@code text}, case-insensitively; null if none. */
    static <E extends Enum<E> & Labelled> E byLabel(Class<E> type, String text) {
        for (E e : type.getEnumConstants()) {
            if (e.label().equalsIgnoreCase(text) || e.name().equalsIgnoreCase(text)) {
                return e;
            }
        }
        return null;
    }
}
