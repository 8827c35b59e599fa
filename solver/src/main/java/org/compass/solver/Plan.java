package org.compass.solver;

import java.util.List;

/** An ordered sequence of partitions executed one after another; every unit is in exactly one. */
public record Plan(List<Partition> partitions) {

    public Plan {
        partitions = List.copyOf(partitions);
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
