package org.compass.model.zoo;

import org.compass.model.network.Activation;
import org.compass.model.network.Network;
import org.compass.model.network.NetworkBuilder;
import org.compass.model.network.Shape;
import org.compass.model.network.Window;

/**
 * VGG networks as in Simonyan and Zisserman 2015 and torchvision (no BatchNorm; biases on every layer).
 */
public final class Vggs {

    private static final int POOL = -1;

    private Vggs() {
    }

    /** VGG-16 (configuration D) at the given square input size (224 gives the 7x7x512 classifier input). */
    public static Network vgg16(int size) {
        return vgg("vgg16", size, new int[] {64, 64, POOL, 128, 128, POOL, 256, 256, 256, POOL,
            512, 512, 512, POOL, 512, 512, 512, POOL});
    }

    /** VGG-11 (configuration A). */
    public static Network vgg11(int size) {
        return vgg("vgg11", size, new int[] {64, POOL, 128, POOL, 256, 256, POOL, 512, 512, POOL, 512, 512, POOL});
    }

    /** VGG-19 (configuration E). */
    public static Network vgg19(int size) {
        return vgg("vgg19", size, new int[] {64, 64, POOL, 128, 128, POOL, 256, 256, 256, 256, POOL,
            512, 512, 512, 512, POOL, 512, 512, 512, 512, POOL});
    }

    static Network vgg(String name, int size, int[] config) {
        NetworkBuilder b = new NetworkBuilder(name);
        int x = b.input("input", new Shape(3, size, size));
        int conv = 0;
        int pool = 0;
        for (int c : config) {
            if (c == POOL) {
                x = b.maxPool("pool" + (++pool), x, Window.square(2, 2, 0));
            } else {
                x = b.conv("conv" + (++conv), x, c, Window.square(3, 1, 1), 1, true, Activation.RELU);
            }
        }
        int flat = b.flatten("flatten", x);
        int fc1 = b.fc("fc1", flat, 4096, true, Activation.RELU);
        int fc2 = b.fc("fc2", fc1, 4096, true, Activation.RELU);
        b.fc("fc3", fc2, 1000, true, Activation.NONE);
        return b.build();
    }
}
