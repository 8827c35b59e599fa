package org.compass.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.compass.cli.format.Units;
import org.compass.cli.json.BaselineRow;
import org.compass.cli.json.Json;
import org.compass.model.InputException;
import org.compass.model.io.SuiteReader;
import org.compass.model.problem.Problem;
import org.compass.model.problem.Suite;
import org.compass.solver.Formulation;
import org.compass.solver.SolveRequest;
import org.compass.solver.SolveResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code compass-solve baseline SUITE --out results.csv}: solves every case of a suite and writes, per case,
 * the optimum, its bound, the plan's partition boundaries and the solver, as CSV and JSON lines.
 *
 * <p>Each finished row is appended to both files and flushed to disk before the next case starts, so a
 * crash or kill loses no finished row. A rerun keeps the rows found complete in both files (a half-written
 * last line is dropped), rewrites the files without the rest, and solves only the missing cases. A run holds
 * the lock of its {@code --out} ({@link OutputLock}), so a second run on the same file refuses at once; Ctrl-C
 * stops the case being solved without recording it.
 */
@Command(name = "baseline", mixinStandardHelpOptions = true, sortOptions = false,
        subcommands = BaselineMergeCommand.class,
        description = "Solves a suite (networks x chips x batch sizes x objectives) and records certified optima.")
final class BaselineCommand implements Callable<Integer> {

    /** CSV columns, in order; the JSON lines carry the same fields and more ({@link BaselineRow}). */
    static final List<String> COLUMNS = BaselineRow.Cells.columns();

    @ParentCommand
    CompassSolve parent;

    // optional for picocli, so that 'baseline merge' parses; call() asks for it
    @Parameters(index = "0", arity = "0..1", paramLabel = "SUITE", description = "Suite file (YAML), e.g. problems/suite.yaml.")
    Path suiteFile;

    @Option(names = "--out", paramLabel = "FILE",
            description = "CSV file to append rows to (default: results.csv; with --shard I/N: results-I-of-N.csv).")
    Path out;

    @Option(names = "--json", paramLabel = "FILE",
            description = "JSON-lines file (default: the CSV's name with .jsonl).")
    Path json;

    @Option(names = {"-f", "--formulation"}, paramLabel = "NAME", converter = Choice.Formulations.class,
            completionCandidates = Choice.Formulations.class, description = "Override the suite's formulation.")
    String formulation;

    @Option(names = "--shard", paramLabel = "I/N", converter = Shard.Parser.class,
            description = "Solve only the suite's cases I, I+N, I+2N, ... (counted from 0): one of N jobs of a job "
                    + "array, e.g. --shard $SLURM_ARRAY_TASK_ID/8; join the shards' files with 'baseline merge'.")
    Shard shard;

    /** One of {@code count} shards of a suite: the cases whose index modulo {@code count} is {@code index}. */
    record Shard(int index, int count) {

        /** Whether the case at this position of the suite belongs to the shard. */
        boolean includes(int caseIndex) {
            return caseIndex % count == index;
        }

        /** Reads "I/N" with 0 <= I < N. */
        static final class Parser implements ITypeConverter<Shard> {
            @Override
            public Shard convert(String value) {
                Matcher m = Pattern.compile("\\s*(\\d{1,9})\\s*/\\s*(\\d{1,9})\\s*").matcher(value);
                if (!m.matches() || Integer.parseInt(m.group(2)) == 0
                        || Integer.parseInt(m.group(1)) >= Integer.parseInt(m.group(2))) {
                    throw new TypeConversionException("expected I/N with 0 <= I < N, e.g. 0/4 for the first of four"
                            + " shards");
                }
                return new Shard(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
            }
        }
    }

