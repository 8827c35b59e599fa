package org.compass.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.compass.cli.CompassSolveTest.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17, the new-user trial's command-line nits: each found by running the README's commands, each checked here
 * through the whole command line.
 */
class TrialNitsTest {

    @TempDir
    Path dir;

    private static final String RESNET = CompassSolveTest.repoFile("problems/resnet.yaml").toString();

    /** A network of one convolution: two nodes, one weighted layer. */
    static final String ONE_CONV = "network: {name: one, input: [3, 8, 8], layers: [{name: c, type: conv,"
            + " inputs: [input], out: 4, kernel: 3}]}\nhardware: compass-s\nbatch: 2\n";

    private Path file(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    /** A failed run: exit 2, one line on standard error, nothing on standard output. */
    static String oneLineError(Run r) {
        assertEquals(ExitCodes.BAD_INPUT, r.code(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertEquals("", r.out());
        assertFalse(r.err().contains("Exception"), r.err());
        return r.err().strip();
    }

    @Test
    void aMisspeltYamlFieldGetsADidYouMean() throws IOException {
        Path p = file("p.yaml", "network: resnet18\nobjectve: energy\n");
        String err = oneLineError(CompassSolveTest.run(p.toString()));
        assertTrue(err.startsWith("error: " + p + ": field 'objectve': unknown field; expected one of network,"), err);
        assertTrue(err.endsWith("; did you mean objective?"), err);
        // a solver setting too, and a nested field
        err = oneLineError(CompassSolveTest.run(file("q.yaml", "network: resnet18\nformulaton: greedy\n").toString()));
        assertTrue(err.endsWith("did you mean formulation?"), err);
        err = oneLineError(CompassSolveTest.run(file("r.yaml", "network: resnet18\nlimits: {second: 5}\n").toString()));
        assertTrue(err.contains("field 'limits.second': unknown field") && err.endsWith("did you mean seconds?"), err);
    }

    /**
     * An output in a folder where no file can be created is refused before solving (fourth session's trial:
     * {@code --report /sys/x.html} solved and printed the plan first); /proc refuses new files even to root,
     * whose permission bits pass.
     */
    @Test
    void anUnwritableOutputIsRefusedBeforeSolving() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc")), "needs Linux's /proc");
        String err = oneLineError(CompassSolveTest.run(RESNET, "--json", "/proc/compass-test.json"));
        assertTrue(err.startsWith("error: --json /proc/compass-test.json: cannot write in folder /proc: "), err);
    }

    @Test
    void baselineGivenAProblemFileSaysItNeedsASuiteAndWhatOneLooksLike() {
        String err = oneLineError(CompassSolveTest.run("baseline", RESNET));
        assertTrue(err.startsWith("error: " + RESNET + ": a problem file (it has 'network'), not a suite;"), err);
        assertTrue(err.contains("'networks: [resnet18, vgg16]'") && err.contains("'objectives: [throughput]'"), err);
        assertTrue(err.endsWith("solve a problem file with: compass-solve " + RESNET), err);
    }

    @Test
    void aMissingOnnxFileNamedInAYamlNamesTheYamlAndTheField() throws IOException {
        Path p = file("p.yaml", "network: {onnx: models/absent.onnx}\n");
        String err = oneLineError(CompassSolveTest.run(p.toString()));
        assertTrue(err.startsWith("error: " + p + ": field 'network.onnx': expected an existing ONNX file"), err);
        assertTrue(err.contains(dir.resolve("models/absent.onnx").toString()), "where it was looked for: " + err);
        assertTrue(err.endsWith("got 'models/absent.onnx'"), err);
    }

    @Test
    void compareShowsObjectivesAndTimesWithUnits() throws IOException {
        Run r = CompassSolveTest.run("compare", file("p.yaml", ONE_CONV).toString(), "-t", "20");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Objective throughput in inferences/s (higher is better)"), r.out());
        String dp = r.out().lines().filter(l -> l.matches("\\s*\\d+  dp .*")).findFirst().orElseThrow();
        List<String> cells = List.of(dp.trim().split("\\s{2,}"));
        assertTrue(cells.get(4).endsWith(" inferences/s"), "objective: " + dp);
        assertTrue(cells.get(5).endsWith(" inferences/s"), "bound: " + dp);
        assertTrue(cells.get(7).matches("[0-9.]+ (J|mJ|uJ|nJ|pJ)"), "energy: " + dp);
        assertTrue(cells.get(8).matches("[0-9.]+ (s|ms|us|ns)"), "time: " + dp);
        // the CSV stays plain numbers
        Run csv = CompassSolveTest.run("compare", file("q.yaml", ONE_CONV).toString(), "-t", "20", "--csv");
        assertEquals(0, csv.code(), csv.err());
        String row = csv.out().lines().filter(l -> l.matches("\\d+,dp,.*")).findFirst().orElseThrow();
        assertTrue(row.split(",")[4].matches("[0-9.eE+-]+"), row);
    }

    @Test
    void baselineProgressNamesTheObjectiveAndItsUnit() throws IOException {
        Path suite = file("suite.yaml", "networks: [squeezenet1_0]\nhardware: [compass-s]\nbatch: [1]\n"
                + "objectives: [throughput, energy]\ncost_model: v1\n");
        Run r = CompassSolveTest.run("baseline", suite.toString(), "--out", dir.resolve("out.csv").toString());
        assertEquals(0, r.code(), r.err());
        String all = r.out() + r.err();
        assertTrue(all.lines().anyMatch(l -> l.matches("\\[\\d/2] .*: OPTIMAL throughput [0-9.e+]+ inferences/s in .*")),
                all);
        assertTrue(all.lines().anyMatch(l -> l.matches("\\[\\d/2] .*: OPTIMAL energy [0-9.]+ (J|mJ|uJ|nJ) in .*")), all);
    }

    @Test
    void longPartitionTablesAreSummarisedAndSaySo() {
        Run r = CompassSolveTest.run(RESNET, "-n", "resnet152", "-f", "layerwise", "--no-baselines");
        assertEquals(0, r.code(), r.err());
        long rows = r.out().lines().filter(l -> l.matches("\\s*\\d+(-\\d+)?\\s.*")).count();
        assertEquals(2 * ResultPrinter.ENDS, rows, r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("\\.\\.\\.\\s+[0-9,]+ rows not shown\\s*")), r.out());
        assertTrue(r.out().contains("rows shown: the first and last " + ResultPrinter.ENDS
                + "; --all-partitions shows every row)"), r.out());
        Run all = CompassSolveTest.run(RESNET, "-n", "resnet152", "-f", "layerwise", "--no-baselines",
                "--all-partitions");
        assertEquals(0, all.code(), all.err());
        long allRows = all.out().lines().filter(l -> l.matches("\\s*\\d+(-\\d+)?\\s.*")).count();
        assertTrue(allRows > ResultPrinter.MAX_ROWS, all.out());
        assertFalse(all.out().contains("rows not shown"), all.out());
        assertTrue(r.out().contains("(20 rows of the plan's " + allRows + " rows shown"), r.out());
    }

    @Test
    void oneWeightedLayerIsSingular() throws IOException {
        Run r = CompassSolveTest.run(file("p.yaml", ONE_CONV).toString(), "--no-baselines");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Network   one: 2 nodes, 1 weighted layer, "), r.out());
    }
}
