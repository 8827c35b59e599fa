package org.compass.formulations;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.compass.model.hardware.Hardware;
import org.compass.model.hardware.HardwarePresets;
import org.compass.model.network.Activation;
import org.compass.model.network.Network;
import org.compass.model.network.NetworkBuilder;
import org.compass.model.network.Shape;
import org.compass.model.network.Window;
import org.compass.model.problem.Objective;
import org.compass.model.problem.PipelineMode;
import org.compass.model.problem.Problem;
import org.compass.model.problem.ReplicationSet;

/** Seeded random networks for tests: chains, residual blocks and branch-and-concat blocks of small layers. */
public final class RandomNetworks {

    private static final int[] CHANNELS = {16, 32, 64, 96, 128};

    private RandomNetworks() {
    }

    /** A one-core chip (16 crossbars): small layers already need several partitions. */
    public static Hardware tinyChip() {
        return HardwarePresets.compass("tiny", 1);
    }

    /** A network of blocks until it has at least minUnits units (conv, add and concat nodes). */
    public static Network network(long seed, int minUnits) {
        Random rnd = new Random(seed);
        NetworkBuilder b = new NetworkBuilder("random" + seed);
        int x = b.input("input", new Shape(CHANNELS[rnd.nextInt(3)], 8, 8));
        int units = 0;
        int block = 0;
        while (units < minUnits) {
            String p = "b" + block++ + ".";
            int kind = rnd.nextInt(3);
            if (kind == 0) {
                x = conv(b, rnd, p + "conv", x);
                units += 1;
            } else if (kind == 1) {
                int ch = b.shape(x).channels();
                int c1 = conv(b, rnd, p + "c1", x);
                int c2 = b.conv(p + "c2", c1, ch, rnd.nextBoolean() ? 3 : 1, 1, rnd.nextBoolean() ? 1 : 0,
                        Activation.NONE);
                if (b.shape(c2).height() != 8) {
                    c2 = b.conv(p + "c2b", c1, ch, 3, 1, 1, Activation.NONE);
                    units += 1;
                }
                x = b.add(p + "add", List.of(c2, x), Activation.RELU);
                units += 3;
            } else {
                int branches = 2 + rnd.nextInt(2);
                List<Integer> outs = new ArrayList<>();
                for (int i = 0; i < branches; i++) {
                    int y = conv(b, rnd, p + "br" + i, x);
                    units++;
                    if (rnd.nextBoolean()) {
                        y = conv(b, rnd, p + "br" + i + "b", y);
                        units++;
                    }
                    outs.add(y);
                }
                x = b.concat(p + "cat", outs);
                units++;
            }
        }
        int gap = b.globalAvgPool("gap", x);
        b.fc("fc", gap, 10, true, Activation.NONE);
        return b.build();
    }

    private static int conv(NetworkBuilder b, Random rnd, String name, int from) {
        int ch = CHANNELS[rnd.nextInt(CHANNELS.length)];
        boolean three = rnd.nextBoolean();
        return b.conv(name, from, ch, three ? 3 : 1, 1, three ? 1 : 0, Activation.RELU);
    }

    /** A problem on the tiny chip at batch 16. */
    public static Problem problem(long seed, int minUnits, Objective objective) {
        return Problem.of(network(seed, minUnits), tinyChip(), 16, objective, PipelineMode.ROW, ReplicationSet.DEFAULT);
    }

    /** A problem on the tiny chip with replication factors {1, 2, 4} (small enough to brute-force). */
    public static Problem smallProblem(long seed, int minUnits, Objective objective) {
        return Problem.of(network(seed, minUnits), tinyChip(), 16, objective, PipelineMode.ROW,
                new ReplicationSet(List.of(1, 2, 4)));
    }

    // Networks built block by block on an 8-crossbar chip with 16x16 crossbars (used by the brute-force DP tests).

    /** 16x16 crossbars, 1-bit cells, 4-bit weights (4 weights per row), 2 cores x 4 crossbars = 8 crossbars. */
    public static final Hardware SMALL_CHIP = new Hardware("small", 16, 16, 1, 4, 4, 2, 4, 1,
            100e-9, 10e-9, 1e9, 5e-12, 44e-12, 1e-11, 0.01);

    
    /** A network of roughly {@code blocks} blocks, each a conv, a residual block or a fire-like branch pair. */
    public static Network blockNetwork(long seed, int blocks) {
        Random rnd = new Random(seed);
        NetworkBuilder b = new NetworkBuilder("random" + seed);
        int size = 8 + rnd.nextInt(3) * 4;
        int x = b.input("input", new Shape(2 + rnd.nextInt(3), size, size));
        for (int i = 0; i < blocks; i++) {
            int ch = 2 + rnd.nextInt(7);
            int kind = rnd.nextInt(4);
            if (kind == 0 || i == 0) {
                int stride = rnd.nextInt(4) == 0 && b.shape(x).height() >= 8 ? 2 : 1;
                int k = 1 + 2 * rnd.nextInt(2);
                x = b.conv("c" + i, x, ch, Window.square(k, stride, k / 2), 1, false, Activation.RELU);
            } else if (kind == 1) {
                int c1 = b.conv("r" + i + "a", x, ch, Window.square(3, 1, 1), 1, false, Activation.RELU);
                int c2 = b.conv("r" + i + "b", c1, b.shape(x).channels(), Window.square(3, 1, 1), 1, false, Activation.NONE);
                x = b.add("r" + i + "add", List.of(c2, x), Activation.RELU);
            } else if (kind == 2) {
                int s = b.conv("f" + i + "s", x, ch, Window.square(1, 1, 0), 1, false, Activation.RELU);
                int e1 = b.conv("f" + i + "e1", s, 2 + rnd.nextInt(5), Window.square(1, 1, 0), 1, false, Activation.RELU);
                int e3 = b.conv("f" + i + "e3", s, 2 + rnd.nextInt(5), Window.square(3, 1, 1), 1, false, Activation.RELU);
                x = b.concat("f" + i + "cat", List.of(e1, e3));
            } else if (b.shape(x).height() >= 4) {
                x = b.maxPool("p" + i, x, Window.square(2, 2, 0));
            } else {
                x = b.conv("c" + i, x, ch, Window.square(1, 1, 0), 1, false, Activation.RELU);
            }
        }
        int gap = b.globalAvgPool("gap", x);
        b.fc("fc", gap, 2 + rnd.nextInt(10), true, Activation.NONE);
        return b.build();
    }

    /** A problem on {@link #SMALL_CHIP}. */
    public static Problem blockProblem(long seed, int blocks, int batch, Objective objective, PipelineMode mode,
                                  ReplicationSet replication) {
        return Problem.of(blockNetwork(seed, blocks), SMALL_CHIP, batch, objective, mode, replication);
    }
}
