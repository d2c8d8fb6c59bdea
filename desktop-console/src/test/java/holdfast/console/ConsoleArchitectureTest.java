package holdfast.console;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The console talks to nodes over HTTP only, and only view models call the client. */
class ConsoleArchitectureTest {

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("holdfast.console");

    @Test
    void consoleNeverImportsTheEdgeNode() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("holdfast.edge..", "holdfast.simulator..")
                .check(classes);
    }

    @Test
    void onlyViewModelsAndTheCompositionRootUseTheClient() {
        noClasses().that().haveSimpleNameEndingWith("View").or().haveSimpleNameEndingWith("Bar")
                .or().haveSimpleNameEndingWith("Dialog")
                .should().dependOnClassesThat().resideInAPackage("holdfast.console.client..")
                .check(classes);
    }
}
