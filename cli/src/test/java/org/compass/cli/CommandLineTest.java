package org.compass.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.ortools.sat.CpModelProto;
import com.google.protobuf.TextFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.compass.cli.CompassSolveTest.Run;
import org.compass.cli.format.Units;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 17, items 8-12: the command line behaves like one. Every case runs through the whole command line. */
class CommandLineTest {

    @TempDir
    Path dir;

    private static final String SQUEEZENET = CompassSolveTest.repoFile("problems/squeezenet.yaml").toString();
    private static final String RESNET = CompassSolveTest.repoFile("problems/resnet.yaml").toString();

    private static Run run(String... args) {
        return CompassSolveTest.run(args);
    }

    /** A failed run: exit 2, one line on standard error, nothing on standard output. */
    private static String oneLineError(Run r) {
        assertEquals(ExitCodes.BAD_INPUT, r.code(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertEquals("", r.out(), "the usage or anything else on standard output");
        return r.err().strip();
    }

    // item 8

    @Test
    void theMainCommandExportsTheMipAndCpSatModels() throws Exception {
        Path lp = dir.resolve("m.lp");
        Path mps = dir.resolve("m.mps");
        Path cp = dir.resolve("m.pb.txt");
        Run r = run(SQUEEZENET, "-f", "mip", "--export-lp", lp.toString(), "--export-mps", mps.toString(),
                "--export-cpsat", cp.toString(), "--no-baselines");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Wrote " + mps) && r.out().contains("mip (contiguous space): OPTIMAL"), r.out());
        assertTrue(Files.readString(lp).contains("x_0_1"), "LP names the edge variables");
        assertTrue(Files.readString(mps).contains("ROWS"), "an MPS file");
        CpModelProto model = TextFormat.parse(Files.readString(cp), CpModelProto.class);
        assertTrue(model.getVariablesCount() > 0 && model.hasObjective(), "a CP-SAT model with an objective");
        long lpVariables = Pattern.compile("x_\\d+_\\d+").matcher(Files.readString(lp)).results()
                .map(java.util.regex.MatchResult::group).distinct().count();
        assertEquals(lpVariables, model.getVariablesCount(), "one variable per edge in both models");
        Run cpsat = run(SQUEEZENET, "-f", "cpsat", "--export-cpsat", cp.toString(), "--no-baselines", "-q");
        assertEquals(0, cpsat.code(), cpsat.err());
        assertEquals(model, TextFormat.parse(Files.readString(cp), CpModelProto.class), "the same model again");
    }

    @Test
    void anExportWithoutAModelIsOneLine() {
        Path cp = dir.resolve("edp.pb.txt");
        String err = oneLineError(run(SQUEEZENET, "-o", "edp", "--export-cpsat", cp.toString(), "-q"));
        assertTrue(err.startsWith("error: cpsat: objective 'edp' is solved by a sweep of models"), err);
        assertFalse(Files.exists(cp));
    }

    // item 9

    @Test
    void aParseErrorIsOneLineWithTheNearestNameAndThePointerToHelp() {
        String err = oneLineError(run(RESNET, "--formulaton", "dp"));
        assertEquals("error: unknown option '--formulaton'; did you mean --formulation? (usage: compass-solve --help)",
                err);
        err = oneLineError(run(RESNET, "-o", "thruput"));
        assertEquals("error: --objective thruput: expected one of throughput, latency, energy, edp; did you mean"
                + " throughput? (usage: compass-solve --help)", err);
        err = oneLineError(run("compare", RESNET, "--exprt-lp", "m.lp"));
        assertTrue(err.contains("did you mean --export-lp?") && err.endsWith("(usage: compass-solve compare --help)"),
                err);
        err = oneLineError(run("lsit", "networks"));
        assertTrue(err.startsWith("error: unknown command 'lsit'; did you mean list?"), err);
        err = oneLineError(run(RESNET, "--batch", "x"));
        assertTrue(err.startsWith("error: --batch x: "), err);
        err = oneLineError(run(RESNET, "--frobnicate"));
        assertEquals("error: unknown option '--frobnicate' (usage: compass-solve --help)", err, "no far-fetched guess");
    }

    /** A value given on the command line is reported against its option, never against the problem file. */
    @Test
    void aBadFlagValueNamesTheFlagNotTheFile() throws Exception {
        for (String[] args : List.of(new String[] {"--hardware", "bogus"}, new String[] {"-f", "bogus"},
                new String[] {"--backend", "gurobi", "-f", "mip"}, new String[] {"--space", "graph"},
                new String[] {"--schedule", "sometimes"}, new String[] {"--cost-model", "v9"})) {
            String err = oneLineError(run(RESNET, args[0], args[1]));
            assertFalse(err.contains("resnet.yaml"), err);
            assertTrue(err.contains(" " + args[1] + ": expected one of "), err);
        }
        String err = oneLineError(run(RESNET, "--space", "dag", "-f", "greedy"));
        assertTrue(err.startsWith("error: --space dag: formulation greedy searches [contiguous] only"), err);
        err = oneLineError(run(RESNET, "--cost-model", "v1", "--min-lifetime-years", "1", "-f", "greedy"));
        assertTrue(err.startsWith("error: --min-lifetime-years 1: formulation greedy does not honour a lifetime floor"),
                err);
        // and the other way round: a bad value in the file names the file
        Path f = dir.resolve("p.yaml");
        Files.writeString(f, "network: squeezenet1_0\nformulation: mip\nbackend: gurobi\n");
        err = oneLineError(run(f.toString()));
        assertTrue(err.startsWith("error: " + f + ": field 'backend': expected one of scip, cbc, highs"), err);
        Files.writeString(f, "network: squeezenet1_0\nspace: dag\n");
        err = oneLineError(run(f.toString(), "-f", "greedy"));
        assertTrue(err.startsWith("error: --formulation greedy: searches [contiguous] only, and " + f), err);
    }

    // item 10

    @Test
    void quietPrintsOnlyTheResults() throws Exception {
        Path json = dir.resolve("r.json");
        Run r = run(SQUEEZENET, "-q", "--json", json.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err(), "no progress");
        assertTrue(r.out().startsWith("dp (contiguous space): OPTIMAL"), r.out());
        assertFalse(r.out().contains("Comparison") || r.out().contains("Problem"), r.out());
        assertTrue(r.out().strip().endsWith("Wrote " + json), "where the results went: " + r.out());
        assertTrue(JsonReader.tree(json).path("baselines").isObject(), "the JSON still has the baselines");
        Run loud = run(SQUEEZENET, "-f", "cpsat");
        assertTrue(loud.err().contains("  .. ") && loud.out().contains("Comparison"), "without -q: progress, table");
        for (List<String> args : List.of(List.of("compare", "-q", SQUEEZENET), List.of("-q", "pareto", SQUEEZENET))) {
            Run sub = run(args.toArray(String[]::new));
            assertEquals(0, sub.code(), sub.err());
            assertEquals("", sub.err(), args + ": -q before or after the command");
        }
    }

    @Test
    void listIsACommandAndTheOldFlagsStillWorkWithANote() {
        Run r = run("list", "hardware", "formulations");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("Hardware presets") && r.out().contains("\nFormulations\n"), r.out());
        assertFalse(r.out().contains("Built-in networks"));
        Run old = run("--list-hardware");
        assertEquals(0, old.code());
        assertTrue(old.out().startsWith("Hardware presets"), old.out());
        assertEquals("note: --list-hardware will go; use: compass-solve list hardware", old.err().strip());
        String err = oneLineError(run("list", "netwroks"));
        assertTrue(err.startsWith("error: list netwroks: expected one of networks, hardware, formulations; did you"
                + " mean networks?"), err);
    }

    @Test
    void theHelpPointsToEachCommandsOptions() {
        Run r = run("--help");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("Commands (each has options of its own: compass-solve help COMMAND):"), r.out());
        assertTrue(r.out().contains("--objective=OBJ        throughput, latency, energy, edp."), "candidates listed");
        Run compare = run("help", "compare");
        assertEquals(0, compare.code());
        assertTrue(compare.out().contains("--csv") && compare.out().contains("--export-cpsat"), compare.out());
        String err = oneLineError(run("help", "compar"));
        assertTrue(err.startsWith("error: unknown command 'compar'; did you mean compare?"), err);
        Run baseline = run("help", "baseline");
        assertTrue(baseline.out().contains("--shard=I/N") && baseline.out().contains("merge"), baseline.out());
    }

