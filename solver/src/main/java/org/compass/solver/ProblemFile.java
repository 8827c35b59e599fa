package org.compass.solver;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.compass.model.io.ProblemReader;
import org.compass.model.io.YamlFields;
import org.compass.model.problem.Problem;

/**
 * What a problem file holds: the problem itself ({@link ProblemReader}) and, apart from it, how to solve it
 * ({@link SolverSettings}, defaults where the file says nothing).
 *
 * @param source   the file read (for messages)
 * @param problem  the problem
 * @param settings formulation, space, back-end and limits
 */
public record ProblemFile(Path source, Problem problem, SolverSettings settings) {

    /** Every top-level field a problem file may have: the problem's and the solver settings'. */
    public static final List<String> FIELDS = fields();

    /** Reads and validates a problem file. */
    public static ProblemFile read(Path path) {
        return of(path, ProblemReader.fields(path));
    }

    /** Parses problem-file text; {@code path} names it in messages and anchors relative paths. */
    public static ProblemFile parse(Path path, String text) {
        return of(path, ProblemReader.fields(path, text));
    }

    /** A default problem file for an ONNX file given directly on the command line. */
    public static ProblemFile forOnnx(Path onnx) {
        return parse(onnx, "network: {onnx: '" + onnx.toAbsolutePath().toString().replace("'", "''") + "'}\n");
    }

    private static ProblemFile of(Path path, YamlFields f) {
        f.rejectUnknown(FIELDS);
        return new ProblemFile(path, ProblemReader.problem(path, f), SolverSettings.read(f));
    }

    private static List<String> fields() {
        List<String> all = new ArrayList<>(ProblemReader.FIELDS);
        all.addAll(SolverSettings.FIELDS);
        return List.copyOf(all);
    }

    /** The same file with another problem. */
    public ProblemFile withProblem(Problem p) {
        return new ProblemFile(source, p, settings);
    }

    /** The same file with other solver settings. */
    public ProblemFile withSettings(SolverSettings s) {
        return new ProblemFile(source, problem, s);
    }
}
