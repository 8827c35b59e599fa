package org.compass.solver.plan;

import java.util.ArrayList;
import java.util.List;

/**
 * One partition of a plan: the units it holds (ascending ids) and the replication of each.
 *
 * @param units       unit ids, ascending
 * @param replication replication factor of each unit, parallel to {@code units}
 */
public record Partition(List<Integer> units, List<Integer> replication) {

    public Partition {
        if (units.size() != replication.size()) {
            throw new IllegalArgumentException("units and replication differ in length");
        }
        if (units.isEmpty()) {
            throw new IllegalArgumentException("a partition must hold at least one unit");
        }
        List<int[]> pairs = new ArrayList<>();
        for (int i = 0; i < units.size(); i++) {
            pairs.add(new int[] {units.get(i), replication.get(i)});
        }
        pairs.sort((a, b) -> Integer.compare(a[0], b[0]));
        units = pairs.stream().map(p -> p[0]).toList();
        replication = pairs.stream().map(p -> p[1]).toList();
    }

    /** A partition from arrays. */
    public static Partition of(int[] units, int[] replication) {
        List<Integer> u = new ArrayList<>();
        List<Integer> r = new ArrayList<>();
        for (int i = 0; i < units.length; i++) {
            u.add(units[i]);
            r.add(replication[i]);
        }
        return new Partition(u, r);
    }

    /** The contiguous range [from, to) with the replication of each unit taken from a per-unit array. */
    public static Partition range(int from, int to, int[] replicationByUnit) {
        int[] u = new int[to - from];
        int[] r = new int[to - from];
        for (int i = from; i < to; i++) {
            u[i - from] = i;
            r[i - from] = replicationByUnit[i];
        }
        return of(u, r);
    }

    /** Units as an array. */
    public int[] unitArray() {
        return units.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Replication as an array parallel to {@link #unitArray()}. */
    public int[] replicationArray() {
        return replication.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Number of units. */
    public int size() {
        return units.size();
    }
}
