package holdfast.edge;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The allowed arrows between modules and feature packages, stated once and checked on every build. */
class ArchitectureTest {

    static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("holdfast");
    }

    @Test
    void sharedDependsOnNoOtherModule() {
        noClasses().that().resideInAPackage("holdfast.shared..")
                .should().dependOnClassesThat().resideInAnyPackage("holdfast.edge..", "holdfast.console..",
                        "holdfast.simulator..")
                .check(classes);
    }

    @Test
    void edgeNodeHasNoUserInterfaceCode() {
        noClasses().that().resideInAPackage("holdfast.edge..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "java.awt..", "javax.swing..")
                .check(classes);
    }

    @Test
    void journalsKnowNothingOfChannelsPoliciesOrTheApi() {
        noClasses().that().resideInAPackage("holdfast.edge.journal..")
                .should().dependOnClassesThat().resideInAnyPackage("holdfast.edge.ingest..", "holdfast.edge.api..",
                        "holdfast.edge.lanes..", "holdfast.edge.security..", "holdfast.edge.idempotency..",
                        "holdfast.edge.store..", "io.helidon.webserver..", "io.helidon.http..")
                .check(classes);
    }

    @Test
    void policiesAndStorageDoNotReachIntoTheHttpLayer() {
        noClasses().that().resideInAnyPackage("holdfast.edge.lanes..", "holdfast.edge.idempotency..",
                        "holdfast.edge.store..", "holdfast.edge.security..", "holdfast.edge.config..",
                        "holdfast.edge.journal..", "holdfast.edge.mode..", "holdfast.edge.sync..")
                .should().dependOnClassesThat().resideInAnyPackage("holdfast.edge.api..", "holdfast.edge.ingest..",
                        "io.helidon.webserver..")
                .check(classes);
    }

    @Test
    void onlyTheCompositionRootBuildsTheNode() {
        noClasses().that().resideOutsideOfPackage("holdfast.edge")
                .and().resideInAPackage("holdfast.edge..")
                .should().dependOnClassesThat().haveSimpleName("EdgeNode")
                .check(classes);
    }

    @Test
    void channelsGoThroughTheIngestPipelineNotStraightToTheJournals() {
        noClasses().that().resideInAPackage("holdfast.edge.ingest.(*)..")
                .should().dependOnClassesThat().resideInAPackage("holdfast.edge.journal..")
                .check(classes);
    }
}