    /** The generated completion script, run by bash as the shell would on TAB. */
    @Test
    void theCompletionScriptCompletesCommandsOptionsAndValues() throws Exception {
        Run r = run("completion");
        assertEquals(0, r.code(), r.err());
        Path script = dir.resolve("compass-solve.bash");
        Files.writeString(script, r.out());
        assertEquals("throughput latency energy edp", complete(script, "./compass-solve", RESNET, "--objective", ""));
        assertEquals("compass-s compass-m compass-l", complete(script, "compass-solve", RESNET, "--hardware", "comp"));
        assertEquals("list", complete(script, "compass-solve", "li"));
        assertEquals("contiguous dag", complete(script, "compass-solve", "pareto", RESNET, "--space", ""));
        assertEquals("networks hardware formulations", complete(script, "compass-solve", "list", ""));
    }

    /** What bash offers for the last word, as the completion function leaves it in COMPREPLY. */
    private String complete(Path script, String... words) throws Exception {
        StringBuilder array = new StringBuilder();
        for (String w : words) {
            array.append('\'').append(w).append("' ");
        }
        String line = String.join(" ", words);
        String program = "source '" + script + "' 2>/dev/null; COMP_WORDS=(" + array + "); COMP_CWORD="
                + (words.length - 1) + "; COMP_LINE='" + line + "'; COMP_POINT=${#COMP_LINE}; "
                + "complete -p " + words[0] + " >/dev/null || exit 9; _complete_compass-solve 2>/dev/null; "
                + "echo \"${COMPREPLY[*]}\"";
        Process p = new ProcessBuilder("bash", "-c", program).redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String out = new String(p.getInputStream().readAllBytes()).strip();
        assertEquals(0, p.exitValue(), "no completion registered for " + words[0] + ": " + out);
        return out;
    }

