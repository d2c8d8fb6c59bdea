package holdfast.simulator.cloud;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The reference cloud is an independent reading of the contract: it speaks only `shared`, never the node. */
class ReferenceCloudArchitectureTest {

    @Test
    void referenceCloudNeverUsesEdgeNodeClasses() {
        noClasses().that().resideInAPackage("holdfast.simulator.cloud..")
                .should().dependOnClassesThat().resideInAPackage("holdfast.edge..")
                .check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("holdfast.simulator.cloud"));
    }
}
