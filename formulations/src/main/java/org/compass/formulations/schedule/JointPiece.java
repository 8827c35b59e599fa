package org.compass.formulations.schedule;

import org.compass.solver.plan.Partition;

/**
 * A piece of {@link DpJointScheduler}'s DP and its state: one range alone (early start) or the window of two
 * consecutive ranges (prefetch; -1 for none at either end), its lower and upper bounds in ticks, and its schedule once
 * solved by CP-SAT. Mutable: the search raises its bounds as it solves it.
 */
final class JointPiece {
    /** Range computing in the window (-1: none). */
    final int previous;
    /** Range programmed in the window, or the range alone with early start (-1: none). */
    final int next;
    /** The next range's partition when the piece was made (a deeper replication search may change it since). */
    final Partition partition;
    /** Its instance, built when it is first solved. */
    ScheduleInstance instance;
    long lower;
    long upper = Long.MAX_VALUE;
    /** Each activity's start in its best schedule, ticks; null until solved. */
    long[] starts;
    /** Each activity's duration in {@link #starts}' schedule (a weight load's chosen rate), ticks. */
    long[] durations;
    /** Whether {@link #lower} equals {@link #upper} (its optimum is known). */
    boolean proven;
    /** Whether CP-SAT has been run on it at least once. */
    boolean tried;

    JointPiece(int previous, int next, ScheduleInstance instance, long lower, Partition partition) {
        this.previous = previous;
        this.next = next;
        this.instance = instance;
        this.lower = lower;
        this.partition = partition;
    }
}
