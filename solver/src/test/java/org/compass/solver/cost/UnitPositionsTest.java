package org.compass.solver.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link UnitPositions} against the whole-graph array it replaced (issue 14, item 5): for seeded random unit sets
 * of a graph of 500 units, in ascending and in shuffled order, every id of the graph and -1 map to the same place.
 */
class UnitPositionsTest {

    @Test
    void agreesWithAnArrayOverTheWholeGraph() {
        int graphSize = 500;
        Random random = new Random(14);
        for (int trial = 0; trial < 200; trial++) {
            List<Integer> ids = new ArrayList<>();
            int from = random.nextInt(graphSize);
            int span = 1 + random.nextInt(graphSize - from);
            for (int u = from; u < from + span; u++) {
                if (random.nextInt(3) > 0 || ids.isEmpty()) {
                    ids.add(u);
                }
            }
            if (trial % 2 == 1) {
                Collections.shuffle(ids, random);
            }
            int[] units = ids.stream().mapToInt(Integer::intValue).toArray();
            int[] whole = new int[graphSize];
            java.util.Arrays.fill(whole, -1);
            for (int i = 0; i < units.length; i++) {
                whole[units[i]] = i;
            }
            UnitPositions positions = new UnitPositions(units);
            for (int u = 0; u < graphSize; u++) {
                assertEquals(whole[u], positions.of(u), "unit " + u + " of trial " + trial);
            }
            assertEquals(-1, positions.of(-1), "a tensor without producer");
        }
        assertEquals(-1, new UnitPositions(new int[0]).of(0));
    }
}
