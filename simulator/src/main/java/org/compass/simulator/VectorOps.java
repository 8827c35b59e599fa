package org.compass.simulator;

import java.util.List;
import org.compass.model.network.Activation;
import org.compass.model.network.Node;
import org.compass.model.network.Shape;
import org.compass.model.network.Window;

/**
 * Integer semantics of the vector-unit operations (channel-major C x H x W layout). Shared by the functional
 * simulator and the reference, like a vector unit's microcode.
 */
public final class VectorOps {

    private VectorOps() {
    }

    /** The output of an unweighted node from its inputs (in the node's operand order). */
    public static int[] apply(Node node, List<int[]> in, int activationBits) {
        Shape o = node.output();
        int max = (1 << activationBits) - 1;
        return switch (node.kind()) {
            case MAX_POOL, AVG_POOL -> pool(node, in.get(0));
            case GLOBAL_AVG_POOL -> {
                Shape s = node.inputShapes().get(0);
                int hw = s.height() * s.width();
                int[] out = new int[s.channels()];
                for (int c = 0; c < s.channels(); c++) {
                    long sum = 0;
                    for (int i = 0; i < hw; i++) {
                        sum += in.get(0)[c * hw + i];
                    }
                    out[c] = (int) (sum / hw);
                }
                yield out;
            }
            case ADD -> {
                int[] out = new int[Math.toIntExact(o.elements())];
                for (int[] x : in) {
                    for (int i = 0; i < out.length; i++) {
                        out[i] += x[i];
                    }
                }
                for (int i = 0; i < out.length; i++) {
                    out[i] = Math.min(max, activate(out[i], node.activation()));
                }
                yield out;
            }
            case CONCAT -> {
                int[] out = new int[Math.toIntExact(o.elements())];
                int at = 0;
                for (int[] x : in) {
                    System.arraycopy(x, 0, out, at, x.length);
                    at += x.length;
                }
                yield out;
            }
            case ACTIVATION -> {
                int[] out = in.get(0).clone();
                for (int i = 0; i < out.length; i++) {
                    out[i] = activate(out[i], node.activation());
                }
                yield out;
            }
            case FLATTEN, RESHAPE -> in.get(0).clone();
            default -> throw new IllegalArgumentException("functional mode has no integer semantics for "
                    + node.kind().label() + " ('" + node.name() + "')");
        };
    }

    private static int activate(int v, Activation a) {
        return a == Activation.RELU || a == Activation.RELU6 ? Math.max(0, v) : v;
    }

    private static int[] pool(Node node, int[] x) {
        Shape s = node.inputShapes().get(0);
        Shape o = node.output();
        Window w = node.window();
        boolean isMax = node.kind() == org.compass.model.network.LayerKind.MAX_POOL;
        int[] out = new int[Math.toIntExact(o.elements())];
        for (int c = 0; c < o.channels(); c++) {
            for (int oy = 0; oy < o.height(); oy++) {
                for (int ox = 0; ox < o.width(); ox++) {
                    long acc = isMax ? Long.MIN_VALUE : 0;
                    for (int ky = 0; ky < w.kernelH(); ky++) {
                        for (int kx = 0; kx < w.kernelW(); kx++) {
                            int iy = oy * w.strideH() - w.padH() + ky * w.dilationH();
                            int ix = ox * w.strideW() - w.padW() + kx * w.dilationW();
                            if (iy < 0 || ix < 0 || iy >= s.height() || ix >= s.width()) {
                                continue; // padding: ignored by max, counts as zero for average
                            }
                            int v = x[(c * s.height() + iy) * s.width() + ix];
                            acc = isMax ? Math.max(acc, v) : acc + v;
                        }
                    }
                    out[(c * o.height() + oy) * o.width() + ox] = (int) (isMax
                            ? acc : acc / ((long) w.kernelH() * w.kernelW()));
                }
            }
        }
        return out;
    }
}
