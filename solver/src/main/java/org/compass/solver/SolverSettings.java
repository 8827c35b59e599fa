package org.compass.solver;

import java.util.List;
import org.compass.model.InputException;
import org.compass.model.io.SettingsReader;
import org.compass.model.io.YamlFields;
import org.compass.model.problem.Limits;
import org.compass.model.problem.SearchSpace;
import org.compass.solver.schedule.ScheduleMode;

/**
 * How to solve a problem, kept apart from the problem itself (as Timefold keeps its solver configuration apart
 * from the domain): which formulation, over which space, on which back-end, within which limits. A problem file
 * may carry these fields beside the problem ({@link #FIELDS}); the command line overrides them.
 *
 * @param formulation name of the formulation to run (a {@link FormulationRegistry} name)
 * @param space       the partition search space
 * @param backend     solver back-end for formulations that have several (SCIP, CBC, HIGHS), or null for the default
 * @param limits      time, threads, seed
 * @param schedule    the write schedule to make of the plan (docs/scheduling.md), or null for none: the field
 *                    {@code schedule: none|early|prefetch|full}, as {@code --schedule}
 * @param scheduleJoint seconds of the joint search over the plan's cuts ({@code schedule_joint}, as
 *                    {@code --schedule-joint}), or null for none; only with a schedule
 */
public record SolverSettings(String formulation, SearchSpace space, String backend, Limits limits,
                             ScheduleMode schedule, Double scheduleJoint) {

    /** The fields of a problem file that hold solver settings. */
    public static final List<String> FIELDS = List.of("formulation", "space", "backend", "limits", "schedule",
            "schedule_joint");

    /** The longest joint search a file or the command line may ask for, seconds. */
    public static final double MAX_JOINT_SECONDS = 1e6;

    /** dp over contiguous ranges, the default back-end, {@link Limits#DEFAULT}, no schedule. */
    public static final SolverSettings DEFAULT = new SolverSettings("dp", SearchSpace.CONTIGUOUS, null,
            Limits.DEFAULT);

    /** Settings without a write schedule. */
    public SolverSettings(String formulation, SearchSpace space, String backend, Limits limits) {
        this(formulation, space, backend, limits, null, null);
    }

    /** The solver settings among a problem file's top-level fields, defaults where absent. */
    public static SolverSettings read(YamlFields f) {
        SearchSpace space = SearchSpace.byLabel(f.string("space", DEFAULT.space().label()));
        if (space == null) {
            throw InputException.choice(f.file(), f.pathOf("space"), "contiguous or dag",
                    SettingsReader.labels(SearchSpace.values()), f.raw("space"));
        }
        ScheduleMode schedule = null;
        if (f.has("schedule")) {
            schedule = ScheduleMode.parse(f.string("schedule", null));
            if (schedule == null) {
                throw InputException.choice(f.file(), f.pathOf("schedule"), "none, early, prefetch or full",
                        SettingsReader.labels(ScheduleMode.values()), f.raw("schedule"));
            }
        }
        Double joint = null;
        if (f.has("schedule_joint")) {
            joint = f.positiveNumber("schedule_joint", 1);
            if (joint > MAX_JOINT_SECONDS) {
                throw InputException.field(f.file(), f.pathOf("schedule_joint"), "a positive number of seconds up to "
                        + String.format("%,.0f", MAX_JOINT_SECONDS), f.raw("schedule_joint"));
            }
            if (schedule == null || schedule == ScheduleMode.NONE) {
                throw InputException.field(f.file(), f.pathOf("schedule_joint"), "a 'schedule' field of early,"
                        + " prefetch or full beside it (the joint search moves the cuts for the scheduled makespan)",
                        f.raw("schedule_joint"));
            }
        }
        return new SolverSettings(f.string("formulation", DEFAULT.formulation()), space,
                f.string("backend", DEFAULT.backend()), SettingsReader.limits(f), schedule, joint);
    }

    /** The same settings with another formulation. */
    public SolverSettings withFormulation(String f) {
        return new SolverSettings(f, space, backend, limits, schedule, scheduleJoint);
    }

    /** The same settings with another search space. */
    public SolverSettings withSpace(SearchSpace s) {
        return new SolverSettings(formulation, s, backend, limits, schedule, scheduleJoint);
    }

    /** The same settings with another back-end. */
    public SolverSettings withBackend(String b) {
        return new SolverSettings(formulation, space, b, limits, schedule, scheduleJoint);
    }

    /** The same settings with other limits. */
    public SolverSettings withLimits(Limits l) {
        return new SolverSettings(formulation, space, backend, l, schedule, scheduleJoint);
    }
}
