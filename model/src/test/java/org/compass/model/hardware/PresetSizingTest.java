package org.compass.model.hardware;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.compass.model.mapping.MappedGraph;
import org.compass.model.zoo.Zoo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** As in the COMPASS paper: SqueezeNet fits on every chip size, ResNet-18 and VGG-16 on none. */
class PresetSizingTest {

    @ParameterizedTest
    @ValueSource(strings = {"compass-s", "compass-m", "compass-l"})
    void squeezenetFitsResnetAndVggDoNot(String preset) {
        Hardware hw = HardwarePresets.byName(preset).orElseThrow();
        assertTrue(MappedGraph.build(Zoo.build("squeezenet1_0").orElseThrow(), hw).fitsOnChip());
        assertFalse(MappedGraph.build(Zoo.build("resnet18").orElseThrow(), hw).fitsOnChip());
        assertFalse(MappedGraph.build(Zoo.build("vgg16").orElseThrow(), hw).fitsOnChip());
    }
}
