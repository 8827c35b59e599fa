package org.compass.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The baseline command: rows, resumption after a crash, and bad suite files. */
class BaselineCommandTest {

    private static final String SUITE = """
            networks: [squeezenet1_0, resnet18]
            hardware: [compass-s, compass-m]
            batch: [1, 16]
            objectives: [throughput]
            """;

    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = CompassSolve.commandLine(new PrintWriter(out), new PrintWriter(err)).execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private Path suite(String text) throws IOException {
        Path p = dir.resolve("suite.yaml");
        Files.writeString(p, text);
        return p;
    }

    private static List<String> lines(Path p) throws IOException {
        return Files.readAllLines(p);
    }

    /** CSV rows without the solve time, which differs from run to run. */
    private static List<String> withoutTimes(Path p) throws IOException {
        return lines(p).stream().map(l -> l.substring(0, l.lastIndexOf(','))).toList();
    }

    @Test
    void writesOneCertifiedRowPerCaseInCsvAndJsonLines() throws IOException {
        Path csv = dir.resolve("results.csv");
        Run r = run("baseline", suite(SUITE).toString(), "--out", csv.toString());
        assertEquals(0, r.code(), r.err());
        List<String> rows = lines(csv);
        assertEquals(9, rows.size());
        assertEquals(String.join(",", BaselineCommand.COLUMNS), rows.get(0));
        for (String row : rows.subList(1, rows.size())) {
            String[] c = row.split(",", -1);
            assertEquals("OPTIMAL", c[4], row);
            assertEquals(c[5], c[6], "value equals bound: " + row);
            assertTrue(c[BaselineCommand.COLUMNS.indexOf("boundaries")].startsWith("0"),
                    "boundaries start at unit 0: " + row);
            assertEquals("dp", c[BaselineCommand.COLUMNS.indexOf("solver")]);
            // the compass chips' SRAM: 1e16 cycles, a finite lifetime of some hundred thousand years and more
            double lifetime = Double.parseDouble(c[BaselineCommand.COLUMNS.indexOf("lifetime_s")]);
            double writes = Double.parseDouble(c[BaselineCommand.COLUMNS.indexOf("cell_writes_per_s")]);
            assertEquals(1e16 / writes, lifetime, 1e-9 * lifetime, row);
            // one notation down every column: plain, never 1.73809793825E-7 beside 0.0000150215968568 (issue 17)
            String edp = c[BaselineCommand.COLUMNS.indexOf("edp_js")];
            assertTrue(edp.startsWith("0.0"), "EDP of under a milli-joule second, plainly: " + row);
            assertFalse(row.matches(".*\\d[eE][-+]?\\d.*"), "no number with an exponent: " + row);
            double latency = Double.parseDouble(c[BaselineCommand.COLUMNS.indexOf("latency_s")]);
            double energy = Double.parseDouble(c[BaselineCommand.COLUMNS.indexOf("energy_j")]);
            assertEquals(latency * energy, Double.parseDouble(edp), 1e-9 * latency * energy, row);
        }
        List<String> json = lines(dir.resolve("results.jsonl"));
        assertEquals(8, json.size());
        JsonNode first = JsonReader.tree(json.get(0));
        List<String> keys = new ArrayList<>();
        first.fieldNames().forEachRemaining(keys::add);
        assertEquals(BaselineCommand.COLUMNS, keys.subList(0, BaselineCommand.COLUMNS.size()),
                "a JSON line starts with the CSV's columns");
        assertEquals("squeezenet1_0", first.path("network").asText());
        assertEquals("compass-s", first.path("hardware").asText());
        assertEquals(1, first.path("batch").asInt());
        assertEquals(first.path("partitions").asInt(), first.path("plan").size());
        assertEquals(rows.get(1).split(",", -1)[5], first.path("value").asText(), "CSV and JSON write one number");
        assertTrue(r.err().contains("[8/8]"), r.err());
        assertTrue(r.err().contains("left"), r.err());
    }

