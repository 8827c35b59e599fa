package org.compass.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.compass.cli.CompassSolveTest.Run;
import org.junit.jupiter.api.Test;

/** {@code tradeoff}: throughput against lifetime and batch, and which batch buys five years. */
class TradeoffCommandTest {

    private static final String RESNET = CompassSolveTest.repoFile("problems/resnet.yaml").toString();

    @Test
    void fiveYearsOnPcmAreBoughtByBatch256AtAPrice() {
        Run r = CompassSolveTest.run("tradeoff", "--cost-model", "v1", RESNET, "--hardware", "pcm", "--batches", "16,256", "--years", "5");
        assertEquals(ExitCodes.OK, r.code(), r.err());
        // at batch 16 the longest-lived plan lasts 261.7 days: five years is proven out of reach
        assertTrue(r.out().contains("INFEASIBLE"), r.out());
        assertTrue(r.out().contains("5 years: the smallest batch listed that buys it is 256"), r.out());
        Run csv = CompassSolveTest.run("tradeoff", "--cost-model", "v1", RESNET, "--hardware", "pcm", "--batches", "256", "--years", "5",
                "--csv");
        String[] lines = csv.out().strip().split("\n");
        assertEquals(3, lines.length, csv.out());
        String[] five = lines[2].split(",");
        assertEquals("OPTIMAL", five[4]);
        double lost = Double.parseDouble(five[10]);
        assertTrue(lost > 0 && lost < 1, lines[2]);
        assertTrue(Double.parseDouble(five[8]) >= 5 * 365.25 * 86400, lines[2]);
    }

    @Test
    void oneAndFiveYearsGetTheSameVerdictWhereNoPlanLastsEither() {
        // pcm: a 1-year floor lies between t_row / ports and t_row per row written, a 5-year floor above t_row; rows
        // come a replica (at least 147 rows) at a time, so no replication past the least a period needs adds slack and
        // both are proofs: INFEASIBLE at batch 1 and 16 (longest 23.6 and 261.7 days), OPTIMAL at 256
        Run csv = CompassSolveTest.run("tradeoff", "--cost-model", "v1", RESNET, "--hardware", "pcm", "--batches", "1,16,256", "--years",
                "1,5", "--csv");
        assertEquals(ExitCodes.OK, csv.code(), csv.err());
        String[] lines = csv.out().strip().split("\n");
        assertEquals(10, lines.length, csv.out());
        for (int i = 1; i < lines.length; i++) {
            String[] f = lines[i].split(",");
            if (Double.parseDouble(f[3]) == 0) {
                continue;
            }
            String want = f[2].equals("256") ? "OPTIMAL" : "INFEASIBLE";
            assertEquals(want, f[4], lines[i]);
        }
        assertTrue(!csv.out().contains("UNKNOWN"), csv.out());
    }

    @Test
    void badListsAreRefused() {
        Run r = CompassSolveTest.run("tradeoff", "--cost-model", "v1", RESNET, "--years", "0");
        assertEquals(ExitCodes.BAD_INPUT, r.code());
        Run f = CompassSolveTest.run("tradeoff", "--cost-model", "v1", RESNET, "-f", "cpsat");
        assertEquals(ExitCodes.BAD_INPUT, f.code());
        assertTrue(f.err().contains("computed with the dp"), f.err());
    }
}
