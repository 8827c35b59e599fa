package org.compass.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.compass.cli.CompassSolveTest.Run;
import org.junit.jupiter.api.Test;

/** The lifetime on the command line: the table line, a floor no plan meets (exit 3), a refusing formulation. */
class LifetimeCliTest {

    private static final String RESNET = CompassSolveTest.repoFile("problems/resnet.yaml").toString();

    @Test
    void aFloorNoPlanMeetsIsInfeasibleWithExitThree() {
        Run r = CompassSolveTest.run(RESNET, "--hardware", "pcm", "--no-baselines", "--min-lifetime-years", "5");
        assertEquals(ExitCodes.INFEASIBLE, r.code(), r.err());
        assertTrue(r.out().contains("INFEASIBLE") && r.out().contains("longest lifetime of any plan"), r.out());
    }

    @Test
    void aResultWithoutAPlanDoesNotExitZero() {
        // pcm, one year: the floor lies between t_row / ports and t_row per row, where the dp is not exact, and it
        // finds no plan: UNKNOWN, which must not look like a success
        Run r = CompassSolveTest.run(RESNET, "--hardware", "pcm", "--no-baselines", "--min-lifetime-years", "1");
        assertEquals(ExitCodes.NO_PLAN, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("UNKNOWN"), r.out());
    }

    @Test
    void theTableShowsTheLifetimeAndAFloorItMeets() {
        Run r = CompassSolveTest.run(RESNET, "--hardware", "rram", "--no-baselines");
        assertEquals(ExitCodes.OK, r.code(), r.err());
        assertTrue(r.out().contains("Lifetime    2.7 h in continuous operation"), r.out());
        Run floor = CompassSolveTest.run(RESNET, "--hardware", "rram", "--no-baselines", "--min-lifetime-years",
                "0.004");
        assertEquals(ExitCodes.OK, floor.code(), floor.err());
        assertTrue(floor.out().contains("dp (contiguous space): OPTIMAL"), floor.out());
    }

    @Test
    void aFormulationThatDoesNotHonourTheFloorIsRefused() {
        Run r = CompassSolveTest.run(RESNET, "--hardware", "rram", "--min-lifetime-years", "1", "-f", "choco");
        assertEquals(ExitCodes.BAD_INPUT, r.code());
        assertTrue(r.err().contains("does not honour a lifetime floor"), r.err());
    }
}
