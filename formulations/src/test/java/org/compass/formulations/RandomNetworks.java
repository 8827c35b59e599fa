package org.compass.formulations;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.compass.model.hardware.Hardware;
import org.compass.model.hardware.HardwarePresets;
import org.compass.model.mapping.MappedGraph;
import org.compass.model.network.Activation;
import org.compass.model.network.Network;
import org.compass.model.network.NetworkBuilder;
import org.compass.model.network.Shape;
import org.compass.model.network.Window;
import org.compass.model.problem.Objective;
import org.compass.model.problem.PipelineMode;
import org.compass.model.problem.Problem;
import org.compass.model.problem.ReplicationSet;

/**
 * Seeded random networks for tests, built block by block (a convolution of stride 1 or 2, a residual block,
 * a branch-and-concat block or a max pool) and closed by a global pool and a classifier, on chips they overflow.
 *
 * <p>Two sizes: {@link #network} has layers of 16 to 128 channels for {@link #tinyChip()}; {@link
 * #bruteForceProblem} has layers of 2 to 8 channels on {@link #smallChip()}, whose 16x16 crossbars make even
 * such layers need several, so that a network of a few units still needs several partitions.
 */
public final class RandomNetworks {

    /** Replication factors of brute-force problems: three choices per unit keep enumeration small. */
    public static final ReplicationSet BRUTE_FORCE_REPLICATION = new ReplicationSet(List.of(1, 2, 4));

    private static final Sizes TINY = new Sizes("random", new int[] {16, 32, 64}, new int[] {8},
            new int[] {16, 32, 64, 96, 128}, new int[] {16, 32, 64, 96, 128});

    // Branches stay narrow so that a 3x3 convolution after a concat still fits the 8 crossbars of the small chip.
    private static final Sizes SMALL = new Sizes("small", new int[] {2, 3, 4}, new int[] {8, 12, 16},
            new int[] {2, 3, 4, 5, 6, 7, 8}, new int[] {2, 3, 4});

    private RandomNetworks() {
    }

    /**
     * A chain of {@code layers} fully connected 64x64 layers on compass-m, batch 16: one crossbar each, so
     * that its dag space is large (3,000 layers: 3,001 states and 735,360 partitions, 18 s to build).
     */
    public static Problem chain(int layers, Objective objective) {
        NetworkBuilder b = new NetworkBuilder("chain");
        int previous = b.input("input", new Shape(64, 1, 1));
        for (int i = 0; i < layers; i++) {
            previous = b.fc("f" + i, previous, 64, false, Activation.NONE);
        }
        return Problem.of(b.build(), HardwarePresets.byName("compass-m").orElseThrow(), 16, objective,
                PipelineMode.ROW, ReplicationSet.DEFAULT);
    }

    /**
     * A one-layer Llama-style decoder (hidden 8, 2 heads of 4 features sharing one key/value head, SwiGLU MLP of 8,
     * vocabulary 8: 8 linear layers of 2 crossbars each, 19 units) in the given phase on the small chip (8 crossbars), batch 4
     * sequences, replication {1, 2, 4}.
     */
    public static Problem decoder(org.compass.model.problem.InferencePhase phase, Objective objective) {
        org.compass.model.zoo.DecoderConfig c = new org.compass.model.zoo.DecoderConfig("tiny_decoder",
                org.compass.model.zoo.DecoderConfig.Style.LLAMA, 1, 8, 2, 1, 4, 8, 8, 64, 0, false, 0, "test");
        Network n = phase.kind() == org.compass.model.problem.InferencePhase.Kind.DECODE
                ? org.compass.model.zoo.Decoders.decode(c, phase.tokens())
                : org.compass.model.zoo.Decoders.prefill(c, phase.tokens());
        return Problem.of(n, smallChip(), 4, objective, PipelineMode.ROW, new ReplicationSet(java.util.List.of(1, 2, 4)))
                .withPhase(phase, n);
    }

    /** Channel and map sizes a network draws its layers from. */
    private record Sizes(String name, int[] inputChannels, int[] mapSizes, int[] channels, int[] branchChannels) {
    }

