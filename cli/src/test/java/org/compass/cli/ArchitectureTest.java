package org.compass.cli;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The architecture as rules over the compiled classes of every module on this module's class path (model,
 * solver, formulations, simulator and the command line): modules depend one way, and no two packages depend on
 * each other, directly or round a cycle. The simulator's own rule (it never uses the cost model) is checked in
 * the simulator module. And no main source file of any module is longer than {@link #MAX_LINES} lines (issue 17:
 * one idea per class, split along concerns).
 */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.compass");
    }

    @Test
    void modulesDependOneWay() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("model").definedBy("org.compass.model..")
                .layer("solver").definedBy("org.compass.solver..")
                .layer("simulator").definedBy("org.compass.simulator..")
                .layer("formulations").definedBy("org.compass.formulations..")
                .layer("cli").definedBy("org.compass.cli..")
                .whereLayer("cli").mayNotBeAccessedByAnyLayer()
                .whereLayer("formulations").mayOnlyBeAccessedByLayers("cli")
                .whereLayer("simulator").mayOnlyBeAccessedByLayers("cli")
                .whereLayer("solver").mayOnlyBeAccessedByLayers("formulations", "simulator", "cli")
                .whereLayer("model").mayOnlyBeAccessedByLayers("solver", "formulations", "simulator", "cli")
                .check(classes);
    }

    /**
     * Inside {@code solver}: plans know nothing else; the cost model prices plans; schedules time a plan's writes
     * with the cost model's durations; the solver's API (formulations, requests, results, settings) uses them all;
     * cancellation and progress are below everything.
     */
    @Test
    void solverPackagesDependOneWay() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("api").definedBy("org.compass.solver")
                .layer("schedule").definedBy("org.compass.solver.schedule..")
                .layer("cost").definedBy("org.compass.solver.cost..")
                .layer("plan").definedBy("org.compass.solver.plan..")
                .layer("control").definedBy("org.compass.solver.control..")
                .whereLayer("api").mayNotBeAccessedByAnyLayer()
                .whereLayer("schedule").mayOnlyBeAccessedByLayers("api")
                .whereLayer("cost").mayOnlyBeAccessedByLayers("api", "schedule")
                .whereLayer("plan").mayOnlyBeAccessedByLayers("api", "schedule", "cost")
                .whereLayer("control").mayOnlyBeAccessedByLayers("api", "schedule", "cost", "plan")
                .check(classes);
    }

    @Test
    void noPackageCycles() {
        slices().matching("org.compass.(**)").should().beFreeOfCycles().check(classes);
    }

    /** The longest a main source file may be, in lines. */
    static final int MAX_LINES = 600;

    @Test
    void noMainSourceFileIsLongerThan600Lines() throws IOException {
        // surefire runs in the module's folder: the modules are its siblings
        Path root = Path.of("").toAbsolutePath().getParent();
        List<Path> mains;
        try (Stream<Path> modules = Files.list(root)) {
            mains = modules.map(m -> m.resolve("src/main/java")).filter(Files::isDirectory).toList();
        }
        assertTrue(mains.size() >= 6, "main source folders found under " + root + ": " + mains);
        List<String> tooLong;
        try (Stream<Path> files = mains.stream().flatMap(ArchitectureTest::javaFiles)) {
            tooLong = files.filter(f -> lines(f) > MAX_LINES).map(f -> root.relativize(f) + " " + lines(f)).toList();
        }
        assertEquals(List.of(), tooLong, "main source files above " + MAX_LINES + " lines");
    }

    private static Stream<Path> javaFiles(Path dir) {
        try {
            return Files.walk(dir).filter(f -> f.toString().endsWith(".java")).toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long lines(Path file) {
        try (Stream<String> l = Files.lines(file)) {
            return l.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
