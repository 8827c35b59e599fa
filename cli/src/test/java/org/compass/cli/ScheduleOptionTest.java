package org.compass.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
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
        String json = out.toString();
        assertTrue(json.contains("\"schedule_summary\""), json);
        for (String kind : new String[] {"weight_load", "write", "stage", "act_load", "act_store"}) {
            assertTrue(json.contains("\"kind\": \"" + kind + "\""), kind + " missing");
        }
        assertTrue(err.toString().contains("Schedule (early)"), err.toString());
        assertTrue(err.toString().contains("in phases (v1)"), err.toString());
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
