package org.compass.formulations;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.compass.model.hardware.Hardware;
import org.compass.model.network.Activation;
import org.compass.model.network.Network;
import org.compass.model.network.NetworkBuilder;
import org.compass.model.network.Shape;
import org.compass.model.network.Window;
import org.compass.model.problem.Objective;
import org.compass.model.problem.PipelineMode;
import org.compass.model.problem.Problem;
import org.compass.model.problem.ReplicationSet;

/** Seeded random small CNNs (chains, residual blocks, branch-and-concat blocks) on a small chip. */
public final class RandomNetworks {

    /** 16x16 crossbars, 1-bit cells, 4-bit weights (4 weights per row), 2 cores x 4 crossbars = 8 crossbars. */
    public static final Hardware SMALL_CHIP = new Hardware("small", 16, 16, 1, 4, 4, 2, 4, 1,
            100e-9, 10e-9, 1e9, 5e-12, 44e-12, 1e-11, 0.01);

    private RandomNetworks() {
    }

    /** A network of roughly {@code blocks} blocks, each a conv, a residual block or a fire-like branch pair. */
    public static Network network(long seed, int blocks) {
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
    public static Problem problem(long seed, int blocks, int batch, Objective objective, PipelineMode mode,
                                  ReplicationSet replication) {
        return Problem.of(network(seed, blocks), SMALL_CHIP, batch, objective, mode, replication);
    }

    /** Problems for seeds 0..count-1 with a mix of sizes, batches, objectives and pipeline modes. */
    public static List<Problem> mix(int count, int maxBlocks, ReplicationSet replication) {
        List<Problem> out = new ArrayList<>();
        Objective[] objectives = {Objective.THROUGHPUT, Objective.LATENCY, Objective.ENERGY, Objective.EDP};
        for (int s = 0; s < count; s++) {
            Random r = new Random(1000 + s);
            out.add(problem(s, 2 + r.nextInt(maxBlocks - 1), 1 + r.nextInt(16), objectives[s % objectives.length],
                    s % 3 == 2 ? PipelineMode.IMAGE : PipelineMode.ROW, replication));
        }
        return out;
    }
}
