package org.compass.model.problem;

import java.util.Arrays;
import java.util.List;

/** The finite, sorted set of replication factors every formulation chooses from (always contains 1). */
public record ReplicationSet(List<Integer> factors) {

    /** Powers of two up to 64. */
    public static final ReplicationSet DEFAULT = new ReplicationSet(List.of(1, 2, 4, 8, 16, 32, 64));

    public ReplicationSet {
        int[] sorted = factors.stream().mapToInt(Integer::intValue).sorted().distinct().toArray();
        if (sorted.length == 0 || sorted[0] != 1) {
            throw new IllegalArgumentException("replication factors must include 1 and be positive, got " + factors);
        }
        factors = Arrays.stream(sorted).boxed().toList();
    }

    /** Whether r is allowed. */
    public boolean contains(int r) {
        return factors.contains(r);
    }

    /** The largest factor. */
    public int max() {
        return factors.get(factors.size() - 1);
    }

    /** The factors as an array, ascending. */
    public int[] toArray() {
        return factors.stream().mapToInt(Integer::intValue).toArray();
    }
}
