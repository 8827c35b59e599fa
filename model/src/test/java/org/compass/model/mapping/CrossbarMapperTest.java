package org.compass.model.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.compass.model.hardware.Hardware;
import org.compass.model.hardware.HardwarePresets;
import org.compass.model.network.Activation;
import org.compass.model.network.Network;
import org.compass.model.network.NetworkBuilder;
import org.compass.model.network.Shape;
import org.compass.model.network.Window;
import org.compass.model.zoo.Zoo;
import org.junit.jupiter.api.Test;

/** Crossbar arithmetic on hand-computed cases (256x256 crossbars, 1-bit cells, 4-bit weights: 64 weights per row). */
class CrossbarMapperTest {

    private final Hardware m = HardwarePresets.byName("compass-m").orElseThrow();

    private static Network oneConv(int cin, int cout, int k, int groups, int size) {
        NetworkBuilder b = new NetworkBuilder("t");
        int in = b.input("input", new Shape(cin, size, size));
        b.conv("c", in, cout, Window.square(k, 1, k / 2), groups, false, Activation.NONE);
        return b.build();
    }

    @Test
    void resnetStemFitsOneCrossbar() {
        Network n = Zoo.build("resnet18").orElseThrow();
        CrossbarMapping c = CrossbarMapper.map(n.node(1), m);
        // K = 7*7*3 = 147 rows, M = 64 outputs * 4 columns = 256 columns
        assertEquals(147, c.rows());
        assertEquals(1, c.rowTiles());
        assertEquals(1, c.colTiles());
        assertEquals(1, c.crossbars());
        assertEquals(147, c.rowsWritten());
        assertEquals(112 * 112, c.mvmSteps());
    }

    @Test
    void denseLayerTilesRowsAndColumns() {
        CrossbarMapping c = CrossbarMapper.map(oneConv(512, 512, 3, 1, 7).node(1), m);
        // K = 4608 -> 18 row tiles; 512 outputs * 4 = 2048 columns -> 8 column tiles
        assertEquals(18, c.rowTiles());
        assertEquals(8, c.colTiles());
        assertEquals(144, c.crossbars());
        assertEquals(4608L * 8, c.rowsWritten());
        assertEquals(49, c.mvmSteps());
    }

    @Test
    void depthwiseGroupsArePackedBlockDiagonally() {
        CrossbarMapping c = CrossbarMapper.map(oneConv(32, 32, 3, 32, 8).node(1), m);
        // each group is 9 x 1; min(256/9, 256/4) = 28 groups per crossbar -> 2 crossbars
        assertEquals(28, c.groupsPerCrossbar());
        assertEquals(2, c.crossbars());
        assertEquals(9L * 32, c.rowsWritten());
    }

    @Test
    void largeGroupsAreMappedOneByOne() {
        CrossbarMapping c = CrossbarMapper.map(oneConv(1024, 1024, 3, 2, 4).node(1), m);
        // group block 4608 x 512: 18 row tiles x 8 column tiles, twice
        assertEquals(18, c.rowTiles());
        assertEquals(16, c.colTiles());
        assertEquals(288, c.crossbars());
        assertEquals(4608L * 16, c.rowsWritten());
    }

    @Test
    void layersLargerThanTheChipAreSlicedByColumns() {
        MappedGraph g = MappedGraph.build(Zoo.build("vgg16").orElseThrow(), m);
        List<Unit> fc1 = g.units().stream().filter(u -> u.name().startsWith("fc1")).toList();
        // fc1: K = 25088 -> 98 row tiles, 64 column tiles; 256 / 98 = 2 column tiles per slice -> 32 slices
        assertEquals(32, fc1.size());
        assertTrue(fc1.stream().allMatch(u -> u.crossbars() == 196));
        assertEquals(25088L * 4096, fc1.stream().mapToLong(Unit::weights).sum());
        assertEquals(25088L * 4096, fc1.stream().mapToLong(Unit::macs).sum());
        // the consumer of fc1 reads every slice
        Unit fc2first = g.units().stream().filter(u -> u.name().startsWith("fc2")).findFirst().orElseThrow();
        assertEquals(32, fc2first.inputTensors().size());
        assertTrue(g.units().stream().allMatch(u -> u.crossbars() <= m.crossbars()));
    }

    @Test
    void aColumnTileLargerThanTheChipIsInfeasible() {
        Hardware tiny = HardwarePresets.compass("tiny", 4); // 64 crossbars: every conv fits, fc1 needs 98
        LayerTooLargeException e = assertThrows(LayerTooLargeException.class,
                () -> MappedGraph.build(Zoo.build("vgg16").orElseThrow(), tiny));
        assertEquals("fc1", e.layer());
        assertEquals(98, e.needed());
    }
}
