package org.compass.model.zoo;

import java.util.List;
import org.compass.model.network.Activation;
import org.compass.model.network.Network;
import org.compass.model.network.NetworkBuilder;
import org.compass.model.network.Shape;
import org.compass.model.network.Window;

/**
 * SqueezeNet 1.0 as in Iandola et al. 2016 and torchvision: fire modules of a 1x1 squeeze convolution
 * feeding concatenated 1x1 and 3x3 expand convolutions; max pools with ceil_mode.
 */
public final class SqueezeNets {

    private SqueezeNets() {
    }

    /** SqueezeNet 1.0 at the given square input size. */
    public static Network squeezenet10(int size) {
        NetworkBuilder b = new NetworkBuilder("squeezenet1_0");
        int x = b.input("input", new Shape(3, size, size));
        x = b.conv("conv1", x, 96, Window.square(7, 2, 0), 1, true, Activation.RELU);
        x = b.maxPool("pool1", x, Window.square(3, 2, 0).withCeilMode());
        x = fire(b, "fire2", x, 16, 64);
        x = fire(b, "fire3", x, 16, 64);
        x = fire(b, "fire4", x, 32, 128);
        x = b.maxPool("pool4", x, Window.square(3, 2, 0).withCeilMode());
        x = fire(b, "fire5", x, 32, 128);
        x = fire(b, "fire6", x, 48, 192);
        x = fire(b, "fire7", x, 48, 192);
        x = fire(b, "fire8", x, 64, 256);
        x = b.maxPool("pool8", x, Window.square(3, 2, 0).withCeilMode());
        x = fire(b, "fire9", x, 64, 256);
        x = b.conv("conv10", x, 1000, Window.square(1, 1, 0), 1, true, Activation.RELU);
        int gap = b.globalAvgPool("avgpool", x);
        b.flatten("flatten", gap);
        return b.build();
    }

    /** SqueezeNet 1.1: a 3x3 stem of 64 channels and earlier pooling, about 2.4x cheaper than 1.0. */
    public static Network squeezenet11(int size) {
        NetworkBuilder b = new NetworkBuilder("squeezenet1_1");
        int x = b.input("input", new Shape(3, size, size));
        x = b.conv("conv1", x, 64, Window.square(3, 2, 0), 1, true, Activation.RELU);
        x = b.maxPool("pool1", x, Window.square(3, 2, 0).withCeilMode());
        x = fire(b, "fire2", x, 16, 64);
        x = fire(b, "fire3", x, 16, 64);
        x = b.maxPool("pool3", x, Window.square(3, 2, 0).withCeilMode());
        x = fire(b, "fire4", x, 32, 128);
        x = fire(b, "fire5", x, 32, 128);
        x = b.maxPool("pool5", x, Window.square(3, 2, 0).withCeilMode());
        x = fire(b, "fire6", x, 48, 192);
        x = fire(b, "fire7", x, 48, 192);
        x = fire(b, "fire8", x, 64, 256);
        x = fire(b, "fire9", x, 64, 256);
        x = b.conv("conv10", x, 1000, Window.square(1, 1, 0), 1, true, Activation.RELU);
        int gap = b.globalAvgPool("avgpool", x);
        b.flatten("flatten", gap);
        return b.build();
    }

    static int fire(NetworkBuilder b, String name, int x, int squeeze, int expand) {
        int s = b.conv(name + ".squeeze", x, squeeze, Window.square(1, 1, 0), 1, true, Activation.RELU);
        int e1 = b.conv(name + ".expand1x1", s, expand, Window.square(1, 1, 0), 1, true, Activation.RELU);
        int e3 = b.conv(name + ".expand3x3", s, expand, Window.square(3, 1, 1), 1, true, Activation.RELU);
        return b.concat(name + ".concat", List.of(e1, e3));
    }
}
