package org.compass.solver.cost;

import static org.compass.model.Integers.ceilDiv;

import java.util.Arrays;
import java.util.PriorityQueue;
import org.compass.model.mapping.CrossbarMapping;
import org.compass.model.mapping.MappedGraph;
import org.compass.model.mapping.Unit;

/**
 * How long a unit's writes take at the granularity of crossbar tiles: a tile (one crossbar of one replica) is
 * programmed row by row through one write port, so a unit's rows cannot be spread over the ports more finely than
 * its tiles (docs/scheduling.md, "Tiles through ports"). The tiles' rows follow the mapping (per column tile,
 * {@code rowTiles} crossbars of R rows, the last holding the rest of K; block-diagonally packed groups
 * {@code groupsPerCrossbar x K} rows per crossbar), as the simulator lays them out (its {@code TileLayout}); where the
 * mapping's totals do not match the unit's (a column slice of a grouped layer), the rows are spread evenly over
 * its crossbars, as the simulator then does.
 */
final class TileWrites {

    private TileWrites() {
    }

    /** Rows of each crossbar tile of one replica of a weighted unit, in no particular order. */
    static long[] tileRows(MappedGraph g, Unit u, int crossbarRows) {
        int n = u.crossbars();
        long rows = u.rowsWritten();
        if (n <= 0) {
            return new long[0];
        }
        CrossbarMapping m = g.mappingOf(u.nodeId());
        long k = m.rows();
        long[] tiles = new long[n];
        if (m.groupsPerCrossbar() > 1 && k > 0 && rows % k == 0) {
            long groups = rows / k;
            if (ceilDiv(groups, m.groupsPerCrossbar()) == n) {
                for (int i = 0; i < n; i++) {
                    tiles[i] = k * Math.min(m.groupsPerCrossbar(), groups - (long) i * m.groupsPerCrossbar());
                }
                return tiles;
            }
        } else if (m.groupsPerCrossbar() <= 1 && m.rowTiles() > 0 && n % m.rowTiles() == 0
                && rows == k * (n / m.rowTiles()) && ceilDiv(k, crossbarRows) == m.rowTiles()) {
            for (int i = 0; i < n; i++) {
                int r = i % m.rowTiles();
                tiles[i] = Math.min(crossbarRows, k - (long) r * crossbarRows);
            }
            return tiles;
        }
        for (int i = 0; i < n; i++) {
            tiles[i] = rows * (i + 1) / n - rows * i / n;
        }
        return tiles;
    }

    /**
     * The write time of {@code replication} replicas of a unit's tiles through {@code ports} ports: the largest
     * tiles first, each to the port free first (LPT; the simulator's placement of a scheduled unit deals its tiles,
     * largest first, to the port expected free first). Rows of the busiest port times {@code rowSeconds}; never
     * less than {@code ceil(rows / ports)} rows, the fluid time.
     */
    static double seconds(long[] tileRows, int replication, int ports, double rowSeconds) {
        int n = tileRows.length * Math.max(1, replication);
        if (n == 0 || ports <= 0) {
            return 0;
        }
        long[] all = new long[n];
        for (int r = 0; r < Math.max(1, replication); r++) {
            System.arraycopy(tileRows, 0, all, r * tileRows.length, tileRows.length);
        }
        Arrays.sort(all);
        PriorityQueue<long[]> free = new PriorityQueue<>((a, b) -> Long.compare(a[0], b[0]));
        for (int p = 0; p < Math.min(ports, n); p++) {
            free.add(new long[] {0});
        }
        long busiest = 0;
        for (int i = n - 1; i >= 0; i--) {
            long[] port = free.poll();
            port[0] += all[i];
            busiest = Math.max(busiest, port[0]);
            free.add(port);
        }
        return busiest * rowSeconds;
    }
}