    // item 11

    @Test
    void everyOutputIsReplacedAndNoneMayBeTheInput() throws Exception {
        Path json = dir.resolve("r.json");
        Path report = dir.resolve("r.html");
        Path lp = dir.resolve("m.lp");
        for (Path p : List.of(json, report, lp)) {
            Files.writeString(p, "old");
        }
        for (int i = 0; i < 2; i++) {
            Run r = run(SQUEEZENET, "-q", "--json", json.toString(), "--report", report.toString(), "--export-lp",
                    lp.toString());
            assertEquals(0, r.code(), "run " + i + ": " + r.err());
        }
        assertTrue(Files.readString(json).startsWith("{") && Files.readString(report).startsWith("<!DOCTYPE html>")
                && Files.readString(lp).contains("x_0_1"));
        Path input = dir.resolve("p.yaml");
        Files.writeString(input, "network: squeezenet1_0\n");
        String err = oneLineError(run(input.toString(), "--report", input.toString()));
        assertEquals("error: --report " + input + ": is the input file; give the output its own name", err);
        assertEquals("network: squeezenet1_0\n", Files.readString(input));
    }

    // item 12

    @Test
    void theHardwareDocsExampleIsWhatTheReaderReads() throws Exception {
        String doc = Files.readString(CompassSolveTest.repoFile("docs/hardware.md"));
        Matcher m = Pattern.compile("Example:\\s*```yaml\\n(.*?)```", Pattern.DOTALL).matcher(doc);
        assertTrue(m.find(), "docs/hardware.md has its example");
        Path f = dir.resolve("example.yaml");
        Files.writeString(f, "network: squeezenet1_0\n" + m.group(1));
        Run r = run("info", f.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("(384 crossbars of 256x256"), "24 cores x 16: " + r.out());
    }

    @Test
    void theInlineLayerTypeErrorListsEveryTypeTheReadmeDocuments() throws Exception {
        Path f = dir.resolve("bad.yaml");
        Files.writeString(f, "network:\n  input: [3, 8, 8]\n  layers:\n    - {name: a, type: lstm}\n");
        String err = oneLineError(run(f.toString()));
        String readme = Files.readString(CompassSolveTest.repoFile("README.md"));
        String types = readme.substring(readme.indexOf("Layer types:"), readme.indexOf("Hardware override keys"));
        Matcher m = Pattern.compile("`([a-z]+)`").matcher(types);
        int n = 0;
        while (m.find()) {
            assertTrue(err.contains(m.group(1)), m.group(1) + " missing from: " + err);
            n++;
        }
        assertEquals(12, n, "the README's layer types");
    }

