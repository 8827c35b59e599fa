package org.compass.simulator;

import java.util.SplittableRandom;
import org.compass.model.hardware.Hardware;
import org.compass.model.network.Activation;
import org.compass.model.network.Node;

/**
 * The integer conventions shared by the functional simulator and the reference: seeded weights and inputs,
 * and the digital requantization after a layer (an arithmetic shift, then clamping to the unsigned
 * activation range). Only the analog part (bit-sliced crossbars, serial input bits, ADC) differs between
 * the two, so any difference in outputs comes from the crossbars, the placement or the program.
 */
public final class Quantization {

    private Quantization() {
    }

    /** Signed weights of a weighted node in [-2^(b_w-1), 2^(b_w-1)-1], row-major K x M (rows group-major). */
    public static int[] weights(Node node, Hardware hw, long seed) {
        long k = node.weightRows() * node.groups();
        long m = node.weightCols();
        int[] w = new int[Math.toIntExact(k * m)];
        SplittableRandom rnd = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + node.id());
        int half = 1 << (hw.weightBits() - 1);
        for (int i = 0; i < w.length; i++) {
            w[i] = rnd.nextInt(2 * half) - half;
        }
        return w;
    }

    /** Unsigned activations of a network input for input sample b, in [0, 2^b_a). */
    public static int[] input(Node node, Hardware hw, long seed, int b) {
        int[] x = new int[Math.toIntExact(node.output().elements())];
        SplittableRandom rnd = new SplittableRandom(seed * 31 + 1_000_003L * (b + 1) + node.id());
        for (int i = 0; i < x.length; i++) {
            x[i] = rnd.nextInt(1 << hw.activationBits());
        }
        return x;
    }

    /** The right shift after a weighted node, from its fan-in: keeps outputs spread over the activation range. */
    public static int shift(Node node, Hardware hw) {
        int fanIn = 64 - Long.numberOfLeadingZeros(Math.max(1, node.weightRows()));
        return Math.max(0, (fanIn + hw.weightBits() + hw.activationBits()) / 2 - 3);
    }

    /** Activation, shift and clamp of one accumulator. */
    public static int requantize(long acc, Activation act, int shift, int activationBits) {
        long v = acc;
        if (act == Activation.RELU || act == Activation.RELU6) {
            v = Math.max(0, v);
        }
        v >>= shift;
        return (int) Math.max(0, Math.min((1L << activationBits) - 1, v));
    }
}
