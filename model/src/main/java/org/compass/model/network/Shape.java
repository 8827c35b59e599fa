package org.compass.model.network;

/**
 * The shape of one activation tensor for a single input: channels x height x width.
 *
 * <p>Sequences (transformers) use {@code channels} for the feature width and {@code height}
 * for the number of tokens, with {@code width = 1}.
 */
public record Shape(int channels, int height, int width) {

    public Shape {
        if (channels <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException("shape dimensions must be positive, got " + channels + "x" + height + "x" + width);
        }
    }

    /** Number of elements of the tensor. */
    public long elements() {
        return (long) channels * height * width;
    }

    /** Spatial positions (or tokens) of the tensor. */
    public long positions() {
        return (long) height * width;
    }

    @Override
    public String toString() {
        return channels + "x" + height + "x" + width;
    }
}
