package org.compass.solver.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.compass.model.mapping.MappedGraph;
import org.compass.model.mapping.Unit;
import org.compass.model.problem.PipelineMode;
import org.compass.model.problem.Problem;
import org.junit.jupiter.api.Test;

/** A unit's writes at the granularity of its crossbar tiles (issue 12, docs/scheduling.md "Tiles through ports"). */
class TileWritesTest {

    @Test
    void aTileGoesThroughOnePort() {
        // 4 tiles of 256 rows on 8 ports: one tile per port, 256 rows, not 1024 / 8 = 128
        assertEquals(256, TileWrites.seconds(new long[] {256, 256, 256, 256}, 1, 8, 1), 1e-12);
        // squeezenet's unit 34 on compass-s: 8 tiles of 256 and 4 of 64 rows on 8 ports, 320 rows, not 288
        long[] tiles = {256, 256, 256, 256, 256, 256, 256, 256, 64, 64, 64, 64};
        assertEquals(320, TileWrites.seconds(tiles, 1, 8, 1), 1e-12);
        // replicas are tiles too: 2 x 4 tiles of 256 rows on 4 ports, two each
        assertEquals(512e-8, TileWrites.seconds(new long[] {256, 256, 256, 256}, 2, 4, 1e-8), 1e-20);
        // never below the rows spread over the ports
        assertEquals(3, TileWrites.seconds(new long[] {1, 1, 1, 1, 1}, 1, 2, 1), 1e-12);
        assertEquals(0, TileWrites.seconds(new long[0], 1, 8, 1), 1e-12);
    }

    @Test
    void theTilesHoldTheUnitsRowsOneCrossbarEach() {
        for (PipelineMode mode : PipelineMode.values()) {
            Problem problem = CostModelTest.toy(mode);
            MappedGraph g = problem.graph();
            for (Unit u : g.units()) {
                if (!u.weighted()) {
                    continue;
                }
                long[] rows = TileWrites.tileRows(g, u, problem.hardware().crossbarRows());
                assertEquals(u.crossbars(), rows.length, u.name());
                assertEquals(u.rowsWritten(), Arrays.stream(rows).sum(), u.name());
                assertTrue(Arrays.stream(rows).allMatch(r -> r > 0 && r <= problem.hardware().crossbarRows()),
                        u.name() + " " + Arrays.toString(rows));
                double fluid = new CostModel(problem).writeSeconds(u.rowsWritten(), problem.hardware().writePorts());
                assertTrue(new CostModel(problem).unitWriteSeconds(u, 1, problem.hardware().writePorts())
                        >= fluid - 1e-18, u.name());
            }
        }
    }
}
