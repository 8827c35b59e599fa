package org.compass.model.mapping;

import org.compass.model.Integers;
import org.compass.model.hardware.Hardware;
import org.compass.model.network.Node;

/**
 * Maps a weighted layer's K x M matrix onto R x C crossbars.
 *
 * <p>Dense layers: a weight spans s = ceil(b_w/b_cell) columns, the layer needs ceil(K/R) row tiles
 * times ceil(M*s/C) column tiles, and programming writes K rows in each column tile.
 *
 * <p>Grouped convolution (depthwise included): each group is a Kg x Mg block, Kg = kh*kw*Cin/g,
 * Mg = Cout/g. When a block fits in one crossbar, min(floor(R/Kg), floor(C/(Mg*s))) groups are packed
 * block-diagonally in one crossbar, so the layer needs ceil(g/packed) crossbars and writes Kg rows per
 * group; all groups compute in the same MVM step. When a block does not fit, each group is mapped as a
 * dense layer of its own.
 */
public final class CrossbarMapper {

    private CrossbarMapper() {
    }

    /**
     * The mapping of a whole weighted node.
     *
     * @throws MappingTooLargeException when the layer's crossbar or tile counts do not fit an int
     */
    public static CrossbarMapping map(Node node, Hardware hw) {
        if (!node.weighted()) {
            throw new IllegalArgumentException(node.name() + " is not a weighted layer");
        }
        try {
            return mapExact(node, hw);
        } catch (ArithmeticException e) {
            throw new MappingTooLargeException("layer '" + node.name() + "' (" + node.weightRows() + " x "
                    + node.weightCols() + " weights) needs more than 2,147,483,647 crossbars of " + hw.crossbarRows()
                    + " x " + hw.crossbarCols() + " cells; maybe choose larger crossbars");
        }
    }

    private static CrossbarMapping mapExact(Node node, Hardware hw) {
        int g = node.groups();
        long k = node.weightRows();
        long m = node.weightCols();
        int s = hw.bitSlices();
        int r = hw.crossbarRows();
        int c = hw.crossbarCols();
        long steps = node.mvmSteps();
        if (g == 1) {
            int rowTiles = ceilDiv(k, r);
            int colTiles = ceilDiv(m * s, c);
            int perTile = (int) Math.min(m, c / s);
            return new CrossbarMapping(k, m, s, rowTiles, colTiles, perTile, 1,
                    Math.multiplyExact(rowTiles, colTiles), k * colTiles, steps);
        }
        long mg = m / g;
        if (k <= r && mg * s <= c) {
            int packed = (int) Math.min(Math.min(r / k, c / (mg * s)), g);
            int crossbars = ceilDiv(g, packed);
            return new CrossbarMapping(k, m, s, 1, crossbars, (int) (packed * mg), packed, crossbars, k * g, steps);
        }
        int rowTiles = ceilDiv(k, r);
        int colTilesPerGroup = ceilDiv(mg * s, c);
        int colTiles = Math.multiplyExact(g, colTilesPerGroup);
        int perTile = (int) Math.min(mg, c / s);
        return new CrossbarMapping(k, m, s, rowTiles, colTiles, perTile, 1,
                Math.multiplyExact(rowTiles, colTiles), k * colTiles, steps);
    }

    /** Tiles of size {@code b} that cover {@code a}, as an int (the callers check that counts fit one). */
    private static int ceilDiv(long a, long b) {
        return Math.toIntExact(Integers.ceilDiv(a, b));
    }
}
