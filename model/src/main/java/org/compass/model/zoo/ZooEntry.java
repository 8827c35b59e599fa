package org.compass.model.zoo;

/**
 * One built-in network, as {@code compass-solve list networks} prints it.
 *
 * @param name         the name {@link Zoo#build(String, int)} takes
 * @param description  the architecture in a few words, with its source
 * @param parameter    what the integer argument of {@code build} means: "input size" (square images) or
 *                     "sequence length" (tokens)
 * @param defaultValue the value the published figures refer to (224 pixels, 128 tokens)
 * @param decoder      whether it is a decoder-only language model ({@link Decoders}): built for a phase of
 *                     inference (prefill or decode), its parameter the prompt tokens of a prefill
 */
public record ZooEntry(String name, String description, String parameter, int defaultValue, boolean decoder) {

    /** An image network or encoder. */
    public ZooEntry(String name, String description, String parameter, int defaultValue) {
        this(name, description, parameter, defaultValue, false);
    }
}
