package org.compass.simulator;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.compass.solver.cost.CostModel;
import org.compass.solver.cost.Evaluation;
import org.compass.solver.cost.PartitionCost;
import org.compass.solver.cost.PartitionLoad;
import org.compass.solver.cost.ReplicationChooser;
import org.junit.jupiter.api.Test;

/**
 * The simulator is an independent checker: its classes never use the cost model, the types it scores with or
 * anything of the formulations, so that its agreement with the cost model is evidence (docs/simulator.md).
 * Checked on the compiled classes, so a use through a fully qualified name or a wildcard import counts too.
 */
class IndependenceTest {

    @Test
    void simulatorNeverTouchesTheCostModel() {
        JavaClasses simulator = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.compass.simulator");
        noClasses().that().resideInAPackage("org.compass.simulator..")
                .should().dependOnClassesThat().belongToAnyOf(CostModel.class, Evaluation.class, PartitionCost.class,
                        PartitionLoad.class, ReplicationChooser.class)
                .orShould().dependOnClassesThat().resideInAPackage("org.compass.solver.cost..")
                .orShould().dependOnClassesThat().resideInAPackage("org.compass.formulations..")
                .because("the simulator re-checks the cost model's figures and must not derive them from it")
                .check(simulator);
    }
}
