package org.compass.model.zoo;

import java.util.List;
import org.compass.model.network.Activation;
import org.compass.model.network.NetworkBuilder;
import org.compass.model.network.Network;
import org.compass.model.network.Shape;
import org.compass.model.network.Window;

/**
 * ResNets as in He et al. 2016 and torchvision: BatchNorm folded into the convolutions, ReLU fused.
 */
public final class ResNets {

    private ResNets() {
    }

    /** ResNet-18 (basic blocks 2-2-2-2) at the given square input size. */
    public static Network resnet18(int size) {
        return basic("resnet18", size, new int[] {2, 2, 2, 2});
    }

    /** ResNet-34 (basic blocks 3-4-6-3). */
    public static Network resnet34(int size) {
        return basic("resnet34", size, new int[] {3, 4, 6, 3});
    }

    /** ResNet-50 (bottleneck blocks 3-4-6-3, stride on the 3x3 convolution as in torchvision). */
    public static Network resnet50(int size) {
        return bottleneck("resnet50", size, new int[] {3, 4, 6, 3});
    }

    /** ResNet-101 (bottleneck blocks 3-4-23-3). */
    public static Network resnet101(int size) {
        return bottleneck("resnet101", size, new int[] {3, 4, 23, 3});
    }

    /** ResNet-152 (bottleneck blocks 3-8-36-3). */
    public static Network resnet152(int size) {
        return bottleneck("resnet152", size, new int[] {3, 8, 36, 3});
    }

    private static Network bottleneck(String name, int size, int[] blocks) {
        NetworkBuilder b = new NetworkBuilder(name);
        int x = stem(b, size);
        int inCh = 64;
        for (int stage = 0; stage < 4; stage++) {
            int width = 64 << stage;
            int outCh = width * 4;
            for (int i = 0; i < blocks[stage]; i++) {
                int stride = stage > 0 && i == 0 ? 2 : 1;
                String p = "layer" + (stage + 1) + "." + i;
                int c1 = b.conv(p + ".conv1", x, width, 1, 1, 0, Activation.RELU);
                int c2 = b.conv(p + ".conv2", c1, width, 3, stride, 1, Activation.RELU);
                int c3 = b.conv(p + ".conv3", c2, outCh, 1, 1, 0, Activation.NONE);
                int shortcut = x;
                if (stride != 1 || inCh != outCh) {
                    shortcut = b.conv(p + ".downsample", x, outCh, 1, stride, 0, Activation.NONE);
                }
                x = b.add(p + ".add", List.of(c3, shortcut), Activation.RELU);
                inCh = outCh;
            }
        }
        return head(b, x);
    }

    private static Network basic(String name, int size, int[] blocks) {
        NetworkBuilder b = new NetworkBuilder(name);
        int x = stem(b, size);
        int inCh = 64;
        for (int stage = 0; stage < 4; stage++) {
            int ch = 64 << stage;
            for (int i = 0; i < blocks[stage]; i++) {
                int stride = stage > 0 && i == 0 ? 2 : 1;
                String p = "layer" + (stage + 1) + "." + i;
                int c1 = b.conv(p + ".conv1", x, ch, 3, stride, 1, Activation.RELU);
                int c2 = b.conv(p + ".conv2", c1, ch, 3, 1, 1, Activation.NONE);
                int shortcut = x;
                if (stride != 1 || inCh != ch) {
                    shortcut = b.conv(p + ".downsample", x, ch, 1, stride, 0, Activation.NONE);
                }
                x = b.add(p + ".add", List.of(c2, shortcut), Activation.RELU);
                inCh = ch;
            }
        }
        return head(b, x);
    }

    static int stem(NetworkBuilder b, int size) {
        int in = b.input("input", new Shape(3, size, size));
        int c = b.conv("conv1", in, 64, 7, 2, 3, Activation.RELU);
        return b.maxPool("maxpool", c, Window.square(3, 2, 1));
    }

    static Network head(NetworkBuilder b, int x) {
        int gap = b.globalAvgPool("avgpool", x);
        int flat = b.flatten("flatten", gap);
        b.fc("fc", flat, 1000, true, Activation.NONE);
        return b.build();
    }
}