    /** A one-core chip (16 crossbars of 256x256): small layers already need several partitions. */
    public static Hardware tinyChip() {
        return HardwarePresets.compass("tiny", 1);
    }

    /** 16x16 crossbars, 1-bit cells, 4-bit weights (4 weights per row), 2 cores x 4 crossbars = 8 crossbars. */
    public static Hardware smallChip() {
        return new Hardware("small", 16, 16, 1, 4, 4, 2, 4, 1,
                100e-9, 10e-9, 1e9, 5e-12, 44e-12, 1e-11, 0.01);
    }

    /** Mixed blocks of 16 to 128 channels on 8x8 maps until the network has at least minUnits units. */
    public static Network network(long seed, int minUnits) {
        return build(seed, minUnits, Integer.MAX_VALUE, TINY, false);
    }

    /** A chain of convolutions (1x1 or 3x3, stride 1 or 2, 16 to 128 channels), a global pool and a classifier. */
    public static Network chain(long seed, int minUnits) {
        return build(seed, minUnits, Integer.MAX_VALUE, TINY, true);
    }

    /** The network on the tiny chip at batch 16, row pipeline, default replication factors. */
    public static Problem problem(Network network, Objective objective) {
        return Problem.of(network, tinyChip(), 16, objective, PipelineMode.ROW, ReplicationSet.DEFAULT);
    }

    /** {@link #network} on the tiny chip at batch 16, row pipeline, default replication factors. */
    public static Problem problem(long seed, int minUnits, Objective objective) {
        return problem(network(seed, minUnits), objective);
    }

    /**
     * A problem of at most maxUnits units (usually exactly maxUnits) on the small chip with {@link
     * #BRUTE_FORCE_REPLICATION}: mixed blocks of 2 to 8 channels on 8x8 to 16x16 maps, at a batch of 1 to 17
     * and in a pipeline mode that both vary with the seed.
     */
    public static Problem bruteForceProblem(long seed, int maxUnits, Objective objective) {
        Hardware chip = smallChip();
        int batch = 1 + (int) Math.floorMod(seed, 5L) * 4;
        PipelineMode mode = seed % 2 == 0 ? PipelineMode.IMAGE : PipelineMode.ROW;
        // Layers split into column slices on the small chip can pass the bound; then aim lower.
        for (int units = maxUnits; units >= 3; units--) {
            Network net = build(seed, units, units, SMALL, false);
            if (MappedGraph.build(net, chip).size() <= maxUnits) {
                return Problem.of(net, chip, batch, objective, mode, BRUTE_FORCE_REPLICATION);
            }
        }
        throw new IllegalArgumentException("no network of seed " + seed + " has at most " + maxUnits + " units");
    }

    /**
     * A chain of 3 to 6 convolutions (1x1 or 3x3) and fully connected layers of 2 to 16 channels on 1x1 to 4x4 maps,
     * whose tiles differ in rows, on {@link #twelveCrossbars}: the resident choices of cost model v2, where the
     * program phase depends on the streamed tiles' averages and replication shortens the fill
     * ({@code ResidentBruteForceV2Test}; the solver module's {@code ResidentFrontTest} draws the same networks).
     */
    public static Network residentChain(long seed) {
        Random rnd = new Random(seed);
        NetworkBuilder b = new NetworkBuilder("resident" + seed);
        int[] maps = {1, 2, 4};
        int[] channels = {2, 3, 5, 8, 12, 16};
        int x = b.input("input", new Shape(channels[rnd.nextInt(channels.length)], maps[rnd.nextInt(3)],
                maps[rnd.nextInt(3)]));
        int layers = 3 + rnd.nextInt(4);
        for (int k = 0; k < layers; k++) {
            int out = channels[rnd.nextInt(channels.length)];
            Shape in = b.shape(x);
            // at most 8 row tiles a layer, so that every layer fits the chip
            if ((k == layers - 1 || rnd.nextInt(4) == 0) && in.channels() * in.height() * in.width() <= 128) {
                x = b.fc("fc" + k, x, out, false, Activation.NONE);
            } else {
                boolean wide = rnd.nextBoolean() && in.channels() <= 8;
                x = b.conv("conv" + k, x, out, wide ? 3 : 1, 1, wide ? 1 : 0, Activation.RELU);
            }
        }
        return b.build();
    }

