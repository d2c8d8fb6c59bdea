package holdfast.edge;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

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

    @Test
    void featurePackagesFormNoCycle() {
        slices().matching("holdfast.edge.(*)..").should().beFreeOfCycles().check(classes);
    }

    /** The HTTP plumbing (guard, problems, JSON) and the node's own admin routes sit below every feature. */
    @Test
    void theApiPackageKnowsNoFeature() {
        noClasses().that().resideInAPackage("holdfast.edge.api..")
                .should().dependOnClassesThat().resideInAnyPackage(FEATURES)
                .check(classes);
    }

    /** The audit trail is written by everyone and so depends on no one above storage. */
    @Test
    void theAuditTrailDependsOnNothingAboveStorage() {
        noClasses().that().resideInAPackage("holdfast.edge.audit..")
                .should().dependOnClassesThat().resideInAnyPackage(concat(FEATURES, "holdfast.edge.api..",
                        "holdfast.edge.security..", "io.helidon.webserver.."))
                .check(classes);
    }

    /** Dead letters are kept by every channel: the store knows no channel, and no channel's routes. */
    @Test
    void deadLettersKnowNoChannelNorStatus() {
        noClasses().that().resideInAPackage("holdfast.edge.deadletter")
                .should().dependOnClassesThat().resideInAnyPackage("holdfast.edge.status..", "holdfast.edge.sync..",
                        "holdfast.edge.mode..", "holdfast.edge.alerts..", "holdfast.edge.reconcile..")
                .check(classes);
    }

    /** The policy for a node thread's failures is used by every feature, so it may know none. */
    @Test
    void theThreadFailurePolicyKnowsNothingOfTheNode() {
        noClasses().that().resideInAPackage("holdfast.edge.threads..")
                .should().dependOnClassesThat().resideInAnyPackage(concat(FEATURES, "holdfast.edge",
                        "holdfast.edge.api..", "holdfast.edge.audit..", "holdfast.edge.security..",
                        "holdfast.edge.store..", "holdfast.edge.config..", "holdfast.edge.journal..",
                        "holdfast.edge.idempotency..", "holdfast.edge.tls..", "holdfast.edge.trace.."))
                .check(classes);
    }

    private static final String[] FEATURES = {"holdfast.edge.ingest..", "holdfast.edge.sync..",
        "holdfast.edge.mode..", "holdfast.edge.deadletter..", "holdfast.edge.reconcile..", "holdfast.edge.alerts..",
        "holdfast.edge.census..", "holdfast.edge.activity..", "holdfast.edge.watch..", "holdfast.edge.status..",
        "holdfast.edge.history..", "holdfast.edge.broker..", "holdfast.edge.devices..", "holdfast.edge.facts..",
        "holdfast.edge.backup..", "holdfast.edge.observe..", "holdfast.edge.lanes..", "holdfast.edge.canary.."};

    private static String[] concat(String[] a, String... b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
