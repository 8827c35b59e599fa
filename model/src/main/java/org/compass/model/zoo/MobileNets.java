package org.compass.model.zoo;

import java.util.List;
import org.compass.model.network.Activation;
import org.compass.model.network.Network;
import org.compass.model.network.NetworkBuilder;
import org.compass.model.network.Shape;
import org.compass.model.network.Window;

/**
 * MobileNetV2 (Sandler et al. 2018) as in torchvision, width 1.0: inverted residual blocks of a 1x1
 * expansion, a 3x3 depthwise convolution and a linear 1x1 projection; BatchNorm folded, ReLU6 fused.
 */
public final class MobileNets {

    /** Expansion t, output channels c, repeats n, first stride s of each stage. */
    private static final int[][] STAGES = {
        {1, 16, 1, 1}, {6, 24, 2, 2}, {6, 32, 3, 2}, {6, 64, 4, 2}, {6, 96, 3, 1}, {6, 160, 3, 2}, {6, 320, 1, 1}};

    private MobileNets() {
    }

    /** MobileNetV2 at the given square input size. */
    public static Network mobilenetV2(int size) {
        NetworkBuilder b = new NetworkBuilder("mobilenet_v2");
        int x = b.input("input", new Shape(3, size, size));
        x = b.conv("features.0", x, 32, 3, 2, 1, Activation.RELU6);
        int in = 32;
        int block = 1;
        for (int[] st : STAGES) {
            for (int i = 0; i < st[2]; i++) {
                int stride = i == 0 ? st[3] : 1;
                String p = "features." + block++;
                int hidden = in * st[0];
                int y = x;
                if (st[0] != 1) {
                    y = b.conv(p + ".expand", y, hidden, 1, 1, 0, Activation.RELU6);
                }
                y = b.conv(p + ".dw", y, hidden, Window.square(3, stride, 1), hidden, false, Activation.RELU6);
                y = b.conv(p + ".project", y, st[1], 1, 1, 0, Activation.NONE);
                if (stride == 1 && in == st[1]) {
                    y = b.add(p + ".add", List.of(y, x), Activation.NONE);
                }
                x = y;
                in = st[1];
            }
        }
        x = b.conv("features.18", x, 1280, 1, 1, 0, Activation.RELU6);
        x = b.globalAvgPool("avgpool", x);
        x = b.flatten("flatten", x);
        b.fc("classifier", x, 1000, true, Activation.NONE);
        return b.build();
    }
}