    @Override
    public Integer call() {
        if (suiteFile == null) {
            throw new InputException("baseline: no suite file given; try problems/suite.yaml, or 'baseline merge'"
                    + " to join shards");
        }
        Suite suite = SuiteReader.read(suiteFile);
        String fname = formulation != null ? formulation : suite.formulation();
        Formulation f = parent.registry().find(fname).orElseThrow(() -> InputException.choice(
                suiteFile.toString(), "formulation", "one of " + String.join(", ", parent.registry().names()),
                parent.registry().names(), fname));
        if (out == null) {
            out = Path.of(shard == null ? "results.csv" : "results-" + shard.index() + "-of-" + shard.count() + ".csv");
        }
        Path jsonPath = json != null ? json : jsonBeside(out);
        AtomicFiles.checkWritable("--out", out);
        AtomicFiles.checkWritable("--json", jsonPath);
        // two runs on one --out would append every row twice, interleaved
        try (OutputLock lock = OutputLock.acquire("--out", out)) {
            return solveAll(suite, f, jsonPath);
        }
    }

    private Integer solveAll(Suite suite, Formulation f, Path jsonPath) {
        PrintWriter progress = parent.progress();
        Interrupts interrupts = parent.interrupts();
        Set<String> done = recover(out, jsonPath);
        List<Suite.Case> cases = new ArrayList<>();
        for (int i = 0; i < suite.cases().size(); i++) {
            if (shard == null || shard.includes(i)) {
                cases.add(suite.cases().get(i));
            }
        }
        List<Suite.Case> todo = cases.stream().filter(c -> !done.contains(c.key())).toList();
        String of = shard == null ? "" : String.format(" (shard %d/%d of %d)", shard.index(), shard.count(),
                suite.cases().size());
        progress.printf("baseline: %s%s in %s, %d already in %s, %d to solve with %s%n", Units.count(cases.size(), "case"), of,
                suiteFile, cases.size() - todo.size(), out, todo.size(), f.name());
        progress.flush();
        long start = System.nanoTime();
        int finished = 0;
        // Ctrl-C stops the case being solved, which is not recorded (a rerun solves it), and keeps every finished row
        interrupts.stopOnSignal();
        for (Suite.Case c : todo) {
            Problem p = SuiteReader.problem(suite, c);
            SolveRequest req = SolveRequest.of(p).withLimits(suite.limits()).withCancellation(interrupts.token());
            SolveResult r = f.solve(req);
            if (interrupts.interrupted()) {
                parent.err().printf("baseline: %s; %s not recorded, %s kept in %s; run again to continue%n",
                        interrupts.token().reason(), c.key(), Units.count(cases.size() - todo.size() + finished, "row"), out);
                parent.err().flush();
                return interrupts.exitCode();
            }
            BaselineRow row = BaselineRow.of(c, p, r);
            append(jsonPath, Json.line(row) + "\n");
            append(out, row.cells().csvLine());
            finished++;
            double elapsed = (System.nanoTime() - start) / 1e9;
            double left = elapsed / finished * (todo.size() - finished);
            progress.printf(Locale.ROOT, "[%d/%d] %s: %s %s in %s | elapsed %s, about %s left%n",
                    cases.size() - todo.size() + finished, cases.size(), c.key(), r.status(),
                    r.hasPlan() ? c.objective().label() + " " + Units.objective(c.objective(), r.objective())
                            : "no plan", Units.seconds(r.seconds()), Units.seconds(elapsed),
                    Units.seconds(left));
            progress.flush();
        }
        parent.out().printf("%s in %s and %s%n", Units.count(cases.size(), "row"), out, jsonPath);
        parent.out().flush();
        return ExitCodes.OK;
    }

    static Path jsonBeside(Path csv) {
        String name = csv.getFileName().toString();
        String stem = name.endsWith(".csv") ? name.substring(0, name.length() - 4) : name;
        return csv.resolveSibling(stem + ".jsonl");
    }

    /**
     * Reads what a previous run left: keeps the rows complete in both files, drops half-written lines and
     * rows found in only one file (rewriting the files if anything was dropped), and returns the keys kept.
     */
    static Set<String> recover(Path csv, Path jsonl) {
        Recorded rec = read(csv, jsonl);
        Set<String> keep = rec.keys();
        if (!rec.csvClean()) {
            StringBuilder sb = new StringBuilder(String.join(",", COLUMNS)).append('\n');
            for (String k : keep) {
                sb.append(rec.csv().get(k)).append('\n');
            }
            AtomicFiles.write(csv, sb.toString());
        }
        if (!rec.jsonClean()) {
            StringBuilder sb = new StringBuilder();
            for (String k : keep) {
                sb.append(rec.json().get(k)).append('\n');
            }
            AtomicFiles.write(jsonl, sb.toString());
        }
        return keep;
    }

