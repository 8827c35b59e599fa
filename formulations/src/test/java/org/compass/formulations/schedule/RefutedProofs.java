package org.compass.formulations.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.compass.solver.schedule.ScheduleValidator;

/**
 * Tests that compare two of CP-SAT's optimality proofs must tell a wrong proof of CP-SAT's from a wrong model of
 * ours. CP-SAT 9.15 can certify a wrong optimum (google/or-tools#5293, open: a certified optimum above a feasible
 * solution); our CI met it once, in {@code ImpliedPrecedencesTest}: 280 ticks certified optimal on an instance
 * where 279 is valid (seed 1, mode full, rates chosen); 2,304 re-runs here of the test's 96 proofs without the
 * precedences (12 seeds each, 8 workers, idle and under load) all agreed. A proof is refuted only by a certificate: a schedule of the same instance that the independent
 * {@link ScheduleValidator} passes and that ends before the proved optimum. The refuted proof is then made again with
 * another seed, and the comparison goes on with that one; a claim that is not refuted stands, so a wrong model of
 * ours still fails the test.
 */
final class RefutedProofs {

    /** The seed of the second proof, added to the first one's. */
    static final long RESEED = 1000;

    private int refuted;

    /**
     * CP-SAT's proof of {@code in}'s optimum without the relaxations, or, where {@code shorter} (a schedule that the
     * caller knows to obey every rule of {@code in}) ends before it and passes the validator, a second proof with
     * another seed.
     *
     * @param proof   CP-SAT's proof of {@code in}'s optimum ({@link CpSatScheduler#solveWithoutRelaxation})
     * @param shorter a solve whose schedule is one of {@code in}'s
     * @param what    the instance, for messages
     * @return {@code proof}, or the proof made again where the schedule refutes it
     */
    CpSatScheduler.Outcome checked(ScheduleInstance in, CpSatScheduler.Outcome proof, CpSatScheduler.Outcome shorter,
                                   long seed, String what) {
        if (shorter.makespan() >= proof.makespan()) {
            return proof;
        }
        List<String> violations = ScheduleValidator.violations(in.tasks,
                WriteScheduler.toSchedule(in, shorter.starts(), shorter.durations()));
        assertEquals(List.of(), violations, what + ": " + shorter.makespan() + " ticks, below the proved "
                + proof.makespan() + ", is not a valid schedule");
        refuted++;
        System.out.printf("%s: CP-SAT's proof of %d ticks refuted by a valid schedule of %d; proved again with seed "
                + "%d%n", what, proof.makespan(), shorter.makespan(), seed + RESEED);
        CpSatScheduler.Outcome again = CpSatScheduler.solveWithoutRelaxation(in, SerialScheduler.hint(in, () -> false),
                20, 8, seed + RESEED);
        assertTrue(again.optimal(), what + " not proved again");
        return again;
    }

    /** How many proofs a valid shorter schedule refuted. */
    int refuted() {
        return refuted;
    }
}
