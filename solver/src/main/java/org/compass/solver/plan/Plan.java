package org.compass.solver.plan;

import java.util.List;

/**
 * An ordered sequence of partitions executed one after another; every unit is in exactly one.
 *
 * @param partitions the partitions, in execution order
 * @param resident   units kept resident across batches (decode steps), ascending ids: written once into crossbars
 *                   reserved for them for the whole run and never rewritten; each still computes in its partition's
 *                   place in the order (docs/llm.md, "Resident weights"). Empty for the paper's plans, which
 *                   rewrite every unit in every batch.
 */
public record Plan(List<Partition> partitions, List<Integer> resident) {

    public Plan {
        partitions = List.copyOf(partitions);
        resident = resident.stream().sorted().distinct().toList();
    }

    /** A plan that keeps no unit resident. */
    public Plan(List<Partition> partitions) {
        this(partitions, List.of());
    }

    /** The same partitions with another resident set. */
    public Plan withResident(java.util.Collection<Integer> units) {
        return new Plan(partitions, List.copyOf(units));
    }

    /** Whether the plan keeps any unit resident. */
    public boolean hasResident() {
        return !resident.isEmpty();
    }

    /** Per unit of a graph of n units: whether it is resident. */
    public boolean[] residentMask(int n) {
        boolean[] mask = new boolean[n];
        for (int u : resident) {
            if (u >= 0 && u < n) {
                mask[u] = true;
            }
        }
        return mask;
    }

    /** Number of partitions. */
    public int size() {
        return partitions.size();
    }

    /** Partition index of every unit (-1 where a unit is missing), for a graph of n units. */
    public int[] partitionOfUnits(int n) {
        int[] part = new int[n];
        java.util.Arrays.fill(part, -1);
        for (int p = 0; p < partitions.size(); p++) {
            for (int u : partitions.get(p).units()) {
                if (u >= 0 && u < n) {
                    part[u] = p;
                }
            }
        }
        return part;
    }

    /** Replication of every unit (0 where a unit is missing), for a graph of n units. */
    public int[] replicationOfUnits(int n) {
        int[] rep = new int[n];
        for (Partition p : partitions) {
            for (int i = 0; i < p.size(); i++) {
                int u = p.units().get(i);
                if (u >= 0 && u < n) {
                    rep[u] = p.replication().get(i);
                }
            }
        }
        return rep;
    }

    /** Whether every partition is a range of consecutive unit ids, in increasing order. */
    public boolean contiguous() {
        int next = 0;
        for (Partition p : partitions) {
            for (int u : p.units()) {
                if (u != next++) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The first unit of every partition after the first: where the plan cuts a contiguous order. */
    public List<Integer> boundaries() {
        return partitions.stream().skip(1).map(p -> p.units().get(0)).toList();
    }
}
