package org.compass.model.network;

/**
 * The shape of one activation tensor for a single input: channels x height x width.
 *
 * <p>Sequences (transformers) use {@code channels} for the feature width and {@code height}
 * for the number of tokens, with {@code width = 1}.
 *
 * <p>A shape has at most {@link SizeLimits#TENSOR_ELEMENTS} elements; larger ones are refused with an
 * {@link IllegalArgumentException} that names the shape.
 */
public record Shape(int channels, int height, int width) {

    public Shape {
        if (channels <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException("shape dimensions must be positive, got " + channels + "x" + height + "x" + width);
        }
        long plane = SizeLimits.product(height, width);
        long all = plane < 0 ? -1 : SizeLimits.product(plane, channels);
        if (all < 0 || all > SizeLimits.TENSOR_ELEMENTS) {
            throw new IllegalArgumentException("a tensor of " + channels + "x" + height + "x" + width + " has "
                    + (all < 0 ? "more than 2^63" : String.format("%,d", all)) + " elements; at most "
                    + SizeLimits.describe(SizeLimits.TENSOR_ELEMENTS) + " are supported");
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
