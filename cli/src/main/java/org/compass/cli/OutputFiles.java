package org.compass.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.compass.model.InputException;

/**
 * The one policy for the files a command writes ({@code --json}, {@code --report}, {@code --export-*},
 * {@code baseline merge --out}): an existing file is replaced, atomically ({@link AtomicFiles}), so a rerun
 * just works and a failed or interrupted run leaves the previous file whole. Before anything is solved, every
 * output is checked: its folder exists, it is not a folder, no two outputs name the same file, and none is the
 * input file. ({@code baseline --out} is the exception by design: it appends and resumes.)
 */
final class OutputFiles {

    private OutputFiles() {
    }

    /**
     * Checks the outputs of one run.
     *
     * @param input   the problem file read, or null
     * @param outputs paths by the option that named them; null paths (not given) and {@code -} are skipped
     */
    static void check(Path input, Map<String, ?> outputs) {
        List<Map.Entry<String, Path>> given = new ArrayList<>();
        for (Map.Entry<String, ?> e : outputs.entrySet()) {
            Object v = e.getValue();
            if (v == null || "-".equals(v.toString())) {
                continue;
            }
            Path p = v instanceof Path path ? path : Path.of(v.toString());
            AtomicFiles.checkWritable(e.getKey(), p);
            if (input != null && AtomicFiles.target(p).equals(AtomicFiles.target(input))) {
                throw new InputException(e.getKey() + " " + p + ": is the input file; give the output its own name");
            }
            for (Map.Entry<String, Path> other : given) {
                if (AtomicFiles.target(p).equals(AtomicFiles.target(other.getValue()))) {
                    throw new InputException(other.getKey() + " " + other.getValue() + " and " + e.getKey() + " " + p
                            + " name the same file; give each its own");
                }
            }
            given.add(Map.entry(e.getKey(), p));
        }
    }
}
