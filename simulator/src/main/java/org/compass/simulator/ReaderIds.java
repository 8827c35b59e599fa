package org.compass.simulator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reader ids while the tables are built: one id per consumer of a buffer (a stage input, a SEND or a
 * STORE_A), numbered in the order the streams meet them. A run keeps one release mark per id; a buffer's
 * released rows are the smallest mark of its readers.
 */
final class ReaderIds {
    /** Reader ids of each buffer, in id order. */
    final List<List<Integer>> of = new ArrayList<>();
    /** Buffer of each reader id (the first {@link #count} entries are used). */
    int[] buffer = new int[16];
    int count;

    ReaderIds(int buffers) {
        for (int b = 0; b < buffers; b++) {
            of.add(new ArrayList<>());
        }
    }

    /** A new reader of buffer b: its id. */
    int add(int b) {
        int id = count++;
        if (id == buffer.length) {
            buffer = Arrays.copyOf(buffer, id * 2);
        }
        buffer[id] = b;
        of.get(b).add(id);
        return id;
    }
}
