package org.compass.simulator;

import java.util.ArrayList;
import java.util.List;
import org.compass.model.hardware.Hardware;
import org.compass.model.network.LayerKind;
import org.compass.model.network.Network;
import org.compass.model.network.Node;
import org.compass.model.network.Shape;
import org.compass.model.network.Window;

/**
 * A plain integer evaluation of a network, node by node, with direct convolution loops (stride, padding,
 * dilation, groups) and matrix products: the ground truth for the functional mode.
 */
public final class ReferenceNetwork {

    private ReferenceNetwork() {
    }

    /** Every node's output for input sample b (index = node id). */
    public static List<int[]> run(Network net, Hardware hw, long seed, int b) {
        List<int[]> out = new ArrayList<>();
        for (Node n : net.nodes()) {
            List<int[]> in = new ArrayList<>();
            for (int i : n.inputs()) {
                in.add(out.get(i));
            }
            if (n.kind() == LayerKind.INPUT) {
                out.add(Quantization.input(n, hw, seed, b));
            } else if (n.kind() == LayerKind.CONV) {
                out.add(requantize(n, hw, conv(n, in.get(0), Quantization.weights(n, hw, seed))));
            } else if (n.kind() == LayerKind.FC) {
                out.add(requantize(n, hw, fc(n, in.get(0), Quantization.weights(n, hw, seed))));
            } else {
                out.add(VectorOps.apply(n, in, hw.activationBits()));
            }
        }
        return out;
    }

    private static int[] requantize(Node n, Hardware hw, long[] acc) {
        int shift = Quantization.shift(n, hw);
        int[] out = new int[acc.length];
        for (int i = 0; i < acc.length; i++) {
            out[i] = Quantization.requantize(acc[i], n.activation(), shift, hw.activationBits());
        }
        return out;
    }

    /** Direct convolution; weights are K x M with K = groups * (Cin/g)*kh*kw, group-major rows. */
    static long[] conv(Node n, int[] x, int[] w) {
        Shape s = n.inputShapes().get(0);
        Shape o = n.output();
        Window win = n.window();
        int groups = n.groups();
        int cg = s.channels() / groups;
        int mg = o.channels() / groups;
        int kg = cg * win.kernelH() * win.kernelW();
        int m = o.channels();
        long[] out = new long[Math.toIntExact(o.elements())];
        for (int oc = 0; oc < m; oc++) {
            int grp = oc / mg;
            for (int oy = 0; oy < o.height(); oy++) {
                for (int ox = 0; ox < o.width(); ox++) {
                    long acc = 0;
                    for (int cl = 0; cl < cg; cl++) {
                        for (int ky = 0; ky < win.kernelH(); ky++) {
                            int iy = oy * win.strideH() - win.padH() + ky * win.dilationH();
                            if (iy < 0 || iy >= s.height()) {
                                continue;
                            }
                            for (int kx = 0; kx < win.kernelW(); kx++) {
                                int ix = ox * win.strideW() - win.padW() + kx * win.dilationW();
                                if (ix < 0 || ix >= s.width()) {
                                    continue;
                                }
                                int row = grp * kg + (cl * win.kernelH() + ky) * win.kernelW() + kx;
                                acc += (long) w[row * m + oc] * x[((grp * cg + cl) * s.height() + iy) * s.width() + ix];
                            }
                        }
                    }
                    out[(oc * o.height() + oy) * o.width() + ox] = acc;
                }
            }
        }
        return out;
    }

    /** A linear layer applied at every position. */
    static long[] fc(Node n, int[] x, int[] w) {
        Shape s = n.inputShapes().get(0);
        Shape o = n.output();
        int k = s.channels();
        int m = o.channels();
        int pos = s.height() * s.width();
        long[] out = new long[Math.toIntExact(o.elements())];
        for (int oc = 0; oc < m; oc++) {
            for (int p = 0; p < pos; p++) {
                long acc = 0;
                for (int i = 0; i < k; i++) {
                    acc += (long) w[i * m + oc] * x[i * pos + p];
                }
                out[oc * pos + p] = acc;
            }
        }
        return out;
    }
}