    @Test
    void rerunSkipsFinishedRowsAndRepairsAHalfWrittenLine() throws IOException {
        Path csv = dir.resolve("results.csv");
        Path json = dir.resolve("results.jsonl");
        Path s = suite(SUITE);
        run("baseline", s.toString(), "--out", csv.toString());
        List<String> full = withoutTimes(csv);

        Run again = run("baseline", s.toString(), "--out", csv.toString());
        assertTrue(again.err().contains("8 already in"), again.err());
        assertTrue(again.err().contains("0 to solve"), again.err());
        assertEquals(full, withoutTimes(csv));

        // A kill in the middle of the last CSV line: the half line is dropped and that case solved again.
        String text = Files.readString(csv);
        Files.writeString(csv, text.substring(0, text.length() - 20));
        Run resumed = run("baseline", s.toString(), "--out", csv.toString());
        assertTrue(resumed.err().contains("1 to solve"), resumed.err());
        assertEquals(full, withoutTimes(csv));
        assertEquals(8, new HashSet<>(lines(json)).size());
        assertEquals(8, lines(json).size());

        // A kill between the JSON line and the CSV line: the row only in the JSON file is solved again, once.
        List<String> all = lines(csv);
        List<String> shorter = all.subList(0, all.size() - 1);
        Files.writeString(csv, String.join("\n", shorter) + "\n");
        Run resumed2 = run("baseline", s.toString(), "--out", csv.toString());
        assertTrue(resumed2.err().contains("1 to solve"), resumed2.err());
        assertEquals(full, withoutTimes(csv));
        assertEquals(8, lines(json).size());
    }

    @Test
    void badSuiteFieldIsOneLineNamingFileAndFieldWithExitTwo() throws IOException {
        Path s = suite("networks: [resnet18, nosuchnet]\nhardware: [compass-s]\nbatch: [1]\nobjectives: [edp]\n");
        Run r = run("baseline", s.toString(), "--out", dir.resolve("x.csv").toString());
        assertEquals(2, r.code());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("suite.yaml: field 'networks[1]'"), r.err());

        Path t = suite("networks: [resnet18]\nhardware: [compass-s]\nbatch: [0]\nobjectives: [edp]\n");
        Run q = run("baseline", t.toString(), "--out", dir.resolve("x.csv").toString());
        assertEquals(2, q.code());
        assertTrue(q.err().contains("field 'batch[0]'"), q.err());

