package org.compass.formulations;

import java.util.List;
import java.util.SplittableRandom;
import org.compass.model.hardware.Hardware;
import org.compass.model.network.Activation;
import org.compass.model.network.Network;
import org.compass.model.network.NetworkBuilder;
import org.compass.model.network.Shape;
import org.compass.model.problem.Objective;
import org.compass.model.problem.PipelineMode;
import org.compass.model.problem.Problem;
import org.compass.model.problem.ReplicationSet;

/** Small random convolutional DAGs (chains with residual adds and concats) on a chip they overflow. */
public final class RandomProblems {

    private RandomProblems() {
    }

    /**
     * A random network of about {@code layers} weighted layers: convolutions of 8 to 64 channels with 1x1 or
     * 3x3 kernels over a 16x16 input, a residual add after some pairs, a two-branch concat here and there.
     */
    public static Network network(SplittableRandom random, int layers) {
        NetworkBuilder b = new NetworkBuilder("random");
        int x = b.input("input", new Shape(3, 16, 16));
        int made = 0;
        while (made < layers) {
            int kind = random.nextInt(6);
            int channels = 8 * (1 + random.nextInt(8));
            if (kind == 0 && made + 2 <= layers) {
                int c = b.shape(x).channels();
                int a = b.conv("c" + made, x, channels, 3, 1, 1, Activation.RELU);
                int y = b.conv("c" + (made + 1), a, c, 1, 1, 0, Activation.NONE);
                x = b.add("add" + made, List.of(x, y), Activation.RELU);
                made += 2;
            } else if (kind == 1 && made + 2 <= layers) {
                int l = b.conv("c" + made, x, channels, 1, 1, 0, Activation.RELU);
                int r = b.conv("c" + (made + 1), x, channels, 3, 1, 1, Activation.RELU);
                x = b.concat("cat" + made, List.of(l, r));
                made += 2;
            } else {
                int k = random.nextBoolean() ? 1 : 3;
                x = b.conv("c" + made, x, channels, k, 1, k / 2, Activation.RELU);
                made++;
            }
        }
        int gap = b.globalAvgPool("gap", x);
        b.fc("fc", b.flatten("flat", gap), 10, true, Activation.NONE);
        return b.build();
    }

    /** A chip of {@code crossbars} 256x256 crossbars (one core), otherwise like compass-s. */
    public static Hardware chip(int crossbars) {
        Hardware h = org.compass.model.hardware.HardwarePresets.compass("tiny", 1);
        return new Hardware("tiny" + crossbars, h.crossbarRows(), h.crossbarCols(), h.cellBits(), h.weightBits(),
                h.activationBits(), 1, crossbars, h.writePortsPerCore(), h.mvmSeconds(), h.rowWriteSeconds(),
                h.dramBytesPerSecond(), h.rowWriteJoules(), h.dramJoulesPerByte(), h.mvmJoulesPerCrossbarStep(),
                h.staticWatts());
    }

    /** A random problem on a chip of 5 to 10 crossbars with the given replication factors. */
    public static Problem problem(SplittableRandom random, int layers, Objective objective, int batch,
                                  ReplicationSet replication) {
        Network net = network(random, layers);
        int crossbars = 5 + random.nextInt(6);
        PipelineMode mode = random.nextBoolean() ? PipelineMode.ROW : PipelineMode.IMAGE;
        return Problem.of(net, chip(crossbars), batch, objective, mode, replication);
    }
}
