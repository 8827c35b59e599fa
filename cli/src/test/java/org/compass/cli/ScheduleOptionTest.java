package org.compass.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScheduleOptionTest {

    private static final String PROBLEM = """
            network: squeezenet
            hardware: compass-l
            batch: 1
            objective: latency
            formulation: dp
            limits: {seconds: 5, threads: 2, seed: 1}
            """;

    @Test
    void scheduleFlagPrintsTheOverlapAndWritesRecords(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("p.yaml");
        Files.writeString(file, PROBLEM);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = CompassSolve.commandLine(new PrintWriter(out), new PrintWriter(err))
                .execute(file.toString(), "--schedule", "early", "--no-baselines", "--json", "-");
        assertEquals(0, code, err.toString());
        JsonNode json = JsonReader.tree(out.toString());
        assertEquals("early", json.at("/schedule_summary/mode").asText());
        Set<String> kinds = new HashSet<>();
        for (JsonNode r : json.path("schedule")) {
            kinds.add(r.path("kind").asText());
            // rows and ports belong to writes, bytes to transfers
            assertEquals(r.path("kind").asText().equals("write"), r.has("rows"), r.toString());
            assertEquals(r.path("kind").asText().endsWith("load") || r.path("kind").asText().endsWith("store"),
                    r.has("bytes"), r.toString());
        }
        assertEquals(Set.of("weight_load", "write", "stage", "act_load", "act_store"), kinds);
        for (JsonNode p : json.at("/schedule_summary/partitions")) {
            double saved = p.path("saved_s").asDouble();
            assertTrue(saved == 0 || Math.abs(saved) > 1e-15, "saved_s without rounding noise: " + saved);
        }
        assertTrue(err.toString().contains("Schedule (early)"), err.toString());
        assertTrue(err.toString().contains("in phases (v1)"), err.toString());
    }

    /** Issue 12: --schedule works under cost model v2; the makespan is no longer than the v2 phase latency. */
    @Test
    void scheduleWorksUnderCostModelTwo(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("p.yaml");
        Files.writeString(file, PROBLEM);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = CompassSolve.commandLine(new PrintWriter(out), new PrintWriter(err))
                .execute(file.toString(), "--cost-model", "v2", "--schedule", "full", "--no-baselines", "--json", "-");
        assertEquals(0, code, err.toString());
        JsonNode json = JsonReader.tree(out.toString());
        double makespan = json.at("/schedule_summary/makespan_s").asDouble();
        double phases = json.at("/schedule_summary/phase_latency_s").asDouble();
        assertTrue(makespan > 0 && makespan <= phases, makespan + " vs phases " + phases);
        assertTrue(err.toString().contains("in phases (v2)"), err.toString());
    }

    @Test
    void jointSearchIsRefusedUnderCostModelTwo(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("p.yaml");
        Files.writeString(file, PROBLEM);
        StringWriter err = new StringWriter();
        int code = CompassSolve.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(err))
                .execute(file.toString(), "--cost-model", "v2", "--schedule", "full", "--schedule-joint", "5");
        assertEquals(2, code, err.toString());
        assertTrue(err.toString().contains("--schedule-joint: not yet available with cost model v2"), err.toString());
    }

    @Test
    void unknownModeIsABadInput(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("p.yaml");
        Files.writeString(file, PROBLEM);
        StringWriter err = new StringWriter();
        int code = CompassSolve.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(err))
                .execute(file.toString(), "--schedule", "sometimes");
        assertEquals(ExitCodes.BAD_INPUT, code);
        assertTrue(err.toString().startsWith("error: --schedule"), err.toString());
    }
}
