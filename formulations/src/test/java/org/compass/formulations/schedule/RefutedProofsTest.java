package org.compass.formulations.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.compass.solver.schedule.ScheduleMode;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/**
 * {@link RefutedProofs}: a proof is made again only where a valid schedule beats it; an invalid one refutes nothing
 * and fails the test, and a proof that nothing beats stands.
 */
class RefutedProofsTest {

    private final ScheduleInstance in = ScheduleInstance.of(PhaseContainmentTest.randomWithActivations(1),
            ScheduleMode.FULL, true);
    private final CpSatScheduler.Outcome proof = CpSatScheduler.solveWithoutRelaxation(in,
            SerialScheduler.hint(in, () -> false), 20, 8, 1);

    @Test
    void aWrongProofThatAValidScheduleBeatsIsMadeAgain() {
        // the same schedule claimed one tick longer, as a wrong certificate would be
        CpSatScheduler.Outcome wrong = new CpSatScheduler.Outcome(proof.starts(), proof.durations(),
                proof.makespan() + 1, proof.makespan() + 1, true, true);
        RefutedProofs refuted = new RefutedProofs();
        assertEquals(proof.makespan(), refuted.checked(in, wrong, proof, 1, "wrong").makespan());
        assertEquals(1, refuted.refuted());
    }

    @Test
    void aProofThatNothingBeatsStands() {
        RefutedProofs refuted = new RefutedProofs();
        assertSame(proof, refuted.checked(in, proof, proof, 1, "right"));
        assertEquals(0, refuted.refuted());
    }

    @Test
    void anInvalidShorterScheduleRefutesNothing() {
        // the optimal schedule with its last stage moved to time 0, before its weights are written
        long[] starts = proof.starts().clone();
        int last = -1;
        for (int a = 0; a < in.size(); a++) {
            if (in.type.get(a) == ScheduleInstance.Type.STAGE && (last < 0 || starts[a] > starts[last])) {
                last = a;
            }
        }
        starts[last] = 0;
        CpSatScheduler.Outcome invalid = new CpSatScheduler.Outcome(starts, proof.durations(), proof.makespan() - 1, 0,
                false, true);
        assertThrows(AssertionFailedError.class, () -> new RefutedProofs().checked(in, proof, invalid, 1, "invalid"));
    }
}
