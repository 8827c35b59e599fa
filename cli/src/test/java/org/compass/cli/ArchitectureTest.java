package org.compass.cli;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The architecture as rules over the compiled classes of every module on this module's class path (model,
 * solver, formulations, simulator and the command line): modules depend one way, and no two packages depend on
 * each other, directly or round a cycle. The simulator's own rule (it never uses the cost model) is checked in
 * the simulator module.
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

    @Test
    void noPackageCycles() {
        slices().matching("org.compass.(**)").should().beFreeOfCycles().check(classes);
    }
}
