package org.compass.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.compass.cli.CompassSolveTest.Run;
import org.junit.jupiter.api.Test;

/**
 * Issue 11: cost model v2 is the default (v1 stays selectable), and every result says which model its figures and
 * its proof are on: the Setting line and the JSON key {@code cost_model}.
 */
class DefaultCostModelTest {

    private static final String RESNET = CompassSolveTest.repoFile("problems/resnet.yaml").toString();

    @Test
    void aProblemThatNamesNoCostModelIsSolvedUnderV2() throws Exception {
        Run r = CompassSolveTest.run(RESNET, "--no-baselines", "--json", "-");
        assertEquals(0, r.code(), r.err());
        JsonNode doc = JsonReader.tree(r.out());
        assertEquals("v2", doc.path("cost_model").asText(), r.out());
        Run text = CompassSolveTest.run(RESNET, "--no-baselines");
        assertTrue(text.out().lines().anyMatch(l -> l.startsWith("Setting ") && l.contains(", cost model v2")),
                text.out());
    }

    @Test
    void v1StaysSelectableAndSaysSo() throws Exception {
        Run r = CompassSolveTest.run(RESNET, "--cost-model", "v1", "--no-baselines", "--json", "-");
        assertEquals(0, r.code(), r.err());
        JsonNode v1 = JsonReader.tree(r.out());
        assertEquals("v1", v1.path("cost_model").asText(), r.out());
        JsonNode v2 = JsonReader.tree(CompassSolveTest.run(RESNET, "--no-baselines", "--json", "-").out());
        // the same network and chip, two models: v1 charges the fill per layer, v2 along the longest path
        assertTrue(v1.at("/metrics/latency_s").asDouble() != v2.at("/metrics/latency_s").asDouble(), r.out());
    }
}
