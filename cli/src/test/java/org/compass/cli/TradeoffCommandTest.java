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
        Run r = CompassSolveTest.run("tradeoff", RESNET, "--hardware", "pcm", "--batches", "16,256", "--years", "5");
        assertEquals(ExitCodes.OK, r.code(), r.err());
        // at batch 16 the longest-lived plan lasts 261.7 days: five years is proven out of reach
        assertTrue(r.out().contains("INFEASIBLE"), r.out());
        assertTrue(r.out().contains("5 years: the smallest batch listed that buys it is 256"), r.out());
        Run csv = CompassSolveTest.run("tradeoff", RESNET, "--hardware", "pcm", "--batches", "256", "--years", "5",
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
    void badListsAreRefused() {
        Run r = CompassSolveTest.run("tradeoff", RESNET, "--years", "0");
        assertEquals(ExitCodes.BAD_INPUT, r.code());
        Run f = CompassSolveTest.run("tradeoff", RESNET, "-f", "cpsat");
        assertEquals(ExitCodes.BAD_INPUT, f.code());
        assertTrue(f.err().contains("computed with the dp"), f.err());
    }
}
