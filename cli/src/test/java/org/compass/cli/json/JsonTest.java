package org.compass.cli.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void numbersKeepTwelveSignificantDigitsAndNoNoise() {
        assertEquals("0.00135516", Json.number(0.0013551599999999998));
        assertEquals("0.3", Json.number(0.1 + 0.2));
        assertEquals("16", Json.number(16.0));
        assertEquals("818924576", Json.number(818924576.0));
        assertEquals("10000000000000000", Json.number(1e16));
        assertEquals("2.7E-20", Json.number(2.7e-20), "a tiny value is kept: only differences are snapped to 0");
        assertEquals("-0.0397338832869", Json.number(-0.03973388328693));
        assertEquals("0", Json.number(-0.0));
        assertEquals("null", Json.number(Double.NaN));
        assertEquals("null", Json.number(Double.POSITIVE_INFINITY));
    }

    private record Inner(double latencyS, List<Integer> units) {
    }

    private record Outer(String status, Inner timeS, List<Inner> partitions, Map<String, Inner> baselines,
                         @com.fasterxml.jackson.annotation.JsonProperty("static") double staticPower,
                         @com.fasterxml.jackson.annotation.JsonUnwrapped Inner unwrapped) {
    }

    private static final Outer DOC = new Outer("OPTIMAL", new Inner(0.1 + 0.2, List.of(0, 1)),
            List.of(new Inner(1, List.of()), new Inner(2, List.of(3))), Map.of("greedy", new Inner(3, List.of())),
            4, new Inner(5, List.of()));

    @Test
    void pathsTakeTheirKeysFromTheRecords() {
        JsonPath<Outer> root = JsonPath.root(DOC);
        assertEquals("status", root.get(Outer::status).key());
        assertEquals("time_s.latency_s", root.get(Outer::timeS).get(Inner::latencyS).key());
        assertEquals("partitions.1.latency_s", root.item(Outer::partitions, 1).get(Inner::latencyS).key());
        assertEquals(2.0, root.item(Outer::partitions, 1).get(Inner::latencyS).value());
        assertEquals("baselines.greedy.latency_s", root.entry(Outer::baselines, "greedy").get(Inner::latencyS).key());
        assertEquals("static", root.get(Outer::staticPower).key());
        assertEquals("latency_s", root.get(Outer::unwrapped).get(Inner::latencyS).key(), "unwrapped: no key of its own");
        assertThrows(IllegalArgumentException.class, () -> root.entry(Outer::baselines, "layerwise"));
    }

    @Test
    void writtenKeysAreTheOnesThePathsName() throws Exception {
        String text = Json.write(DOC);
        var tree = Json.mapper().readTree(text);
        assertEquals(0.3, tree.at("/time_s/latency_s").asDouble(), 0.0);
        assertEquals(2.0, tree.at("/partitions/1/latency_s").asDouble(), 0.0);
        assertEquals(4.0, tree.at("/static").asDouble(), 0.0);
        assertEquals(5.0, tree.at("/latency_s").asDouble(), 0.0);
        assertTrue(text.contains("\"units\": [0, 1]"), "a list of numbers stays on one line: " + text);
        assertEquals("{\"status\":\"OPTIMAL\"", Json.line(DOC).substring(0, 19));
    }
}