    /** 16x16 crossbars, 4-bit weights on 1-bit cells, 2 cores x 6 crossbars = 12, writes of 50 ns a row. */
    public static Hardware twelveCrossbars() {
        return new Hardware("twelve", 16, 16, 1, 4, 4, 2, 6, 1, 100e-9, 50e-9, 1e9, 5e-12, 44e-12, 1e-11, 0.01);
    }

    /** Blocks until the network has at least minUnits units; a block that would pass maxUnits becomes a conv. */
    private static Network build(long seed, int minUnits, int maxUnits, Sizes sizes, boolean chain) {
        Random rnd = new Random(seed);
        NetworkBuilder b = new NetworkBuilder((chain ? "chain" : sizes.name()) + seed);
        int size = pick(rnd, sizes.mapSizes());
        int x = b.input("input", new Shape(pick(rnd, sizes.inputChannels()), size, size));
        // The global pool and the classifier are two more units.
        int units = 2;
        for (int block = 0; block == 0 || units < minUnits; block++) {
            String p = "b" + block + ".";
            int room = maxUnits - units;
            int kind = chain ? 0 : rnd.nextInt(4);
            if (kind == 1 && room >= 3) {
                int c1 = conv(b, rnd, p + "c1", x, pick(rnd, sizes.channels()));
                int c2 = b.conv(p + "c2", c1, b.shape(x).channels(), 3, 1, 1, Activation.NONE);
                x = b.add(p + "add", List.of(c2, x), Activation.RELU);
                units += 3;
            } else if (kind == 2 && room >= 3) {
                // With a 1x1 squeeze in front, the block is a SqueezeNet fire module.
                int in = x;
                if (rnd.nextBoolean() && room >= 4) {
                    in = b.conv(p + "squeeze", x, pick(rnd, sizes.branchChannels()), 1, 1, 0, Activation.RELU);
                    units++;
                }
                int branches = Math.min(2 + rnd.nextInt(2), maxUnits - units - 1);
                List<Integer> outs = new ArrayList<>();
                for (int i = 0; i < branches; i++) {
                    int y = conv(b, rnd, p + "br" + i, in, pick(rnd, sizes.branchChannels()));
                    units++;
                    // a second conv only where the other branches and the concat still fit
                    if (rnd.nextBoolean() && maxUnits - units - (branches - i - 1) - 1 >= 1) {
                        y = conv(b, rnd, p + "br" + i + "b", y, pick(rnd, sizes.branchChannels()));
                        units++;
                    }
                    outs.add(y);
                }
                x = b.concat(p + "cat", outs);
                units++;
            } else if (kind == 3 && b.shape(x).height() >= 4) {
                x = b.maxPool(p + "pool", x, Window.square(2, 2, 0));
                units++;
            } else {
                boolean three = rnd.nextBoolean();
                int stride = b.shape(x).height() >= 8 && rnd.nextInt(4) == 0 ? 2 : 1;
                x = b.conv(p + "conv", x, pick(rnd, sizes.channels()), three ? 3 : 1, stride, three ? 1 : 0,
                        Activation.RELU);
                units++;
            }
        }
        int gap = b.globalAvgPool("gap", x);
        b.fc("fc", gap, 2 + rnd.nextInt(9), true, Activation.NONE);
        return b.build();
    }

    private static int conv(NetworkBuilder b, Random rnd, String name, int from, int channels) {
        boolean three = rnd.nextBoolean();
        return b.conv(name, from, channels, three ? 3 : 1, 1, three ? 1 : 0, Activation.RELU);
    }

    private static int pick(Random rnd, int[] values) {
        return values[rnd.nextInt(values.length)];
    }
}
