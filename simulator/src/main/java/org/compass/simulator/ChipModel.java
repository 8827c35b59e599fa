package org.compass.simulator;

import org.compass.model.hardware.Hardware;

/**
 * The chip as the simulator runs it: the interconnect and the vector units (taken from {@link Hardware} by
 * {@link #defaults}) and the parts that only the simulator has: on-chip buffers, weight staging slots and
 * the ADC resolution of the functional mode. A test can shrink them to provoke violations.
 *
 * @param bufferBytesPerCore     activation and weight staging buffer of each core
 * @param linkBytesPerSecond     bandwidth of each core's outgoing interconnect link
 * @param linkLatencySeconds     latency of one message
 * @param vectorElementsPerSecond elements per second of each core's vector unit
 * @param weightLookahead        tiles a core may load ahead of its writes (staging slots)
 * @param adcBits                ADC resolution for the functional mode (bits per column read)
 */
public record ChipModel(long bufferBytesPerCore, double linkBytesPerSecond, double linkLatencySeconds,
                        double vectorElementsPerSecond, int weightLookahead, int adcBits) {

    public ChipModel {
        if (bufferBytesPerCore <= 0 || linkBytesPerSecond <= 0 || vectorElementsPerSecond <= 0 || weightLookahead <= 0
                || adcBits <= 0 || linkLatencySeconds < 0) {
            throw new IllegalArgumentException("chip model parameters must be positive");
        }
    }

    /**
     * Defaults: the chip's links and vector units ({@link Hardware#linkBytesPerSecond},
     * {@link Hardware#linkLatencySeconds}, {@link Hardware#vectorBytesPerSecond} in elements of
     * {@code activationBits}), 8 MiB buffer per core, 4 staging slots for weights, and a lossless ADC for the
     * chip's crossbar height and cell bits.
     */
    public static ChipModel defaults(Hardware hw) {
        return new ChipModel(8L << 20, hw.linkBytesPerSecond(), hw.linkLatencySeconds(),
                hw.vectorBytesPerSecond() * 8 / hw.activationBits(), 4, losslessAdcBits(hw));
    }

    /** Bits an ADC needs to read a column sum exactly: bitlength of R * (2^cellBits - 1). */
    public static int losslessAdcBits(Hardware hw) {
        long max = (long) hw.crossbarRows() * ((1L << hw.cellBits()) - 1);
        return 64 - Long.numberOfLeadingZeros(max);
    }

    /** The same model with another buffer size. */
    public ChipModel withBuffer(long bytes) {
        return new ChipModel(bytes, linkBytesPerSecond, linkLatencySeconds, vectorElementsPerSecond, weightLookahead, adcBits);
    }

    /** The same model with another ADC resolution. */
    public ChipModel withAdcBits(int bits) {
        return new ChipModel(bufferBytesPerCore, linkBytesPerSecond, linkLatencySeconds, vectorElementsPerSecond,
                weightLookahead, bits);
    }
}
