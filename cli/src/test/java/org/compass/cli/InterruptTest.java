package org.compass.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16, item 1: Ctrl-C (SIGINT) or SIGTERM during a solve stops it, prints the best plan so far FEASIBLE,
 * writes {@code --json} and {@code --report}, and exits 130 (143 for SIGTERM). Signals reach only a separate
 * process, so each case starts compass-solve in its own JVM and signals its pid directly.
 */
class InterruptTest {

    @TempDir
    Path dir;

    /** A CP-SAT solve (the epsilon-constraint sweep for EDP on ResNet-152, about a minute) used to abort the JVM. */
    @Test
    void sigintDuringCpSatKeepsTheBestPlanAndExits130() throws Exception {
        Path json = dir.resolve("r.json");
        Path report = dir.resolve("r.html");
        ChildJvm s = ChildJvm.start(dir, CompassSolveTest.repoFile("problems/resnet.yaml").toString(), "-n",
                "resnet152", "-o", "edp", "-f", "cpsat", "--space", "dag", "-t", "60", "--json", json.toString(), "--report", report.toString());
        // signalled once CP-SAT runs: the graph is built and the sweep has started
        s.awaitError("cpsat: dag graph", 60);
        Thread.sleep(1500);
        s.signal("INT");
        assertEquals(130, s.exitCode(), s.err());
        String out = s.out();
        assertTrue(out.contains("cpsat (dag space): FEASIBLE in "), out);
        assertTrue(out.contains("interrupted (SIGINT)"), out);
        assertTrue(out.contains("Objective   edp = "), out);
        assertTrue(s.err().contains("interrupted (SIGINT): stopping the solve"), s.err());
        assertFalse(s.err().contains("bad_function_call"), s.err());
        Map<String, Object> doc = JsonReader.map(json);
        assertEquals("FEASIBLE", doc.get("status"));
        assertTrue(String.valueOf(doc.get("message")).contains("interrupted (SIGINT)"), doc.toString());
        assertFalse(((List<?>) doc.get("partitions")).isEmpty());
        assertTrue(Files.readString(report).contains("</html>"));
    }

    /**
     * The DP under cost model v2 stopped by SIGTERM: its best plan, exit 143. The problem is a chain of 300 small
     * convolutions on compass-l for energy on one thread, whose replication searches run into the 60 s limit
     * (2026-12-01): the zoo's networks are now all solved within about a second, before any signal a test can time.
     */
    @Test
    void sigtermDuringTheDpKeepsItsPlanAndExits143() throws Exception {
        Path json = dir.resolve("dp.json");
        Path problem = dir.resolve("chain.yaml");
        StringBuilder yaml = new StringBuilder("network:\n  name: chain300\n  input: [16, 16, 16]\n  layers:\n");
        for (int i = 0; i < 300; i++) {
            yaml.append("    - {name: c").append(i).append(", type: conv, out: 16, kernel: 3, padding: 1}\n");
        }
        yaml.append("hardware: compass-l\nbatch: 1\nobjective: energy\ncost_model: v2\n");
        Files.writeString(problem, yaml);
        ChildJvm s = ChildJvm.start(dir, problem.toString(), "--threads", "1", "--json", json.toString());
        // the summary is printed just before the DP starts
        s.awaitOutput("Setting ", 60);
        Thread.sleep(1000);
        s.signal("TERM");
        assertEquals(143, s.exitCode(), s.err());
        assertTrue(s.out().contains("dp (contiguous space): FEASIBLE in "), s.out());
        // the lazy DP of cost model v2 (docs/cost-model.md) keeps a whole plan and a bound from its floors; if
        // the signal comes while it still prices the ranges, the eager DP's optimal prefix is packed greedily
        assertTrue(s.out().contains("interrupted (SIGTERM): the searches stopped with a whole plan")
                || s.out().contains("interrupted (SIGTERM): optimal over the first "), s.out());
        Map<String, Object> doc = JsonReader.map(json);
        assertEquals("FEASIBLE", doc.get("status"));
        assertTrue(String.valueOf(doc.get("message")).startsWith("interrupted (SIGTERM)"), doc.toString());
    }

    /**
     * compare stopped by SIGINT during its fourth run (choco on ResNet-152): the rows finished so far and the
     * stopped one are printed, the rest skipped, exit 130 (issue 16, leftovers; it used to end silently).
     */
    @Test
    void sigintDuringComparePrintsTheRowsSoFarAndExits130() throws Exception {
        ChildJvm s = ChildJvm.start(dir, "compare", CompassSolveTest.repoFile("problems/resnet.yaml").toString(), "-n",
                "resnet152", "-t", "60", "--csv");
        s.awaitError("compare: choco (contiguous)", 120);
        Thread.sleep(500);
        s.signal("INT");
        assertEquals(130, s.exitCode(), s.err());
        String out = s.out();
        assertTrue(out.startsWith("rank,formulation,space,status,"), out);
        assertTrue(out.lines().anyMatch(l -> l.matches("\\d+,dp,contiguous,OPTIMAL,.*")), out);
        assertTrue(out.lines().anyMatch(l -> l.matches("\\d+,choco,contiguous,.*")), out);
        assertFalse(out.contains(",dag,"), "the runs after the signal are skipped: " + out);
        assertTrue(s.err().contains("compare: interrupted (SIGINT) during choco (contiguous); 4 of "), s.err());
    }

    /**
     * pareto (the DP's labels under cost model v2 on ResNet-152 on compass-l, seconds) stopped by SIGINT: the front of
     * the prefix solved so far, each plan completed greedily, marked NOT complete, exit 130.
     */
    @Test
    void sigintDuringParetoPrintsThePointsSoFarAndExits130() throws Exception {
        // on compass-l: on the file's compass-m the labels now end in about 2 s (2026-12-01), before the signal;
        // on compass-l they take about 11 s at load 7
        ChildJvm s = ChildJvm.start(dir, "pareto", CompassSolveTest.repoFile("problems/resnet.yaml").toString(), "-n",
                "resnet152", "--hardware", "compass-l", "--cost-model", "v2");
        s.awaitError("pareto: dp labels over", 60);
        Thread.sleep(2000);
        s.signal("INT");
        assertEquals(130, s.exitCode(), s.err());
        String out = s.out();
        assertTrue(out.contains("NOT complete (dynamic program over (latency, energy) labels, interrupted (SIGINT)"
                + " after "), out);
        assertTrue(out.contains("least latency"), out);
        assertTrue(s.err().contains("pareto: interrupted (SIGINT); the points above are those found so far"), s.err());
    }
}
