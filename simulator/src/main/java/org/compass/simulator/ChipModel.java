package org.compass.simulator;

import org.compass.model.hardware.Hardware;

/**
 * The parts of the chip the simulator models beyond {@link Hardware}: on-chip buffers, the interconnect
 * and the vector units. None of these is in the cost model; the defaults are chosen so they are not the
 * bottleneck of the presets (docs/simulator.md), and a test can shrink them to provoke violations.
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
     * Defaults: 8 MiB buffer per core, 64 GB/s links with 10 ns latency, a 64-lane vector unit at 1 GHz,
     * 4 staging slots for weights, and a lossless ADC for the chip's crossbar height and cell bits.
     */
    public static ChipModel defaults(Hardware hw) {
        return new ChipModel(8L << 20, 64e9, 10e-9, 64e9, 4, losslessAdcBits(hw));
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
