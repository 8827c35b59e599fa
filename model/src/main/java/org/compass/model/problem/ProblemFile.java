package org.compass.model.problem;

import java.nio.file.Path;

/**
 * What a problem file holds: the problem itself and how to solve it.
 *
 * @param source      the file read (for messages)
 * @param problem     the problem
 * @param formulation name of the formulation to run
 * @param space       the partition search space
 * @param backend     solver backend for formulations that have several (e.g. SCIP, CBC, HIGHS), or null
 * @param limits      time, threads, seed
 */
public record ProblemFile(Path source, Problem problem, String formulation, SearchSpace space, String backend,
                          Limits limits) {

    /** The same file with another problem. */
    public ProblemFile withProblem(Problem p) {
        return new ProblemFile(source, p, formulation, space, backend, limits);
    }

    /** The same file with another formulation. */
    public ProblemFile withFormulation(String f) {
        return new ProblemFile(source, problem, f, space, backend, limits);
    }

    /** The same file with another search space. */
    public ProblemFile withSpace(SearchSpace s) {
        return new ProblemFile(source, problem, formulation, s, backend, limits);
    }

    /** The same file with other limits. */
    public ProblemFile withLimits(Limits l) {
        return new ProblemFile(source, problem, formulation, space, backend, l);
    }

    /** The same file with another backend. */
    public ProblemFile withBackend(String b) {
        return new ProblemFile(source, problem, formulation, space, b, limits);
    }
}
