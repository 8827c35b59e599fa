package org.compass.solver.cost;

import java.util.Arrays;

/**
 * Where each unit of a partition sits in its unit array: {@code of(units[i]) = i}, -1 for a unit outside it. Kept
 * over the span of the partition's unit ids only (max - min + 1 entries), so that building one costs the
 * partition's span rather than the whole graph's size: at LLM scale a cost model v2 search builds one per range
 * priced, and an array over all 38,000 units each time made the DP quadratic in units (issue 14, item 5).
 */
final class UnitPositions {
    private final int base;
    private final int[] index;

    /** The positions of {@code units} (distinct unit ids, any order). */
    UnitPositions(int[] units) {
        if (units.length == 0) {
            base = 0;
            index = new int[0];
            return;
        }
        int min = units[0];
        int max = units[0];
        for (int u : units) {
            min = Math.min(min, u);
            max = Math.max(max, u);
        }
        base = min;
        index = new int[max - min + 1];
        Arrays.fill(index, -1);
        for (int i = 0; i < units.length; i++) {
            index[units[i] - min] = i;
        }
    }

    private UnitPositions(int first) {
        base = first;
        index = null;
    }

    /**
     * The positions of a contiguous range of unit ids that starts at {@code first} and may still grow: unit
     * {@code first + k} is at position k. Without an array, so O(1) to build; it answers for every unit from
     * {@code first} on, so ask it only about units of the range (a stage's producers, which precede the stage).
     */
    static UnitPositions from(int first) {
        return new UnitPositions(first);
    }

    /** i where units[i] = unit, or -1 when the unit is not in the partition (or is -1 itself). */
    int of(int unit) {
        int at = unit - base;
        if (index == null) {
            return at >= 0 ? at : -1;
        }
        return at >= 0 && at < index.length ? index[at] : -1;
    }
}
