package holdfast.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import holdfast.console.connection.ConnectionStore;
import holdfast.console.connection.NodeConnection;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.input.KeyCode;
import java.nio.file.attribute.PosixFilePermissions;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Connections and layout: nodes added in the console are remembered (mode 600) and switching rebinds every
 * screen (a viewer's token sees actions disabled), a node that cannot be reached is shown as such, and every
 * screen fits a 1366x768 window and is reached from the keyboard.
 */
class ConsoleConnectionsIT extends ConsoleTestBase {

    @Start
    void start(Stage stage) throws IOException {
        show(stage);
    }

    @Test
    void nodeAddedInTheConsoleWithAViewerTokenIsRememberedAndShowsEveryActionDisabled(FxRobot robot)
            throws Exception {
        String viewer = issueToken("viewer");
        cloud.census(Map.of("ICU-8", "P-CLOUD-8"), List.of());
        post(reading("mon-08", "ICU-8", null));
        await().atMost(Duration.ofSeconds(30)).until(() -> openReconciliations().size() > 0);
        robot.clickOn("#tab-reconciliations");

        robot.clickOn("#add-node");
        robot.clickOn("#add-node-name").write("ward 3 (viewer)");
        robot.clickOn("#add-node-url").write("http://127.0.0.1:" + node.httpPort());
        robot.clickOn("#add-node-token").write(viewer);
        screenshot(robot, "#add-node-url", "console-add-node.png", true);
        robot.type(KeyCode.ENTER); // OK is the dialog's default button

        await().atMost(Duration.ofSeconds(10)).until(() -> Files.isRegularFile(remembered)
                && new ConnectionStore(remembered).load().get(0).token().equals(viewer));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(remembered))).isEqualTo("rw-------");
        assertThat(new ConnectionStore(remembered).load()).extracting(NodeConnection::name)
                .containsExactly("ward 3 (viewer)", "ward 3");

        TableView<?> table = robot.lookup("#reconciliations-table").queryAs(TableView.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> !table.getItems().isEmpty());
        robot.interact(() -> table.getSelectionModel().select(0));
        Label role = robot.lookup("#resolve-role").queryAs(Label.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> role.getText().contains("viewer"));
        for (String action : List.of("resend", "reattribute", "void", "accept")) {
            assertThat(robot.lookup("#resolve-" + action).queryButton().isDisabled()).as(action).isTrue();
        }

        // Switching back to the admin's node binds every screen to it again: actions enabled.
        @SuppressWarnings("unchecked")
        ComboBox<NodeConnection> nodes = robot.lookup("#node-selector").queryAs(ComboBox.class);
        robot.interact(() -> nodes.getSelectionModel().select(nodes.getItems().stream()
                .filter(n -> n.token().equals(ADMIN)).findFirst().orElseThrow()));
        TableView<?> adminTable = robot.lookup("#reconciliations-table").queryAs(TableView.class);
        assertThat(adminTable).isNotSameAs(table);
        await().atMost(Duration.ofSeconds(10)).until(() -> !adminTable.getItems().isEmpty());
        robot.interact(() -> adminTable.getSelectionModel().select(0));
        Button accept = robot.lookup("#resolve-accept").queryButton();
        await().atMost(Duration.ofSeconds(10)).until(() -> !accept.isDisabled());
    }

    @Test
    void nodeThatCannotBeReachedIsShownAsSuchNotAsDegraded(FxRobot robot) throws Exception {
        awaitOnline(robot);
        int closedPort;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        robot.push(KeyCode.CONTROL, KeyCode.N);
        robot.clickOn("#add-node-name").write("ward 5");
        robot.clickOn("#add-node-url").write("http://127.0.0.1:" + closedPort);
        robot.clickOn("#add-node-token").write("hf_some-token");
        robot.type(KeyCode.ENTER);
        awaitBanner(robot, "UNREACHABLE", "Cannot reach ward 5 at http://127.0.0.1:" + closedPort + " since");
        assertThat(bannerText(robot)).contains("check that the node is running and the URL is right")
                .contains("connection refused");
        screenshot(robot, null, "console-unreachable.png");
    }

    @Test
    void stoppedNodeIsShownUnreachableAndTheConsoleRecoversWhenItIsBack(FxRobot robot) {
        awaitOnline(robot);
        node.close();
        try {
            awaitBanner(robot, "UNREACHABLE", "Cannot reach ward 3 at " + base + " since");
            assertThat(robot.lookup("#banner").query().getProperties().get("severity"))
                    .as("distinct from a degraded node").isNotEqualTo("WARNING");
        } finally {
            restartNode();
        }
        awaitOnline(robot);
    }

    @Test
    void everyScreenFitsA1366x768WindowAndIsReachedFromTheKeyboard(FxRobot robot) throws Exception {
        Map<String, List<String>> required = Map.of(
                "tab-fleet", List.of("#fleet-table", "#fleet-open"),
                "tab-lanes", List.of("#lanes-table", "#backlog-chart"),
                "tab-alerts", List.of("#alerts-table", "#alert-acknowledge"),
                "tab-devices", List.of("#devices-ward", "#devices-table"),
                "tab-senders", List.of("#senders-table"),
                "tab-operator-alerts", List.of("#operator-alerts-table", "#operator-alert-acknowledge"),
                "tab-reconciliations", List.of("#reconciliation-filter", "#reconciliations-table", "#resolve-reason",
                        "#resolve-patient", "#resolve-resend", "#resolve-reattribute", "#resolve-void",
                        "#resolve-accept"),
                "tab-dead-letters", List.of("#dead-letters-table", "#dead-letter-detail", "#reprocess",
                        "#discard"));
        List<String> tabs = List.of("tab-fleet", "tab-lanes", "tab-alerts", "tab-devices", "tab-senders",
                "tab-operator-alerts", "tab-reconciliations", "tab-dead-letters");
        Scene scene = robot.window(0).getScene();
        assertThat(scene.getWidth()).isEqualTo(1366);
        for (int i = 0; i < tabs.size(); i++) {
            robot.push(KeyCode.CONTROL, KeyCode.getKeyCode(String.valueOf(i + 1)));
            TabPane pane = robot.lookup("#tabs").queryAs(TabPane.class);
            assertThat(pane.getSelectionModel().getSelectedItem().getId()).isEqualTo(tabs.get(i));
            WaitForAsyncUtils.waitForFxEvents();
            for (String id : concat(required.get(tabs.get(i)), "#node-selector", "#add-node", "#remove-node",
                    "#banner-text")) {
                Node control = robot.lookup(id).match(Node::isVisible).query();
                javafx.geometry.Bounds b = control.localToScene(control.getLayoutBounds());
                assertThat(b.getWidth()).as(id + " has room").isGreaterThan(8);
                assertThat(b.getHeight()).as(id + " has room").isGreaterThan(8);
                assertThat(b.getMinX()).as(id + " left edge").isGreaterThanOrEqualTo(0);
                assertThat(b.getMinY()).as(id + " top edge").isGreaterThanOrEqualTo(0);
                assertThat(b.getMaxX()).as(id + " right edge").isLessThanOrEqualTo(scene.getWidth());
                assertThat(b.getMaxY()).as(id + " bottom edge").isLessThanOrEqualTo(scene.getHeight());
                if (control instanceof javafx.scene.control.Button button) {
                    assertThat(button.isTextTruncated()).as(id + " shows its whole label").isFalse();
                }
            }
        }
        robot.push(KeyCode.CONTROL, KeyCode.DIGIT1);
        // Tab order: from the node selector to the add button.
        robot.interact(() -> robot.lookup("#node-selector").query().requestFocus());
        robot.type(KeyCode.TAB);
        assertThat(scene.getFocusOwner().getId()).isEqualTo("add-node");
    }
}
