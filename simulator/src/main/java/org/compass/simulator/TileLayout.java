package org.compass.simulator;

import java.util.ArrayList;
import java.util.List;
import org.compass.model.hardware.Hardware;
import org.compass.model.mapping.CrossbarMapping;
import org.compass.model.mapping.MappedGraph;
import org.compass.model.mapping.Unit;
import org.compass.model.network.Node;

/**
 * What each crossbar of one replica of a unit holds: the tiles of its weight matrix, derived from the
 * mapping's geometry (row tiles x column tiles, or block-diagonally packed groups).
 *
 * <p>Rows of the weight matrix are indexed group-major (row g*Kg + k is row k of group g); columns are
 * output channels of the whole node. The tiles' rows and weights add up to the unit's {@code rowsWritten}
 * and {@code weights}; where the geometry cannot be reconstructed exactly (a column slice of a grouped
 * layer whose groups straddle slices) the totals are spread evenly and the layout has no blocks, which
 * is enough for timing but not for the functional mode.
 *
 * @param unit  the unit
 * @param tiles one entry per crossbar of a replica
 * @param exact whether blocks describe the cells (functional mode possible)
 */
public record TileLayout(int unit, List<Tile> tiles, boolean exact) {

    /** A rectangle of the weight matrix placed in a crossbar. */
    public record Block(int rowOffset, int rows, long firstRow, int colOffset, int outputs, long firstOutput) {
    }

    /**
     * One crossbar's contents.
     *
     * @param rows    crossbar rows programmed
     * @param weights weights held (sets the DRAM bytes to load)
     * @param blocks  the rectangles it holds (empty when not exact)
     */
    public record Tile(int rows, long weights, List<Block> blocks) {
    }

    /** The layout of a weighted unit. */
    public static TileLayout of(MappedGraph g, Unit u) {
        Hardware hw = g.hardware();
        Node node = g.network().node(u.nodeId());
        CrossbarMapping map = g.mappingOf(u.nodeId());
        long firstOutput = 0;
        for (Unit other : g.units()) {
            if (other.nodeId() == u.nodeId() && other.slice() < u.slice()) {
                firstOutput += other.outputs();
            }
        }
        List<Tile> tiles = exactTiles(hw, node, map, u, firstOutput);
        long rows = tiles.stream().mapToLong(Tile::rows).sum();
        long weights = tiles.stream().mapToLong(Tile::weights).sum();
        if (tiles.size() == u.crossbars() && rows == u.rowsWritten() && weights == u.weights()) {
            return new TileLayout(u.id(), tiles, true);
        }
        List<Tile> even = new ArrayList<>();
        int n = u.crossbars();
        for (int i = 0; i < n; i++) {
            even.add(new Tile((int) (share(u.rowsWritten(), i + 1, n) - share(u.rowsWritten(), i, n)),
                    share(u.weights(), i + 1, n) - share(u.weights(), i, n), List.of()));
        }
        return new TileLayout(u.id(), even, false);
    }

    private static List<Tile> exactTiles(Hardware hw, Node node, CrossbarMapping map, Unit u, long firstOutput) {
        int r = hw.crossbarRows();
        int s = hw.bitSlices();
        int groups = node.groups();
        long k = map.rows();
        long mg = map.cols() / groups;
        List<Tile> tiles = new ArrayList<>();
        if (map.groupsPerCrossbar() > 1) {
            int packed = map.groupsPerCrossbar();
            long firstGroup = firstOutput / mg;
            long lastGroup = (firstOutput + u.outputs()) / mg;
            for (long g0 = firstGroup; g0 < lastGroup; g0 += packed) {
                List<Block> blocks = new ArrayList<>();
                int n = (int) Math.min(packed, lastGroup - g0);
                for (int i = 0; i < n; i++) {
                    long g = g0 + i;
                    blocks.add(new Block((int) (i * k), (int) k, g * k, (int) (i * mg * s), (int) mg, g * mg));
                }
                tiles.add(new Tile((int) (n * k), n * k * mg, blocks));
            }
            return tiles;
        }
        int perTile = map.outputsPerColTile();
        long end = firstOutput + u.outputs();
        if (groups == 1) {
            for (long o = firstOutput; o < end; o += perTile) {
                int outs = (int) Math.min(perTile, end - o);
                for (long row = 0; row < k; row += r) {
                    int rows = (int) Math.min(r, k - row);
                    tiles.add(new Tile(rows, (long) rows * outs, List.of(new Block(0, rows, row, 0, outs, o))));
                }
            }
            return tiles;
        }
        // Each group dense on its own column tiles.
        for (long g = firstOutput / mg; g * mg < end; g++) {
            for (long o = g * mg; o < Math.min((g + 1) * mg, end); o += perTile) {
                int outs = (int) Math.min(perTile, Math.min((g + 1) * mg, end) - o);
                for (long row = 0; row < k; row += r) {
                    int rows = (int) Math.min(r, k - row);
                    tiles.add(new Tile(rows, (long) rows * outs,
                            List.of(new Block(0, rows, g * k + row, 0, outs, o))));
                }
            }
        }
        return tiles;
    }

    /** floor(total * i / n) without overflow for the sizes at hand. */
    static long share(long total, long i, long n) {
        return Math.multiplyHigh(total, i) == 0 ? total * i / n
                : java.math.BigInteger.valueOf(total).multiply(java.math.BigInteger.valueOf(i))
                        .divide(java.math.BigInteger.valueOf(n)).longValueExact();
    }

    /** The DRAM bytes of each tile of the unit: its weight bytes split by weights, so the tiles add up exactly. */
    long[] loadBytes(Unit unit) {
        long[] bytes = new long[tiles.size()];
        long weightsBefore = 0;
        for (int t = 0; t < bytes.length; t++) {
            long from = share(unit.weightBytes(), weightsBefore, unit.weights());
            weightsBefore += tiles.get(t).weights();
            bytes[t] = share(unit.weightBytes(), weightsBefore, unit.weights()) - from;
        }
        return bytes;
    }
}
