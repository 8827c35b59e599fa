package org.compass.simulator;

import java.util.Arrays;

/**
 * The clock of one run and the streams due to step: a binary heap of future wake-ups keyed by (time, sequence)
 * and a FIFO of wake-ups at the current instant. The FIFO's entries all come after the heap's entries for the
 * same instant (they were pushed later), and each list keeps push order, so streams ready at one instant step
 * in the order they became ready: that order decides who takes a resource first, and so the timing.
 */
final class EventQueue {
    private double[] heapTime = new double[64];
    private int[] heapStream = new int[64];
    private long[] heapSeq = new long[64];
    private int heapSize;
    private long seq;
    private int[] ready = new int[64];
    private int readyHead;
    private int readyTail;
    private double now;

    /** The current instant. */
    double now() {
        return now;
    }

    /**
     * The next stream to step, advancing the clock when the current instant has none left; -1 when no
     * stream is due any more.
     */
    int next() {
        int s;
        if (heapSize > 0 && heapTime[0] == now) {
            s = heapStream[0];
            pop();
        } else if (readyHead < readyTail) {
            s = ready[readyHead++];
            if (readyHead == readyTail) {
                readyHead = 0;
                readyTail = 0;
            }
        } else if (heapSize > 0) {
            now = heapTime[0];
            s = heapStream[0];
            pop();
        } else {
            return -1;
        }
        return s;
    }

    /** Schedules stream s at time t: now goes to the FIFO of the current instant, later to the heap. */
    void push(double t, int s) {
        if (t == now) {
            wakeNow(s);
            return;
        }
        if (heapSize == heapTime.length) {
            heapTime = Arrays.copyOf(heapTime, heapSize * 2);
            heapStream = Arrays.copyOf(heapStream, heapSize * 2);
            heapSeq = Arrays.copyOf(heapSeq, heapSize * 2);
        }
        int i = heapSize++;
        long q = seq++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (heapTime[parent] < t || (heapTime[parent] == t && heapSeq[parent] < q)) {
                break;
            }
            heapTime[i] = heapTime[parent];
            heapStream[i] = heapStream[parent];
            heapSeq[i] = heapSeq[parent];
            i = parent;
        }
        heapTime[i] = t;
        heapStream[i] = s;
        heapSeq[i] = q;
    }

    /** Appends stream s to the FIFO of the current instant. */
    void wakeNow(int s) {
        if (readyTail == ready.length) {
            if (readyHead > 0) {
                System.arraycopy(ready, readyHead, ready, 0, readyTail - readyHead);
                readyTail -= readyHead;
                readyHead = 0;
            } else {
                ready = Arrays.copyOf(ready, ready.length * 2);
            }
        }
        ready[readyTail++] = s;
    }

    private void pop() {
        int last = --heapSize;
        if (last == 0) {
            return;
        }
        double t = heapTime[last];
        int s = heapStream[last];
        long q = heapSeq[last];
        int i = 0;
        while (true) {
            int l = 2 * i + 1;
            if (l >= last) {
                break;
            }
            int r = l + 1;
            int m = r < last && (heapTime[r] < heapTime[l] || (heapTime[r] == heapTime[l] && heapSeq[r] < heapSeq[l]))
                    ? r : l;
            if (t < heapTime[m] || (t == heapTime[m] && q < heapSeq[m])) {
                break;
            }
            heapTime[i] = heapTime[m];
            heapStream[i] = heapStream[m];
            heapSeq[i] = heapSeq[m];
            i = m;
        }
        heapTime[i] = t;
        heapStream[i] = s;
        heapSeq[i] = q;
    }
}
