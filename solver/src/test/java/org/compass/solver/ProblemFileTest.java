package org.compass.solver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.compass.model.InputException;
import org.compass.model.problem.Limits;
import org.compass.model.problem.Objective;
import org.compass.model.problem.SearchSpace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A problem file holds the problem and, apart from it, the solver settings: both read from one YAML file, the
 * settings into {@link SolverSettings} (which a {@link SolveRequest} then carries unchanged).
 */
class ProblemFileTest {

    private static final Path FILE = Path.of("p.yaml");

    @Test
    void theSettingsAreReadApartFromTheProblem() {
        ProblemFile pf = ProblemFile.parse(FILE, """
                network: resnet18
                objective: energy
                formulation: greedy
                space: dag
                backend: highs
                limits: {seconds: 5, threads: 1, seed: 7}
                """);
        assertEquals(Objective.ENERGY, pf.problem().objective());
        assertEquals(new SolverSettings("greedy", SearchSpace.DAG, "highs", new Limits(5, 1, 7)), pf.settings());
        SolveRequest r = SolveRequest.of(pf.problem(), pf.settings());
        assertEquals(pf.settings(), r.settings());
        assertEquals(SearchSpace.DAG, r.space());
        assertEquals(new Limits(5, 1, 7), r.limits());
        assertEquals("highs", r.backend());
    }

    /** A write schedule may be asked for in the file (the command line's --schedule and --schedule-joint override it). */
    @Test
    void aScheduleIsASetting() {
        ProblemFile pf = ProblemFile.parse(FILE, "network: resnet18\nschedule: prefetch\nschedule_joint: 12.5\n");
        assertEquals(org.compass.solver.schedule.ScheduleMode.PREFETCH, pf.settings().schedule());
        assertEquals(12.5, pf.settings().scheduleJoint());
        assertEquals(pf.settings(), pf.settings().withLimits(pf.settings().limits()), "kept by the with- methods");
        assertNull(ProblemFile.parse(FILE, "network: resnet18\n").settings().schedule());
    }

    @Test
    void aFileWithoutSettingsGetsTheDefaults() {
        ProblemFile pf = ProblemFile.parse(FILE, "network: resnet18\n");
        assertEquals(SolverSettings.DEFAULT, pf.settings());
        assertEquals("dp", pf.settings().formulation());
        assertEquals(SearchSpace.CONTIGUOUS, pf.settings().space());
        assertNull(pf.settings().backend());
        assertEquals(Limits.DEFAULT, pf.settings().limits());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            bad space          | 'network: resnet18\\nspace: tree'                 | field 'space': expected contiguous or dag
            bad time limit     | 'network: resnet18\\nlimits: {seconds: -1}'       | field 'limits.seconds': expected a positive number
            endless time limit | 'network: resnet18\\nlimits: {seconds: 1e300}'    | field 'limits.seconds': expected a positive number of seconds up to 1,000,000
            too many threads   | 'network: resnet18\\nlimits: {threads: 100000}'   | field 'limits.threads': expected an integer from 1 to 1,024
            unknown field      | 'network: resnet18\\nsolver: dp'                  | field 'solver': unknown field
            bad schedule       | 'network: resnet18\\nschedule: fulll'           | field 'schedule': expected none, early, prefetch or full, got 'fulll'; did you mean full?
            joint alone        | 'network: resnet18\\nschedule_joint: 5'         | field 'schedule_joint': expected a 'schedule' field of early, prefetch or full
            joint after none   | 'network: resnet18\\nschedule: none\\nschedule_joint: 5' | field 'schedule_joint': expected a 'schedule' field
            negative joint     | 'network: resnet18\\nschedule: full\\nschedule_joint: -1' | field 'schedule_joint': expected a positive number
            """)
    void badSettingsAreOneLineNamingFileAndField(String name, String text, String expected) {
        InputException e = assertThrows(InputException.class, () -> ProblemFile.parse(FILE, text.replace("\\n", "\n")));
        assertTrue(e.getMessage().startsWith("p.yaml: "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void theProblemReaderAloneRefusesSettingsItDoesNotRead() {
        InputException e = assertThrows(InputException.class, () -> org.compass.model.io.ProblemReader.parse(FILE,
                "network: resnet18\nformulation: greedy\n"));
        assertTrue(e.getMessage().contains("field 'formulation': unknown field"), e.getMessage());
    }
}