    @Test
    void theReadmeStatesEveryExitCodeOfTheHelpAndTheBaselineJsonLines() throws Exception {
        String readme = Files.readString(CompassSolveTest.repoFile("README.md"));
        String help = run("--help").out();
        String codes = help.substring(help.indexOf("Exit codes:"), help.indexOf("Outputs ("));
        Matcher m = Pattern.compile("(?m)^\\s+(\\d+)\\s+(\\S+)").matcher(codes);
        int n = 0;
        while (m.find()) {
            assertTrue(readme.contains(m.group(1) + " " + m.group(2)), "exit code " + m.group(1) + " " + m.group(2));
            n++;
        }
        assertEquals(6, n);
        assertTrue(readme.contains("results.jsonl"), "baseline's JSON-lines file");
    }

    @Test
    void countsAgreeInNumberAndLongTimesAreInMinutes() throws Exception {
        Path f = dir.resolve("one.yaml");
        Files.writeString(f, "network:\n  input: [3, 8, 8]\n  layers:\n"
                + "    - {name: c1, type: conv, out: 8, kernel: 3, padding: 1}\n    - {name: fc, type: fc, out: 10}\n"
                + "hardware: {preset: compass-m, cores: 1, crossbars_per_core: 1, row_write_ns: 1e11}\nbatch: 1\n");
        Run r = run(f.toString(), "--no-baselines");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains(": 1 core x 1 crossbar of 256x256 (1-bit cells, 4-bit weights) = 1 crossbar\n"),
                r.out());
        assertTrue(r.out().contains("the network needs 2 crossbars"), r.out());
        assertTrue(r.out().contains("45.0 min") && !r.out().contains(" ks"), "27 rows x 100 s: " + r.out());
        assertEquals("16.7 min", Units.seconds(1000));
        assertEquals("999.000 s", Units.seconds(999));
        assertEquals("3.0 h", Units.seconds(3 * 3600));
    }
    // the command-line nits of issue 17 (a, c, g, h, i, j; b, d, e, f are in BaselineCommandTest, ParetoCommandTest
    // and CatalogAndInfoTest)

    /** The commands that read one problem file declare FILE once, in a mixin, and show it alike. */
    @Test
    void theProblemFileParameterIsOneMixin() {
        picocli.CommandLine root = CompassSolve.commandLine(new java.io.PrintWriter(java.io.Writer.nullWriter()),
                new java.io.PrintWriter(java.io.Writer.nullWriter()));
        for (String name : List.of("info", "compare", "pareto", "tradeoff")) {
            picocli.CommandLine.Model.CommandSpec spec = root.getSubcommands().get(name).getCommandSpec();
            assertTrue(spec.mixins().values().stream().anyMatch(m -> m.userObject() instanceof ProblemFileMixin),
                    name + " mixes in ProblemFileMixin");
            assertEquals(1, spec.positionalParameters().size(), name);
            picocli.CommandLine.Model.PositionalParamSpec file = spec.positionalParameters().get(0);
            assertEquals("FILE", file.paramLabel(), name);
            assertEquals("Problem file (YAML) or an .onnx file.", String.join(" ", file.description()), name);
        }
    }

    /** Status lines: the integer costs' unit without float noise and with its unit (not "unit 1.0E-15"). */
    @Test
    void statusLinesPrintTheUnitWithoutFloatNoise() {
        for (String f : List.of("cpsat", "mip")) {
            Run r = run(SQUEEZENET, "-f", f, "--no-baselines", "-q");
            assertEquals(0, r.code(), r.err());
            Matcher m = Pattern.compile("OPTIMAL, unit (\\S+) ([fpnum]?)s").matcher(r.out());
            assertTrue(m.find(), r.out());
            // a power of ten with an SI prefix (1 fs, 10 ns, ...)
            assertTrue(m.group(1).matches("10{0,2}"), "a power of ten, prefixed: " + r.out());
            assertFalse(r.out().contains("E-"), r.out());
        }
        Run choco = run(SQUEEZENET, "-f", "choco", "-o", "energy", "--no-baselines", "-q");
        assertEquals(0, choco.code(), choco.err());
        assertTrue(Pattern.compile("unit \\d{1,3}(\\.\\d{1,5})? [fpnum]?J,").matcher(choco.out()).find(),
                "six digits at most, in joules with an SI prefix: " + choco.out());
    }

    /** 'compass-solve solve FILE': the word is named as no command, and the file as what the main command takes. */
    @Test
    void aCommandLikeWordBeforeTheFileIsNamedNotTheFile() {
        String e = oneLineError(run("solve", SQUEEZENET));
        assertEquals("error: 'solve' is not a command: the main command takes the problem file directly, as in"
                + " 'compass-solve " + SQUEEZENET + "' (usage: compass-solve --help)", e);
        assertEquals("error: 'solve' is not a command: the main command takes the problem file directly, as in"
                + " 'compass-solve " + SQUEEZENET + "' (usage: compass-solve --help)",
                oneLineError(run("solve", "-q", SQUEEZENET)), "options between change nothing");
        String alone = oneLineError(run("solve"));
        assertTrue(alone.startsWith("error: solve: no such file, and 'solve' is not a command: the main command takes"
                + " the problem file directly: compass-solve FILE (commands: info, compare, "), alone);
        assertEquals("error: lsit: no such file or command; did you mean the command 'list'?", oneLineError(run("lsit")),
                "a near command name is still suggested");
        assertEquals("error: resnet18: no such file; a built-in network is chosen with -n beside a problem file, as in"
                + " 'compass-solve problems/resnet.yaml -n resnet18'", oneLineError(run("resnet18")));
        // a new user ran -n without a file (FILE is optional in the usage line, for the commands)
        assertEquals("error: compass-solve: no problem file given; -n squeezenet1_1 replaces the network of a problem"
                + " file, as in 'compass-solve problems/resnet.yaml -n squeezenet1_1'",
                oneLineError(run("-n", "squeezenet1_1", "--hardware", "compass-l")));
    }

    /** A CSV file given as the problem: one line naming the file and what was expected, not the file's text. */
    @Test
    void aCsvGivenAsTheProblemIsOneShortLine() throws Exception {
        Path csv = dir.resolve("results.csv");
        StringBuilder text = new StringBuilder("network,hardware,batch,objective,status,value\n");
        for (int i = 0; i < 200; i++) {
            text.append("resnet18,compass-m,").append(i).append(",throughput,OPTIMAL,123.456\n");
        }
        Files.writeString(csv, text);
        for (String[] args : List.of(new String[] {csv.toString()}, new String[] {"info", csv.toString()},
                new String[] {"pareto", csv.toString()})) {
            String e = oneLineError(run(args));
            assertTrue(e.startsWith("error: " + csv + ": expected a problem file (YAML with a 'network' field, or an"
                    + " .onnx file), got text of "), e);
            assertTrue(e.length() < 300, "not the whole file: " + e);
        }
        String suite = oneLineError(run("baseline", csv.toString()));
        assertTrue(suite.startsWith("error: " + csv + ": expected a suite file"), suite);
        assertTrue(suite.length() < 300, suite);
    }

    /** -t and --min-lifetime-years are named as typed in messages (-1, not -1.0). */
    @Test
    void optionValuesAreShownAsTyped() {
        assertEquals("error: --time-limit -1: expected a positive number of seconds up to 1,000,000",
                oneLineError(run(SQUEEZENET, "-t", "-1", "--no-baselines")));
        assertEquals("error: --time-limit 0: expected a positive number of seconds up to 1,000,000",
                oneLineError(run(SQUEEZENET, "--time-limit=0", "--no-baselines")));
        assertEquals("error: info: --time-limit 5 does not apply: it describes the network on the chip and solves"
                + " nothing; drop it", oneLineError(run("info", SQUEEZENET, "-t", "5")));
        assertEquals("error: --min-lifetime-years -2: expected a number of years from 0 to 1,000,000",
                oneLineError(run(SQUEEZENET, "--cost-model", "v1", "--min-lifetime-years", "-2")));
        assertTrue(oneLineError(run(SQUEEZENET, "--cost-model", "v1", "-f", "greedy", "--min-lifetime-years", "5"))
                .startsWith("error: --min-lifetime-years 5: formulation greedy does not honour"));
    }

    /** A suite file given to the main command (or pareto, info, ...) points to baseline. */
    @Test
    void aSuiteFileGivenAsTheProblemPointsToBaseline() {
        String suite = CompassSolveTest.repoFile("problems/suite.yaml").toString();
        String expected = "error: " + suite + ": a suite file (it lists 'networks'), not a problem file; solve a suite"
                + " with: compass-solve baseline " + suite;
        assertEquals(expected, oneLineError(run(suite)));
        assertEquals(expected, oneLineError(run("pareto", suite)));
    }
}