        Path u = suite("networks: [resnet18]\nhardware: [compass-s]\nobjectives: [edp]\n");
        Run m = run("baseline", u.toString(), "--out", dir.resolve("x.csv").toString());
        assertEquals(2, m.code());
        assertTrue(m.err().contains("field 'batch'"), m.err());
    }

    @Test
    void foreignCsvIsNotOverwritten() throws IOException {
        Path csv = dir.resolve("mine.csv");
        Files.writeString(csv, "a,b,c\n1,2,3\n");
        Run r = run("baseline", suite(SUITE).toString(), "--out", csv.toString());
        assertEquals(2, r.code());
        assertEquals("a,b,c\n1,2,3\n", Files.readString(csv));
    }

    /**
     * Issue 16, item 8: a second run on an --out that a running baseline holds refuses at once with one line
     * and exit 2 instead of appending every row a second time; the first run keeps its rows. Here the first run
     * is a separate JVM stopped by Ctrl-C in the middle of its only case, which it does not record.
     */
    @Test
    void aSecondRunOnTheSameOutRefusesWhileTheFirstHoldsIt() throws Exception {
        Path slow = dir.resolve("slow.yaml");
        // Choco proves no optimum for ResNet-152 within a minute, so the first run is still solving
        Files.writeString(slow, "networks: [resnet152]\nhardware: [compass-m]\nbatch: [16]\n"
                + "objectives: [throughput]\nformulation: choco\nlimits: {seconds: 60}\n");
        Path csv = dir.resolve("results.csv");
        ChildJvm first = ChildJvm.start(dir, "baseline", slow.toString(), "--out", csv.toString());
        first.awaitError("1 to solve with choco", 60);
        Run second = run("baseline", suite(SUITE).toString(), "--out", csv.toString());
        assertEquals(2, second.code(), second.err());
        assertEquals(List.of("error: --out " + csv + ": another run is writing to it (it holds " + csv
                + ".lock); wait for it to finish or choose another --out"), second.err().lines().toList());
        first.signal("INT");
        assertEquals(130, first.exitCode(), first.err());
        assertTrue(first.err().contains("baseline: interrupted (SIGINT); resnet152/compass-m/16/throughput not"
                + " recorded, 0 rows kept in " + csv + "; run again to continue"), first.err());
        assertEquals(List.of(String.join(",", BaselineCommand.COLUMNS)), lines(csv));
        // released when the first run ended
        Run third = run("baseline", suite(SUITE).toString(), "--out", csv.toString());
        assertEquals(0, third.code(), third.err());
        assertEquals(9, lines(csv).size());
    }

    /** The lock held within this JVM (another command object) is refused the same way. */
    @Test
    void aLockHeldInThisJvmIsRefusedToo() throws Exception {
        Path csv = dir.resolve("results.csv");
        try (OutputLock held = OutputLock.acquire("--out", csv)) {
            Run r = run("baseline", suite(SUITE).toString(), "--out", csv.toString());
            assertEquals(2, r.code(), r.err());
            assertTrue(r.err().startsWith("error: --out " + csv + ": another run is writing to it"), r.err());
        }
        assertTrue(!Files.exists(csv), "nothing was written while the lock was held");
    }

    /**
     * Issue 17, item 13: three shards solve disjoint thirds of the suite (rows I, I+3, ...), each resumable on
     * its own files, and their merge is the unsharded run's table in the suite's order.
     */
    @Test
    void shardsSolveDisjointRowsAndMergeIntoTheWholeSuite() throws IOException {
        Path s = suite(SUITE);
        Path whole = dir.resolve("whole.csv");
        assertEquals(0, run("baseline", s.toString(), "--out", whole.toString()).code());
        List<String> shards = new java.util.ArrayList<>();
        int rows = 0;
        for (int i = 0; i < 3; i++) {
            Path csv = dir.resolve("shard-" + i + ".csv");
            Run r = run("baseline", s.toString(), "--shard", i + "/3", "--out", csv.toString());
            assertEquals(0, r.code(), r.err());
            assertTrue(r.err().contains("(shard " + i + "/3 of 8)"), r.err());
            List<String> mine = withoutTimes(csv).subList(1, lines(csv).size());
            List<String> expected = new java.util.ArrayList<>();
            for (int k = i; k < 8; k += 3) {
                expected.add(withoutTimes(whole).get(1 + k));
            }
            assertEquals(expected, mine, "shard " + i + " holds rows " + i + ", " + (i + 3) + ", ...");
            rows += mine.size();
            shards.add(csv.toString());
            Run again = run("baseline", s.toString(), "--shard", i + "/3", "--out", csv.toString());
            assertTrue(again.err().contains("0 to solve"), "a rerun of a shard resumes: " + again.err());
        }
        assertEquals(8, rows);
        Path merged = dir.resolve("merged.csv");
        List<String> args = new java.util.ArrayList<>(List.of("baseline", "merge", "--suite", s.toString(), "--out",
                merged.toString()));
        // the shards in any order: --suite restores the suite's
        args.addAll(List.of(shards.get(2), shards.get(0), shards.get(1)));
        Run m = run(args.toArray(String[]::new));
        assertEquals(0, m.code(), m.err());
        assertEquals("", m.err());
        assertEquals(withoutTimes(whole), withoutTimes(merged));
        assertEquals(8, lines(dir.resolve("merged.jsonl")).size());
        // a missing shard is an error naming its cases, in one line, and nothing is written (issue 17)
        Path partial = dir.resolve("partial.csv");
        Run part = run("baseline", "merge", "--suite", s.toString(), "--out", partial.toString(), shards.get(0));
        assertEquals(2, part.code(), part.err());
        assertEquals(1, part.err().lines().count(), part.err());
        assertTrue(part.err().startsWith("error: merge: no row for 5 of the 8 cases of " + s + " ("), part.err());
        for (int k : new int[] {1, 2, 4, 5, 7}) {
            String key = String.join("/", List.of(lines(whole).get(1 + k).split(",")).subList(0, 4));
            assertTrue(part.err().contains(key), "names the missing case " + key + ": " + part.err());
        }
        assertTrue(part.err().contains("add --allow-partial to merge the 3 rows there are"), part.err());
        assertFalse(Files.exists(partial), "nothing written");
        // unless a partial merge is asked for: then what there is lands, with a warning naming the missing cases
        Run allowed = run("baseline", "merge", "--suite", s.toString(), "--out", partial.toString(), "--allow-partial",
                shards.get(0));
        assertEquals(0, allowed.code(), allowed.err());
        assertTrue(allowed.err().startsWith("warning: merge: no row for 5 of the 8 cases of " + s), allowed.err());
        assertEquals(4, lines(partial).size());
        Run noSuite = run("baseline", "merge", "--out", partial.toString(), "--allow-partial", shards.get(0));
        assertEquals(2, noSuite.code(), noSuite.err());
        assertTrue(noSuite.err().startsWith("error: --allow-partial: needs --suite SUITE"), noSuite.err());
        Run bad = run("baseline", s.toString(), "--shard", "3/3");
        assertEquals(2, bad.code());
        assertTrue(bad.err().startsWith("error: --shard 3/3: expected I/N with 0 <= I < N"), bad.err());
        Run over = run("baseline", "merge", "--out", shards.get(0), shards.get(0));
        assertEquals(2, over.code());
        assertTrue(over.err().contains("would overwrite the input"), over.err());
    }

    /** Issue 17, item 10: -q leaves only the closing line. */
    @Test
    void quietLeavesOnlyTheClosingLine() throws IOException {
        Path csv = dir.resolve("q.csv");
        Run r = run("baseline", "-q", suite(SUITE).toString(), "--out", csv.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err());
        assertEquals("8 rows in " + csv + " and " + dir.resolve("q.jsonl"), r.out().strip());
    }
}
