package org.compass.solver;

import java.util.List;
import org.compass.model.InputException;
import org.compass.model.io.SettingsReader;
import org.compass.model.io.YamlFields;
import org.compass.model.problem.Limits;
import org.compass.model.problem.SearchSpace;

/**
 * How to solve a problem, kept apart from the problem itself (as Timefold keeps its solver configuration apart
 * from the domain): which formulation, over which space, on which back-end, within which limits. A problem file
 * may carry these fields beside the problem ({@link #FIELDS}); the command line overrides them.
 *
 * @param formulation name of the formulation to run (a {@link FormulationRegistry} name)
 * @param space       the partition search space
 * @param backend     solver back-end for formulations that have several (SCIP, CBC, HIGHS), or null for the default
 * @param limits      time, threads, seed
 */
public record SolverSettings(String formulation, SearchSpace space, String backend, Limits limits) {

    /** The fields of a problem file that hold solver settings. */
    public static final List<String> FIELDS = List.of("formulation", "space", "backend", "limits");

    /** dp over contiguous ranges, the default back-end, {@link Limits#DEFAULT}. */
    public static final SolverSettings DEFAULT = new SolverSettings("dp", SearchSpace.CONTIGUOUS, null,
            Limits.DEFAULT);

    /** The solver settings among a problem file's top-level fields, defaults where absent. */
    public static SolverSettings read(YamlFields f) {
        SearchSpace space = SearchSpace.byLabel(f.string("space", DEFAULT.space().label()));
        if (space == null) {
            throw InputException.choice(f.file(), f.pathOf("space"), "contiguous or dag",
                    SettingsReader.labels(SearchSpace.values()), f.raw("space"));
        }
        return new SolverSettings(f.string("formulation", DEFAULT.formulation()), space,
                f.string("backend", DEFAULT.backend()), SettingsReader.limits(f));
    }

    /** The same settings with another formulation. */
    public SolverSettings withFormulation(String f) {
        return new SolverSettings(f, space, backend, limits);
    }

    /** The same settings with another search space. */
    public SolverSettings withSpace(SearchSpace s) {
        return new SolverSettings(formulation, s, backend, limits);
    }

    /** The same settings with another back-end. */
    public SolverSettings withBackend(String b) {
        return new SolverSettings(formulation, space, b, limits);
    }

    /** The same settings with other limits. */
    public SolverSettings withLimits(Limits l) {
        return new SolverSettings(formulation, space, backend, l);
    }
}
