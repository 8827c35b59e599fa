package org.compass.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.compass.cli.CompassSolveTest.Run;
import org.junit.jupiter.api.Test;

/** {@code --simulate-batches}: wear levelling in the text, the JSON and the refusals. */
class WearCliTest {

    private static final String RESNET = CompassSolveTest.repoFile("problems/resnet.yaml").toString();

    @Test
    void levelledBatchesAreReportedBesideTheIdealLifetime() {
        Run r = CompassSolveTest.run(RESNET, "--cost-model", "v1", "--hardware", "rram", "--no-baselines", "-q", "--simulate",
                "--simulate-batches", "4", "--json", "-");
        assertEquals(ExitCodes.OK, r.code(), r.err());
        assertTrue(r.err().contains("Wear        without levelling: the most-written row takes 3 writes per batch"),
                r.err());
        assertTrue(r.err().contains("Levelled    over 4 batches, least-worn first"), r.err());
        assertTrue(r.err().contains("cost model (ideal levelling) 2.7 h"), r.err());
        JsonNode wear = JsonReader.tree(r.out()).path("simulation").path("wear");
        JsonNode levelled = wear.path("levelled");
        assertEquals(4, levelled.path("batches").intValue());
        double factor = levelled.path("levelling_factor").doubleValue();
        double fixed = wear.path("fixed").path("levelling_factor").doubleValue();
        assertTrue(factor >= 1 && factor < fixed, factor + " vs " + fixed);
        double lifetime = levelled.path("lifetime_s").doubleValue();
        double ideal = levelled.path("ideal_lifetime_s").doubleValue();
        assertEquals(ideal / factor, lifetime, 1e-9 * lifetime);
        assertTrue(wear.path("policy").textValue().startsWith("least-worn first"), wear.toString());
    }

    @Test
    void batchesWithoutSimulateOrWithAScheduleAreRefused() {
        Run r = CompassSolveTest.run(RESNET, "--simulate-batches", "4");
        assertEquals(ExitCodes.BAD_INPUT, r.code());
        assertTrue(r.err().contains("--simulate-batches: needs --simulate"), r.err());
        Run s = CompassSolveTest.run(RESNET, "--simulate", "--simulate-batches", "4", "--schedule", "early");
        assertEquals(ExitCodes.BAD_INPUT, s.code());
        Run z = CompassSolveTest.run(RESNET, "--simulate", "--simulate-batches", "0");
        assertEquals(ExitCodes.BAD_INPUT, z.code());
        assertTrue(z.err().contains("from 1 to 100,000"), z.err());
    }
}