    /**
     * The rows of a CSV and its JSON-lines file by case key (network/hardware/batch/objective), and whether each
     * file holds exactly the rows complete in both.
     */
    record Recorded(Map<String, String> csv, Map<String, String> json, boolean csvClean, boolean jsonClean) {

        /** The keys of the rows complete in both files, in the CSV's order. */
        Set<String> keys() {
            Set<String> keep = new LinkedHashSet<>(csv.keySet());
            keep.retainAll(json.keySet());
            return keep;
        }
    }

    /** Reads both files of a run (absent files hold no rows); a CSV with another header is an input error. */
    static Recorded read(Path csv, Path jsonl) {
        List<String> csvLines = completeLines(csv);
        List<String> jsonLines = completeLines(jsonl);
        String header = String.join(",", COLUMNS);
        if (!csvLines.isEmpty() && !csvLines.get(0).equals(header)) {
            throw new InputException(csv + ": the first line is not this command's header (" + header
                    + "); choose another --out or remove the file");
        }
        Map<String, String> csvRows = new LinkedHashMap<>();
        for (String line : csvLines.subList(Math.min(1, csvLines.size()), csvLines.size())) {
            String[] cells = line.split(",", -1);
            if (cells.length == COLUMNS.size()) {
                csvRows.put(cells[0] + "/" + cells[1] + "/" + cells[2] + "/" + cells[3], line);
            }
        }
        Map<String, String> jsonRows = new LinkedHashMap<>();
        for (String line : jsonLines) {
            String key = key(line);
            if (key != null) {
                jsonRows.put(key, line);
            }
        }
        Set<String> both = new LinkedHashSet<>(csvRows.keySet());
        both.retainAll(jsonRows.keySet());
        boolean csvClean = Files.exists(csv) && csvRows.size() == both.size()
                && csvLines.size() == csvRows.size() + 1 && endsWithNewline(csv);
        boolean jsonClean = Files.exists(jsonl) && jsonRows.size() == both.size()
                && jsonLines.size() == jsonRows.size() && endsWithNewline(jsonl);
        return new Recorded(csvRows, jsonRows, csvClean, jsonClean);
    }

    /** The case key of a JSON line ({@code network/hardware/batch/objective}), or null if it is not a whole row. */
    private static String key(String line) {
        try {
            JsonNode row = Json.mapper().readTree(line);
            List<String> parts = new ArrayList<>();
            for (String k : List.of("network", "hardware", "batch", "objective")) {
                JsonNode v = row.get(k);
                if (v == null || !v.isValueNode()) {
                    return null;
                }
                parts.add(v.asText());
            }
            return String.join("/", parts);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** The file's lines that end with a newline (a last line without one was cut short); none if absent. */
    private static List<String> completeLines(Path file) {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            int end = text.lastIndexOf('\n');
            if (end < 0) {
                return List.of();
            }
            return List.of(text.substring(0, end).split("\n", -1)).stream().filter(l -> !l.isEmpty()).toList();
        } catch (IOException e) {
            throw new InputException(file + ": cannot read: " + e.getMessage());
        }
    }

    private static boolean endsWithNewline(Path file) {
        try {
            return Files.size(file) == 0 || Files.readString(file, StandardCharsets.UTF_8).endsWith("\n");
        } catch (IOException e) {
            throw new InputException(file + ": cannot read: " + e.getMessage());
        }
    }

    /** Appends text and forces it to disk, so a finished row survives a crash. */
    private static void append(Path file, String text) {
        try (var ch = java.nio.channels.FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND); Writer w = java.nio.channels.Channels.newWriter(ch, StandardCharsets.UTF_8)) {
            w.write(text);
            w.flush();
            ch.force(false);
        } catch (IOException e) {
            throw new InputException(file + ": cannot write: " + e.getMessage());
        }
    }
}
