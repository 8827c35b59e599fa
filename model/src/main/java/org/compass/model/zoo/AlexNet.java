package org.compass.model.zoo;

import java.util.List;
import org.compass.model.network.Activation;
import org.compass.model.network.LayerKind;
import org.compass.model.network.Network;
import org.compass.model.network.NetworkBuilder;
import org.compass.model.network.Shape;
import org.compass.model.network.Window;

/**
 * AlexNet as in torchvision (the single-tower variant of Krizhevsky 2014, "One weird trick"): five
 * convolutions with 64-192-384-256-256 channels, three 3x3/2 max pools, adaptive average pooling to 6x6 and
 * three linear layers; biases on every layer.
 */
public final class AlexNet {

    private AlexNet() {
    }

    /** AlexNet at the given square input size (224 gives the 256x6x6 classifier input). */
    public static Network alexnet(int size) {
        NetworkBuilder b = new NetworkBuilder("alexnet");
        int x = b.input("input", new Shape(3, size, size));
        x = b.conv("conv1", x, 64, Window.square(11, 4, 2), 1, true, Activation.RELU);
        x = b.maxPool("pool1", x, Window.square(3, 2, 0));
        x = b.conv("conv2", x, 192, Window.square(5, 1, 2), 1, true, Activation.RELU);
        x = b.maxPool("pool2", x, Window.square(3, 2, 0));
        x = b.conv("conv3", x, 384, Window.square(3, 1, 1), 1, true, Activation.RELU);
        x = b.conv("conv4", x, 256, Window.square(3, 1, 1), 1, true, Activation.RELU);
        x = b.conv("conv5", x, 256, Window.square(3, 1, 1), 1, true, Activation.RELU);
        x = b.maxPool("pool5", x, Window.square(3, 2, 0));
        Shape s = b.shape(x);
        if (s.height() != 6 || s.width() != 6) {
            // torchvision's AdaptiveAvgPool2d((6, 6)); for inputs that do not give 6x6 the pool resizes
            x = b.custom("avgpool", LayerKind.AVG_POOL, List.of(x),
                    new Shape(s.channels(), 6, 6), null, 1, false, Activation.NONE);
        }
        x = b.flatten("flatten", x);
        x = b.fc("fc1", x, 4096, true, Activation.RELU);
        x = b.fc("fc2", x, 4096, true, Activation.RELU);
        b.fc("fc3", x, 1000, true, Activation.NONE);
        return b.build();
    }
}
