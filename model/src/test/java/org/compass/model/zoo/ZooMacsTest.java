package org.compass.model.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.compass.model.network.Network;
import org.junit.jupiter.api.Test;

/** Conv+fc MACs and parameters of the zoo against torchvision's published figures. */
class ZooMacsTest {

    @Test
    void resnet18MacsAreExact() {
        Network n = Zoo.build("resnet18").orElseThrow();
        assertEquals(1_814_073_344L, n.macs());
    }

    @Test
    void vgg16MacsAreExact() {
        Network n = Zoo.build("vgg16").orElseThrow();
        assertEquals(15_470_264_320L, n.macs());
        assertEquals(138_357_544L, n.parameters(), "VGG-16 has 138,357,544 parameters");
    }

    @Test
    void squeezenetMacsAreExact() {
        Network n = Zoo.build("squeezenet1_0").orElseThrow();
        assertEquals(818_924_576L, n.macs());
        assertEquals(1_248_424L, n.parameters(), "SqueezeNet 1.0 has 1,248,424 parameters");
    }

    @Test
    void resnet18ParametersWithoutBatchNorm() {
        // torchvision: 11,689,512 parameters, of which BatchNorm holds 9,600 (2 x 4,800 channels).
        Network n = Zoo.build("resnet18").orElseThrow();
        assertEquals(11_689_512L - 9_600L, n.parameters());
    }
}
