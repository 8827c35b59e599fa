package org.compass.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.compass.cli.format.Units;
import org.compass.model.io.SuiteReader;
import org.compass.model.InputException;
import org.compass.model.problem.Suite;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code compass-solve baseline merge --out results.csv SHARD.csv...}: joins the files of {@code baseline --shard}
 * runs (each CSV with the JSON-lines file beside it) into one CSV and one JSON-lines file: each case once, only
 * rows complete in both files of their shard, in the suite's order with {@code --suite} (which also names the
 * cases no shard has), in the order read otherwise. The outputs are replaced atomically. A case of the suite
 * that no shard has is an error (exit 2, naming the cases, nothing written) unless {@code --allow-partial} says
 * that a partial merge is wanted.
 */
@Command(name = "merge", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Joins the CSV files of 'baseline --shard' runs (and the .jsonl beside each) into one.")
final class BaselineMergeCommand implements Callable<Integer> {

    @ParentCommand
    BaselineCommand baseline;

    @Parameters(arity = "1..*", paramLabel = "SHARD_CSV", description = "The shards' CSV files (their .jsonl beside).")
    List<Path> shards;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The merged CSV file.")
    Path out;

    @Option(names = "--json", paramLabel = "FILE", description = "The merged JSON-lines file (default: the CSV's name "
            + "with .jsonl).")
    Path json;

    @Option(names = "--suite", paramLabel = "SUITE",
            description = "Order the rows as the suite's cases and name the cases no shard has.")
    Path suiteFile;

    @Option(names = "--allow-partial",
            description = "With --suite: merge even when some of its cases have no row yet (a warning names them)."
                    + " Without it that is an error and nothing is written.")
    boolean allowPartial;

    @Override
    public Integer call() {
        CompassSolve parent = baseline.parent;
        Path jsonPath = json != null ? json : BaselineCommand.jsonBeside(out);
        Map<String, Object> outputs = new LinkedHashMap<>();
        outputs.put("--out", out);
        outputs.put("--json", jsonPath);
        OutputFiles.check(null, outputs);
        for (Path shard : shards) {
            for (Path input : List.of(shard, BaselineCommand.jsonBeside(shard))) {
                if (AtomicFiles.target(input).equals(AtomicFiles.target(out))
                        || AtomicFiles.target(input).equals(AtomicFiles.target(jsonPath))) {
                    throw new InputException("--out " + out + ": would overwrite the input " + input
                            + "; give the merged file its own name");
                }
            }
        }
        if (allowPartial && suiteFile == null) {
            throw new InputException("--allow-partial: needs --suite SUITE, which names the cases a merge may lack;"
                    + " add --suite or drop --allow-partial");
        }
        Suite suite = suiteFile == null ? null : SuiteReader.read(suiteFile);
        Map<String, String[]> rows = new LinkedHashMap<>();
        Map<String, Path> from = new LinkedHashMap<>();
        for (Path shard : shards) {
            Path jsonl = BaselineCommand.jsonBeside(shard);
            if (!Files.isRegularFile(shard)) {
                throw new InputException(shard + ": no such file");
            }
            if (!Files.isRegularFile(jsonl)) {
                throw new InputException(shard + ": its JSON-lines file " + jsonl + " is missing; merge reads both");
            }
            BaselineCommand.Recorded rec = BaselineCommand.read(shard, jsonl);
            for (String key : rec.keys()) {
                if (rows.containsKey(key)) {
                    parent.err().println("warning: merge: " + key + " is in both " + from.get(key) + " and " + shard
                            + "; kept the row of " + from.get(key));
                    continue;
                }
                rows.put(key, new String[] {rec.csv().get(key), rec.json().get(key)});
                from.put(key, shard);
            }
        }
        List<String> order = new ArrayList<>();
        if (suite != null) {
            List<String> missing = new ArrayList<>();
            for (Suite.Case c : suite.cases()) {
                if (rows.containsKey(c.key())) {
                    order.add(c.key());
                } else {
                    missing.add(c.key());
                }
            }
            List<String> extra = rows.keySet().stream().filter(k -> !order.contains(k)).toList();
            if (!missing.isEmpty()) {
                String which = "merge: no row for " + missing.size() + " of the " + Units.count(suite.cases().size(), "case")
                        + " of " + suiteFile + " (" + String.join(", ", missing.subList(0, Math.min(5, missing.size())))
                        + (missing.size() > 5 ? " and " + (missing.size() - 5) + " more" : "") + ")";
                if (!allowPartial) {
                    throw new InputException(which + "; rerun their shards, which resume, and merge again, or add"
                            + " --allow-partial to merge the " + Units.count(rows.size(), "row") + " there are");
                }
                parent.err().println("warning: " + which + "; merged the " + Units.count(rows.size(), "row") + " there are"
                        + " (--allow-partial)");
            }
            if (!extra.isEmpty()) {
                parent.err().println("warning: merge: " + Units.count(extra.size(), "row") + " outside the cases of " + suiteFile
                        + " (e.g. " + extra.get(0) + "); kept after the suite's");
            }
            order.addAll(extra);
        } else {
            order.addAll(rows.keySet());
        }
        StringBuilder csv = new StringBuilder(String.join(",", BaselineCommand.COLUMNS)).append('\n');
        StringBuilder jsonl = new StringBuilder();
        for (String key : order) {
            csv.append(rows.get(key)[0]).append('\n');
            jsonl.append(rows.get(key)[1]).append('\n');
        }
        AtomicFiles.write(jsonPath, jsonl.toString());
        AtomicFiles.write(out, csv.toString());
        parent.out().printf("%s from %s in %s and %s%n", Units.count(order.size(), "row"), Units.count(shards.size(), "file"),
                out, jsonPath);
        parent.out().flush();
        parent.err().flush();
        return ExitCodes.OK;
    }
}
