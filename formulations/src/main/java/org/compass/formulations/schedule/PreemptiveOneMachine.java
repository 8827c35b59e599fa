package org.compass.formulations.schedule;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The preemptive one-machine bound with heads and tails (Jackson's preemptive schedule; Carlier 1982): jobs that
 * pairwise cannot run at the same time, job j needing {@code duration} of the machine after its {@code release}
 * and leaving at least {@code tail} after it finishes before the makespan. Running, whenever the machine is free,
 * the released job of largest tail, preempted when a job of larger tail is released, minimizes max(finish +
 * tail) over all preemptive schedules; that minimum is a lower bound on every non-preemptive one, hence on the
 * makespan. It equals max over job sets K of min release + sum of durations + min tail over K. O(n log n).
 */
final class PreemptiveOneMachine {

    /**
     * A job of the relaxation, ticks.
     *
     * @param release  its work starts no earlier
     * @param duration how long it holds the machine in all (possibly in pieces)
     * @param tail     the least time from its last piece's end to the makespan
     */
    record Job(long release, long duration, long tail) {
    }

    private PreemptiveOneMachine() {
    }

    /** The bound: the least max(finish + tail) of a preemptive schedule of the jobs; 0 for none. */
    static long bound(List<Job> jobs) {
        List<Job> byRelease = new ArrayList<>(jobs);
        byRelease.removeIf(j -> j.duration() <= 0);
        byRelease.sort(Comparator.comparingLong(Job::release));
        // the released jobs, largest tail first, with the work each still needs
        PriorityQueue<long[]> ready = new PriorityQueue<>((x, y) -> Long.compare(y[1], x[1]));
        long time = 0;
        long best = 0;
        int next = 0;
        while (next < byRelease.size() || !ready.isEmpty()) {
            if (ready.isEmpty()) {
                time = Math.max(time, byRelease.get(next).release());
            }
            while (next < byRelease.size() && byRelease.get(next).release() <= time) {
                Job j = byRelease.get(next++);
                ready.add(new long[] {j.duration(), j.tail()});
            }
            long[] run = ready.poll();
            long until = next < byRelease.size() ? byRelease.get(next).release() : Long.MAX_VALUE;
            long done = time + run[0];
            if (done <= until) {
                time = done;
                best = Math.max(best, done + run[1]);
            } else {
                run[0] -= until - time;
                time = until;
                ready.add(run);
            }
        }
        return best;
    }
}
