package org.compass.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.compass.cli.CompassSolveTest.Run;
import org.compass.cli.format.Units;
import org.compass.formulations.StandardFormulations;
import org.compass.model.problem.Objective;
import org.compass.model.problem.SearchSpace;
import org.compass.solver.ProblemFile;
import org.compass.solver.SolveRequest;
import org.compass.solver.SolveResult;
import org.compass.solver.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17's follow-ups from a new user's trial of the command line: units on the objective, singular for one,
 * did-you-mean for mistyped values in problem files, no lock file left by {@code baseline}, {@code help compare}
 * listing only what compare takes, and compare's ranking with ties broken by energy, then by name.
 */
class TrialFollowUpTest {

    @TempDir
    Path dir;

    private static final String ONE_CONV = TrialNitsTest.ONE_CONV;

    private Path file(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    private static String oneLineError(Run r) {
        return TrialNitsTest.oneLineError(r);
    }

    private static String line(Run r, String start) {
        return r.out().lines().filter(l -> l.startsWith(start)).findFirst().orElseThrow(() -> new AssertionError(
                "no line '" + start + "' in " + r.out()));
    }

    private static String group(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), regex + " in " + text);
        return m.group(1);
    }

    /**
     * Item 1: the Objective line prints its value and bound with the unit, in the format the same figure has on the
     * lines above it (Latency, Energy, EDP) and in the comparison table.
     */
    @Test
    void theObjectiveLineHasItsUnitAndTheFormatOfTheSameFigureAbove() throws IOException {
        Path p = file("p.yaml", ONE_CONV);
        // objective -> the figure printed for it elsewhere, as a regex group on the line that prints it
        Map<String, String[]> figure = Map.of(
                "throughput", new String[] {"Latency", "\\(throughput (\\S+ inferences/s)\\)"},
                "latency", new String[] {"Latency", "^Latency\\s+(\\S+ \\S*s) per batch"},
                "energy", new String[] {"Energy", "^Energy\\s+(\\S+ \\S*J) "},
                "edp", new String[] {"EDP", "^EDP\\s+(\\S+ J s)$"});
        for (Map.Entry<String, String[]> e : figure.entrySet()) {
            Run r = CompassSolveTest.run(p.toString(), "-o", e.getKey());
            assertEquals(0, r.code(), r.err());
            String expected = group(line(r, e.getValue()[0]), e.getValue()[1]);
            assertEquals("Objective   " + e.getKey() + " = " + expected + " (bound " + expected + ", gap 0.0%)",
                    line(r, "Objective"), r.out());
        }
        assertEquals("1.355 ms", Units.objective(Objective.LATENCY, 1.355e-3));
        assertEquals("1.181e+04 inferences/s", Units.objective(Objective.THROUGHPUT, 11812.3));
        assertEquals("1.042 mJ", Units.objective(Objective.ENERGY, 1.042e-3));
        assertEquals("1.413e-06 J s", Units.objective(Objective.EDP, 1.413e-6));
        assertEquals("-", Units.objective(Objective.EDP, Double.NaN), "no bound");
    }

    /** Item 2: one of anything is singular ("1 write per batch", "1 unit to partition"), through one helper. */
    @Test
    void oneOfAnythingIsSingular() throws IOException {
        Path p = file("p.yaml", ONE_CONV);
        Run sim = CompassSolveTest.run(p.toString(), "--simulate", "--no-baselines");
        assertEquals(0, sim.code(), sim.err());
        assertTrue(sim.out().contains("Wear        without levelling: the most-written row takes 1 write per batch ("),
                sim.out());
        Run info = CompassSolveTest.run("info", p.toString());
        assertEquals(0, info.code(), info.err());
        assertTrue(info.out().contains("\n1 unit to partition (one per layer;"), info.out());
        Run levelled = CompassSolveTest.run(p.toString(), "--simulate", "--simulate-batches", "1", "--no-baselines");
        assertEquals(0, levelled.code(), levelled.err());
        assertTrue(levelled.out().contains("Levelled    over 1 batch, "), levelled.out());
        assertEquals("1 batch", Units.count(1, "batch"));
        assertEquals("2 batches", Units.count(2, "batch"));
        assertEquals("0 entries", Units.count(0, "entry"));
        assertEquals("1,024 rows", Units.count(1024, "row"));
        assertEquals("3 days", Units.count(3, "day"));
    }

    /**
     * Item 3: a mistyped value of a field with a fixed set of names is one line naming the file, the field, the
     * names and the nearest one; a number field says what number it wants in words, on the command line too.
     */
    @Test
    void aMistypedValueInAProblemFileGetsADidYouMean() throws IOException {
        String[][] cases = {
            {"objective: latncy", "field 'objective': expected throughput, latency, energy or edp, got 'latncy';"
                    + " did you mean latency?"},
            {"formulation: dpp", "field 'formulation': expected one of dp, cpsat, mip, choco, ga, greedy, layerwise,"
                    + " got 'dpp'; did you mean dp?"},
            {"cost_model: v3", "field 'cost_model': expected v1 or v2, got 'v3'; did you mean v1 or v2?"},
            {"hardware: compas-m", "field 'hardware': expected a hardware preset (compass-s, compass-m, compass-l,"
                    + " puma, rram, pcm), got 'compas-m'; did you mean compass-m?"},
            {"hardware: {preset: pmc}", "field 'hardware.preset': expected a hardware preset (compass-s, compass-m,"
                    + " compass-l, puma, rram, pcm), got 'pmc'; did you mean pcm?"},
            {"space: dagg", "field 'space': expected contiguous or dag, got 'dagg'; did you mean dag?"},
            {"pipeline: rwo", "field 'pipeline': expected row or image, got 'rwo'; did you mean row?"},
            {"formulation: mip\nbackend: scpi", "field 'backend': expected one of scip, cbc, highs, got 'scpi'; did"
                    + " you mean scip?"},
            // nothing near: no guess
            {"objective: speed", "field 'objective': expected throughput, latency, energy or edp, got 'speed'"},
            {"batch: abc", "field 'batch': expected a positive integer, got 'abc'"},
        };
        for (String[] c : cases) {
            Path p = file("p.yaml", "network: resnet18\n" + c[0] + "\n");
            assertEquals("error: " + p + ": " + c[1], oneLineError(CompassSolveTest.run(p.toString())), c[0]);
        }
        Path suite = file("s.yaml", "networks: [resnet18]\nhardware: [compass-s]\nbatch: [1]\nobjectives: [energi]\n");
        assertEquals("error: " + suite + ": field 'objectives[0]': expected throughput, latency, energy or edp, got"
                + " 'energi'; did you mean energy?", oneLineError(CompassSolveTest.run("baseline", suite.toString())));
        // numbers on the command line: no "'abc' is not an int"
        Path ok = file("ok.yaml", "network: resnet18\n");
        assertEquals("error: --batch abc: expected a whole number (usage: compass-solve --help)",
                oneLineError(CompassSolveTest.run(ok.toString(), "--batch", "abc")));
        assertEquals("error: --batch 1.5: expected a whole number (usage: compass-solve --help)",
                oneLineError(CompassSolveTest.run(ok.toString(), "--batch", "1.5")));
        assertEquals("error: --time-limit abc: expected a number, e.g. 60 or 0.5 (usage: compass-solve --help)",
                oneLineError(CompassSolveTest.run(ok.toString(), "-t", "abc")));
        assertEquals("error: --years x: expected a number, e.g. 60 or 0.5 (usage: compass-solve tradeoff --help)",
                oneLineError(CompassSolveTest.run("tradeoff", ok.toString(), "--years", "x")));
        assertEquals("error: --seed 1e3: expected a whole number (usage: compass-solve --help)",
                oneLineError(CompassSolveTest.run(ok.toString(), "--seed", "1e3")));
        // beyond an int: the batch's own range, not an int's ("from -2,147,483,648" read as if it took negatives)
        assertEquals("error: --batch 99999999999: expected a positive integer up to 65,536",
                oneLineError(CompassSolveTest.run(ok.toString(), "--batch", "99999999999")));
        assertEquals("error: --seed 99999999999999999999: expected a whole number of at most "
                + "9,223,372,036,854,775,807 (usage: compass-solve --help)",
                oneLineError(CompassSolveTest.run(ok.toString(), "--seed", "99999999999999999999")));
    }

    /** Item 4: baseline leaves no {@code .lock} beside its CSV, after a run, after an error, or after a crash's. */
    @Test
    void baselineLeavesNoLockFile() throws IOException {
        Path suite = file("s.yaml", "networks: [squeezenet1_0]\nhardware: [compass-s]\nbatch: [1]\n"
                + "objectives: [throughput]\n");
        Path csv = dir.resolve("out.csv");
        Run r = CompassSolveTest.run("baseline", suite.toString(), "--out", csv.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.exists(csv) && Files.exists(dir.resolve("out.jsonl")));
        assertEquals(List.of(), lockFiles(), "after a run");
        // an error after the lock was taken: a CSV with another header
        Path foreign = file("foreign.csv", "a,b\n1,2\n");
        Run bad = CompassSolveTest.run("baseline", suite.toString(), "--out", foreign.toString());
        assertEquals(ExitCodes.BAD_INPUT, bad.code(), bad.err());
        assertTrue(bad.err().contains("the first line is not this command's header"), bad.err());
        assertEquals(List.of(), lockFiles(), "after an error");
        // a lock file a killed run left (no process holds it) is taken over and removed
        Files.writeString(dir.resolve("out.csv.lock"), "left by kill -9");
        Run again = CompassSolveTest.run("baseline", suite.toString(), "--out", csv.toString());
        assertEquals(0, again.code(), again.err());
        assertTrue(again.err().contains("1 already in"), again.err());
        assertEquals(List.of(), lockFiles(), "after a run that found a stale lock file");
        // while a run holds it, the file is there and a second run refuses
        try (OutputLock held = OutputLock.acquire("--out", csv)) {
            assertEquals(List.of("out.csv.lock"), lockFiles());
            Run second = CompassSolveTest.run("baseline", suite.toString(), "--out", csv.toString());
            assertEquals(ExitCodes.BAD_INPUT, second.code(), second.err());
        }
        assertEquals(List.of(), lockFiles(), "released");
    }

    private List<String> lockFiles() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".lock")).sorted().toList();
        }
    }

    /**
     * Item 5: {@code help compare} lists only the options compare takes: not -f, which it refuses (it runs every
     * formulation); given anyway, -f is refused with that reason. Likewise info and tradeoff.
     */
    @Test
    void eachCommandsHelpListsOnlyTheOptionsItTakes() throws IOException {
        Map<String, List<String>> refused = Map.of("compare", CompareCommand.REFUSED, "info", InfoCommand.REFUSED,
                "tradeoff", TradeoffCommand.REFUSED);
        for (Map.Entry<String, List<String>> e : refused.entrySet()) {
            Run help = CompassSolveTest.run("help", e.getKey());
            assertEquals(0, help.code(), help.err());
            for (String option : e.getValue()) {
                assertFalse(help.out().contains(option + "="), e.getKey() + " lists " + option + ":\n" + help.out());
            }
            assertTrue(help.out().contains("--batch=N"), "what it takes is still listed: " + help.out());
        }
        Run compare = CompassSolveTest.run("help", "compare");
        assertFalse(compare.out().contains("-f="), compare.out());
        assertFalse(compare.out().contains("--formulation"), compare.out());
        assertTrue(compare.out().contains("--backend=NAME") && compare.out().contains("--time-limit=SECONDS"),
                "compare passes these to the formulations: " + compare.out());
        Path p = file("p.yaml", ONE_CONV);
        assertEquals("error: compare: --formulation cpsat does not apply: it runs every formulation; drop it",
                oneLineError(CompassSolveTest.run("compare", p.toString(), "-f", "cpsat")));
        Run completion = CompassSolveTest.run("completion");
        String compareBlock = completion.out().substring(completion.out().indexOf("_picocli_compass-solve_compare()"));
        compareBlock = compareBlock.substring(0, compareBlock.indexOf("\n}"));
        assertFalse(compareBlock.contains("'--formulation'"), compareBlock);
    }

    /**
     * Item 7: compare ranks its rows best first; rows that tie on the objective are ordered by lower energy, then by
     * formulation name (then contiguous before dag), whatever order they ran in. Every formulation ties on a
     * network of one convolution.
     */
    @Test
    void compareRanksTiesByEnergyThenByName() throws IOException {
        Run r = CompassSolveTest.run("compare", file("p.yaml", ONE_CONV).toString(), "-t", "20", "--csv");
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        List<String> header = List.of(lines.get(0).split(","));
        assertEquals(0, header.indexOf("rank"));
        int objective = header.indexOf("objective");
        int energy = header.indexOf("energy_j");
        List<String[]> rows = lines.subList(1, lines.size()).stream().map(l -> l.split(",")).toList();
        assertTrue(rows.size() >= 10, r.out());
        for (int i = 0; i < rows.size(); i++) {
            assertEquals(String.valueOf(i + 1), rows.get(i)[0], "ranks count from 1: " + r.out());
        }
        for (int i = 1; i < rows.size(); i++) {
            String[] a = rows.get(i - 1);
            String[] b = rows.get(i);
            double oa = Double.parseDouble(a[objective]);
            double ob = Double.parseDouble(b[objective]);
            assertTrue(oa >= ob, "throughput: best (highest) first: " + r.out());
            if (Math.abs(oa - ob) <= CompareCommand.MATCH_TOLERANCE * oa) {
                double ea = Double.parseDouble(a[energy]);
                double eb = Double.parseDouble(b[energy]);
                assertTrue(ea < eb || ea == eb && (a[1].compareTo(b[1]) < 0
                        || a[1].equals(b[1]) && a[2].equals("contiguous")), "tie order: " + r.out());
            }
        }
        assertEquals(List.of("choco", "choco", "cpsat", "cpsat", "dp", "dp"), rows.subList(0, 6).stream()
                .map(c -> c[1]).toList(), "all tie here, so the names decide: " + r.out());
    }

    /**
     * Item 7 with ties that differ in energy: two plans given the same objective are ranked by energy first,
     * then by name, in any input order; a row without a plan comes last.
     */
    @Test
    void theRankingBreaksObjectiveTiesByEnergyFirst() throws IOException {
        ProblemFile pf = ProblemFile.read(CompassSolveTest.repoFile("problems/squeezenet.yaml"));
        SolveResult dp = StandardFormulations.registry().find("dp").orElseThrow().solve(SolveRequest.of(pf.problem()));
        SolveResult layerwise = StandardFormulations.registry().find("layerwise").orElseThrow()
                .solve(SolveRequest.of(pf.problem()));
        assertTrue(layerwise.evaluation().energyJoules() > dp.evaluation().energyJoules(), "two energies");
        double same = 1234.5;
        CompareCommand.Row lowEnergy = row("zeta", SearchSpace.DAG, dp, same);
        CompareCommand.Row highEnergy = row("alpha", SearchSpace.CONTIGUOUS, layerwise, same);
        CompareCommand.Row lowEnergyToo = row("beta", SearchSpace.CONTIGUOUS, dp, same * (1 + 1e-12));
        CompareCommand.Row better = row("omega", SearchSpace.DAG, layerwise, 2 * same);
        CompareCommand.Row none = new CompareCommand.Row("choco", SearchSpace.DAG, null, "rejected");
        List<CompareCommand.Row> in = new ArrayList<>(List.of(none, highEnergy, lowEnergy, better, lowEnergyToo));
        List<String> expected = List.of("omega", "beta", "zeta", "alpha", "choco");
        for (int k = 0; k < in.size(); k++) {
            java.util.Collections.rotate(in, 1);
            assertEquals(expected, CompareCommand.ranked(in, true).stream().map(CompareCommand.Row::formulation).toList());
        }
        // lower is better for latency, energy and edp
        assertEquals(List.of("beta", "zeta", "alpha", "omega", "choco"), CompareCommand.ranked(in, false).stream()
                .map(CompareCommand.Row::formulation).toList());
    }

    private static CompareCommand.Row row(String name, SearchSpace space, SolveResult r, double objective) {
        return new CompareCommand.Row(name, space, new SolveResult(name, space, Status.FEASIBLE, r.plan(),
                r.evaluation(), objective, Double.NaN, Double.NaN, 0, ""), null);
    }

    /** {@code --network} with a missing .onnx file names the option, as every other option's error does. */
    @Test
    void aMissingOnnxFileGivenByOptionNamesTheOption() throws IOException {
        Path p = file("one.yaml", ONE_CONV);
        Run r = CompassSolveTest.run(p.toString(), "--network", "nothere.onnx", "--no-baselines");
        assertEquals(2, r.code(), r.err());
        assertTrue(oneLineError(r).startsWith("error: --network nothere.onnx: no such file (looked for "),
                oneLineError(r));
    }

    /**
     * An ONNX model given without its extension is read as one (a trial read "not UTF-8 text ... expected a YAML
     * file"); a binary file that is neither gets both readers' reasons on one line.
     */
    @Test
    void anOnnxModelWithoutItsExtensionIsReadAsOne() throws IOException {
        Path model = dir.resolve("model");
        Files.copy(CompassSolveTest.repoFile("problems/onnx/resnet50.onnx"), model);
        Run r = CompassSolveTest.run(model.toString(), "-q", "--no-baselines");
        assertEquals(0, r.code(), r.err());
        Path junk = dir.resolve("junk");
        Files.write(junk, new byte[] {(byte) 0xCE, 0x00, 0x7F, 0x12, 0x34});
        String error = oneLineError(CompassSolveTest.run(junk.toString()));
        assertTrue(error.startsWith("error: " + junk + ": not UTF-8 text") && error.contains("; nor an ONNX model: "),
                error);
    }

    /**
     * With {@code -q} a decoder's import note (the embedding stays in DRAM) is not printed: an error comes alone,
     * and without {@code -q} the note is still there.
     */
    @Test
    void quietSilencesTheNetworksNotes() {
        Run quiet = CompassSolveTest.run(CompassSolveTest.repoFile("problems/llama.yaml").toString(), "-q", "--resident",
                "-o", "edp");
        assertEquals(2, quiet.code(), quiet.err());
        assertEquals(1, quiet.err().strip().lines().count(), quiet.err());
        assertTrue(quiet.err().startsWith("error: --resident auto: resident weights are searched for throughput,"),
                quiet.err());
        Run loud = CompassSolveTest.run(CompassSolveTest.repoFile("problems/llama.yaml").toString(), "--resident",
                "-o", "edp");
        assertTrue(loud.err().startsWith("note: llama2_7b: decode step"), loud.err());
    }
}
