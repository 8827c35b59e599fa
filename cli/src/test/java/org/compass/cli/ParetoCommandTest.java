package org.compass.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pareto command prints a front whose points trade latency for energy, as a table or CSV. */
class ParetoCommandTest {

    @TempDir
    Path dir;

    private String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = CompassSolve.commandLine(new PrintWriter(out), new PrintWriter(err)).execute(args);
        return new String[] {String.valueOf(code), out.toString(), err.toString()};
    }

    @Test
    void csvFrontIsSortedByLatencyWithFallingEnergy() throws IOException {
        Path p = dir.resolve("p.yaml");
        Files.writeString(p, "network: resnet18\nhardware: compass-m\nbatch: 16\n");
        String[] r = run("pareto", p.toString(), "--csv");
        assertEquals("0", r[0], r[2]);
        List<String> lines = r[1].lines().toList();
        assertEquals("latency_s,energy_j,edp_js,throughput_ips,partitions,boundaries", lines.get(0));
        assertTrue(lines.size() >= 3, r[1]);
        double lastT = 0;
        double lastE = Double.POSITIVE_INFINITY;
        for (String l : lines.subList(1, lines.size())) {
            String[] c = l.split(",");
            // twelve digits at most, in plain notation (issue 17: not 1.412507344314624E-6 beside 0.0013551599999999998)
            for (int i = 0; i < 4; i++) {
                assertTrue(c[i].matches("\\d+(\\.\\d+)?") && c[i].replace(".", "").replaceFirst("^0+", "").length() <= 12,
                        "plain, at most 12 significant digits: " + l);
            }
            double t = Double.parseDouble(c[0]);
            double e = Double.parseDouble(c[1]);
            assertTrue(t > lastT && e < lastE, l);
            // each of the three is rounded to 12 significant digits (half a unit in the 12th: 5e-12 relative)
            assertEquals(t * e, Double.parseDouble(c[2]), 1.5e-11 * t * e);
            lastT = t;
            lastE = e;
        }
        String[] table = run("pareto", p.toString(), "--batch", "4");
        assertEquals("0", table[0], table[2]);
        assertTrue(table[1].contains("least EDP") && table[1].contains("least latency"), table[1]);
        // neighbours of the front that differ by less than 0.1% print more decimals rather than alike (a trial found
        // rows 0 and 1 identical: 1.230 ms, 1.030 mJ)
        String[] front = run("pareto", p.toString());
        assertEquals("0", front[0], front[2]);
        List<String> rows = front[1].lines().filter(l -> l.matches("\\d+ .*")).toList();
        assertTrue(rows.size() >= 3, front[1]);
        for (int i = 1; i < rows.size(); i++) {
            String[] a = rows.get(i - 1).trim().split("\\s{2,}");
            String[] b = rows.get(i).trim().split("\\s{2,}");
            assertTrue(!a[1].equals(b[1]) || !a[3].equals(b[3]), "rows print alike:\n" + front[1]);
        }
    }

    @Test
    void solverSweepsPrintTheDpFrontAndRejectOtherFormulations() throws IOException {
        Path p = dir.resolve("p.yaml");
        Files.writeString(p, "network: squeezenet1_0\nhardware: compass-m\nbatch: 16\n");
        String[] dp = run("pareto", p.toString(), "--csv");
        assertEquals("0", dp[0], dp[2]);
        for (String f : List.of("cpsat", "mip")) {
            String[] r = run("pareto", p.toString(), "--csv", "--formulation", f);
            assertEquals("0", r[0], r[2]);
            List<String> a = dp[1].lines().toList();
            List<String> b = r[1].lines().toList();
            assertEquals(a.size(), b.size(), f + ":\n" + r[1]);
            for (int i = 1; i < a.size(); i++) {
                double ta = Double.parseDouble(a.get(i).split(",")[0]);
                double tb = Double.parseDouble(b.get(i).split(",")[0]);
                double ea = Double.parseDouble(a.get(i).split(",")[1]);
                double eb = Double.parseDouble(b.get(i).split(",")[1]);
                assertEquals(ta, tb, 1e-9 * ta, f + " latency of point " + i);
                assertEquals(ea, eb, 1e-9 * ea, f + " energy of point " + i);
            }
        }
        String[] dag = run("pareto", p.toString(), "--formulation", "mip", "--space", "dag");
        assertEquals("0", dag[0], dag[2]);
        assertTrue(dag[1].contains("Pareto front of dag plans") && dag[1].contains("epsilon-constraint sweep"), dag[1]);
        String[] ga = run("pareto", p.toString(), "--formulation", "ga");
        assertEquals("2", ga[0]);
        assertTrue(ga[2].contains("--formulation"), ga[2]);
        String[] dpDag = run("pareto", p.toString(), "--space", "dag");
        assertEquals("2", dpDag[0]);
        assertTrue(dpDag[2].contains("contiguous space only"), dpDag[2]);
    }

    @Test
    void missingFileIsBadInput() {
        String[] r = run("pareto", dir.resolve("none.yaml").toString());
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("no such file"), r[2]);
    }
}
