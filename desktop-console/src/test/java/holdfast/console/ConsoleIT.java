package holdfast.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import holdfast.console.connection.ConnectionStore;
import holdfast.console.connection.ConnectionsViewModel;
import holdfast.console.connection.NodeConnection;
import holdfast.edge.EdgeNode;
import holdfast.edge.config.ConfigLoader;
import holdfast.simulator.cloud.ReferenceCloud;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.input.KeyCode;
import java.nio.file.attribute.PosixFilePermissions;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The console in a real JavaFX window (headless Monocle) against a real edge node and the reference cloud,
 * both in this JVM on loopback. Saves a screenshot of each screen under {@code target/screenshots}.
 */
@ExtendWith(ApplicationExtension.class)
class ConsoleIT {

    private static final String ADMIN = "hf_console-test-admin-token-0123";
    private static final String CLOUD_TOKEN = "cloud-token";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final AtomicInteger SEQ = new AtomicInteger();

    static Path root;
    static ReferenceCloud cloud;
    static int cloudPort;
    static boolean cloudDown;
    static EdgeNode node;
    static String base;

    private final ExecutorService background = Executors.newVirtualThreadPerTaskExecutor();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    private MainView view;
    private Path remembered;

    @BeforeAll
    static void startNodeAndCloud() throws IOException {
        root = Files.createTempDirectory("holdfast-console-it");
        cloud = ReferenceCloud.start(0, root.resolve("cloud"), CLOUD_TOKEN);
        cloudPort = cloud.port();
        Map<String, String> config = holdfast.simulator.LoopbackNodeConfig.overrides(root.resolve("node"), ADMIN);
        config.put("upstream.url", cloud.url());
        config.put("upstream.token", CLOUD_TOKEN);
        node = EdgeNode.start(ConfigLoader.load(null, Map.of(), config), Clock.systemUTC());
        base = "http://127.0.0.1:" + node.httpPort();
    }

    @AfterAll
    static void stopNodeAndCloud() {
        node.close();
        if (!cloudDown) {
            cloud.close();
        }
    }

    /** Each test starts with the cloud up and answering normally, whatever an earlier test left behind. */
    @org.junit.jupiter.api.BeforeEach
    void ensureCloudRunning() {
        if (cloudDown) {
            cloud = ReferenceCloud.start(cloudPort, root.resolve("cloud"), CLOUD_TOKEN);
            cloudDown = false;
        }
        cloud.faults(holdfast.simulator.cloud.FaultPlan.none());
    }

    @AfterEach
    void stopPolling() throws Exception {
        WaitForAsyncUtils.asyncFx(view::close).get();
        ticker.shutdownNow();
        background.shutdownNow();
    }

    @Start
    void start(Stage stage) throws IOException {
        remembered = Files.createTempDirectory(root, "console-home").resolve("console.properties");
        ConnectionStore store = new ConnectionStore(remembered);
        ConnectionsViewModel connections = new ConnectionsViewModel(List.of(new NodeConnection("ward 3", base, ADMIN)),
                store::save, background, Platform::runLater);
        view = ConsoleApp.build(connections, background, Platform::runLater, ticker);
        stage.setScene(new Scene(view, 1366, 768));
        stage.show();
    }

    @Test
    void bannerTurnsDegradedWhenTheCloudStopsAndOnlineWhenItReturns(FxRobot robot) throws Exception {
        post(reading("mon-01", "ICU-1", null));
        awaitBanner(robot, "OK", "Online");
        screenshot(robot, "#tabs", "console-lanes.png");

        cloud.close();
        cloudDown = true;
        post(reading("mon-01", "ICU-1", null));
        awaitBanner(robot, "WARNING", "Cloud unreachable");
        assertThat(bannerText(robot)).containsPattern("\\d+ events? buffered");
        screenshot(robot, null, "console-degraded.png");

        ensureCloudRunning();
        post(reading("mon-01", "ICU-1", null));
        awaitBanner(robot, "OK", "Online");
    }

    @Test
    void laneBacklogShownMatchesTheNodesStatus(FxRobot robot) throws Exception {
        cloud.faults(holdfast.simulator.cloud.FaultPlan.of(holdfast.simulator.cloud.FaultPlan.Mode.UNAVAILABLE));
        try {
            for (int i = 0; i < 5; i++) {
                post(reading("mon-02", "ICU-2", null));
            }
            TableView<?> lanes = robot.lookup("#lanes-table").queryAs(TableView.class);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                JsonNode status = get("/api/v1/status");
                long standard = status.get("lanes").get(1).get("backlog").asLong();
                assertThat(standard).isPositive();
                Object row = lanes.getItems().get(1);
                assertThat(((holdfast.console.status.LaneRow) row).backlog()).isEqualTo(standard);
            });
        } finally {
            cloud.faults(holdfast.simulator.cloud.FaultPlan.none());
        }
    }

    @Test
    void resolvingAReconciliationFromTheConsoleReachesNodeAndCloud(FxRobot robot) throws Exception {
        cloud.census(Map.of("ICU-7", "P-CLOUD-7"), List.of());
        String key = post(reading("mon-07", "ICU-7", null));
        await().atMost(Duration.ofSeconds(30)).until(() -> openFor(key) != null);
        String eventId = openFor(key).get("eventId").asText();
        robot.clickOn("#tab-reconciliations");
        @SuppressWarnings("unchecked")
        TableView<holdfast.shared.api.ReconciliationItem> table =
                robot.lookup("#reconciliations-table").queryAs(TableView.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> table.getItems().stream()
                .anyMatch(i -> i.idempotencyKey().equals(key)));
        robot.interact(() -> table.getSelectionModel().select(table.getItems().stream()
                .filter(i -> i.idempotencyKey().equals(key)).findFirst().orElseThrow()));
        screenshot(robot, null, "console-reconciliations.png");
        robot.clickOn("#resolve-reason").write("cloud census is right: device was moved");
        Button voidButton = robot.lookup("#resolve-void").queryButton();
        await().atMost(Duration.ofSeconds(5)).until(() -> !voidButton.isDisabled());
        robot.clickOn(voidButton);
        await().atMost(Duration.ofSeconds(20)).until(() -> openFor(key) == null);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(cloud.store().accepted("void"))
                .anyMatch(v -> eventId.equals(v.causationId())));
        robot.clickOn("#tab-lanes");
    }

    @Test
    void alertRaisedOnTheNodeIsShownByLevelAndAcknowledgedFromTheConsole(FxRobot robot) throws Exception {
        post(reading("mon-09", "ICU-9", null).replace("\"8867-4\"", "\"59408-5\"").replace("\"value\":72",
                "\"value\":81"));
        robot.clickOn("#tab-alerts");
        @SuppressWarnings("unchecked")
        TableView<holdfast.shared.api.AlertItem> table = robot.lookup("#alerts-table").queryAs(TableView.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> table.getItems().stream()
                .anyMatch(a -> "ICU-9".equals(a.bed())));
        robot.interact(() -> table.getSelectionModel().select(table.getItems().stream()
                .filter(a -> "ICU-9".equals(a.bed())).findFirst().orElseThrow()));
        screenshot(robot, null, "console-alerts.png");
        Button acknowledge = robot.lookup("#alert-acknowledge").queryButton();
        await().atMost(Duration.ofSeconds(5)).until(() -> !acknowledge.isDisabled());
        robot.clickOn(acknowledge);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode acked = get("/api/v1/alerts?status=acknowledged").get("items");
            assertThat(acked.findValuesAsText("bed")).contains("ICU-9");
        });
        robot.clickOn("#tab-lanes");
    }

    @Test
    void discardingADeadLetterFromTheConsoleClosesItOnTheNode(FxRobot robot) throws Exception {
        HttpResponse<String> bad = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/observations"))
                .header("Authorization", "Bearer " + ADMIN).POST(HttpRequest.BodyPublishers.ofString("{\"messageId\":7}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(bad.statusCode()).isEqualTo(400);
        String correlationId = JSON.readTree(bad.body()).get("correlationId").asText();
        robot.clickOn("#tab-dead-letters");
        @SuppressWarnings("unchecked")
        TableView<holdfast.shared.api.DeadLetterItem> table =
                robot.lookup("#dead-letters-table").queryAs(TableView.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> table.getItems().stream()
                .anyMatch(d -> d.correlationId().equals(correlationId)));
        robot.interact(() -> table.getSelectionModel().select(table.getItems().stream()
                .filter(d -> d.correlationId().equals(correlationId)).findFirst().orElseThrow()));
        screenshot(robot, null, "console-dead-letters.png");
        Button discard = robot.lookup("#discard").queryButton();
        await().atMost(Duration.ofSeconds(5)).until(() -> !discard.isDisabled());
        robot.clickOn(discard);
        Button confirm = robot.lookup("#reason-dialog-ok").queryButton();
        assertThat(confirm.isDisabled()).as("no reason, no discard").isTrue();
        robot.clickOn("#reason-dialog-text").write("malformed test post from the vendor's bench");
        robot.type(KeyCode.ENTER);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode discarded = get("/api/v1/dead-letters?status=discarded");
            assertThat(discarded.get("items").findValuesAsText("correlationId")).contains(correlationId);
        });
        robot.clickOn("#tab-lanes");
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
    void reprocessingADeadLetterFromTheConsoleTurnsItIntoAnEvent(FxRobot robot) throws Exception {
        // A valid reading sent with a malformed Idempotency-Key header is kept as a dead letter.
        String body = reading("mon-11", "ICU-11", null);
        HttpResponse<String> bad = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/observations"))
                .header("Authorization", "Bearer " + ADMIN).header("Idempotency-Key", "has spaces in it")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(bad.statusCode()).isEqualTo(400);
        String correlationId = JSON.readTree(bad.body()).get("correlationId").asText();
        robot.push(KeyCode.CONTROL, KeyCode.DIGIT4); // the dead letters screen, from the keyboard
        @SuppressWarnings("unchecked")
        TableView<holdfast.shared.api.DeadLetterItem> table =
                robot.lookup("#dead-letters-table").queryAs(TableView.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> table.getItems().stream()
                .anyMatch(d -> d.correlationId().equals(correlationId)));
        robot.interact(() -> table.getSelectionModel().select(table.getItems().stream()
                .filter(d -> d.correlationId().equals(correlationId)).findFirst().orElseThrow()));
        Button reprocess = robot.lookup("#reprocess").queryButton();
        await().atMost(Duration.ofSeconds(5)).until(() -> !reprocess.isDisabled());
        robot.push(KeyCode.ALT, KeyCode.R); // the Reprocess button's mnemonic opens the reason dialog
        robot.clickOn("#reason-dialog-text").write("sender fixed its header; the reading itself is fine");
        screenshot(robot, "#reason-dialog-text", "console-reprocess.png", true);
        robot.type(KeyCode.ENTER); // Reprocess is the dialog's default button
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode done = get("/api/v1/dead-letters?status=reprocessed").get("items");
            assertThat(done.findValuesAsText("correlationId")).contains(correlationId);
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> table.getItems().stream()
                .noneMatch(d -> d.correlationId().equals(correlationId)));
        JsonNode again = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/observations"))
                .header("Authorization", "Bearer " + ADMIN).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        assertThat(again.get("duplicate").asBoolean()).as("the reading is journaled: a resend is a duplicate").isTrue();
        robot.push(KeyCode.CONTROL, KeyCode.DIGIT1);
    }

    @Test
    void nodeThatCannotBeReachedIsShownAsSuchNotAsDegraded(FxRobot robot) throws Exception {
        awaitBanner(robot, "OK", "Online");
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
    void everyScreenFitsA1366x768WindowAndIsReachedFromTheKeyboard(FxRobot robot) throws Exception {
        Map<String, List<String>> required = Map.of(
                "tab-lanes", List.of("#lanes-table", "#backlog-chart"),
                "tab-alerts", List.of("#alerts-table", "#alert-acknowledge"),
                "tab-reconciliations", List.of("#reconciliation-filter", "#reconciliations-table", "#resolve-reason",
                        "#resolve-patient", "#resolve-resend", "#resolve-reattribute", "#resolve-void",
                        "#resolve-accept"),
                "tab-dead-letters", List.of("#dead-letters-table", "#dead-letter-detail", "#reprocess",
                        "#discard"));
        List<String> tabs = List.of("tab-lanes", "tab-alerts", "tab-reconciliations", "tab-dead-letters");
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

    private static List<String> concat(List<String> a, String... b) {
        List<String> all = new java.util.ArrayList<>(a);
        all.addAll(List.of(b));
        return all;
    }

    private void awaitBanner(FxRobot robot, String severity, String text) {
        Node banner = robot.lookup("#banner").query();
        await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> {
            assertThat(banner.getProperties().get("severity")).isEqualTo(severity);
            assertThat(bannerText(robot)).startsWith(text);
        });
    }

    private static String bannerText(FxRobot robot) {
        return robot.lookup("#banner-text").queryAs(Label.class).getText();
    }

    private static String reading(String device, String bed, String priority) {
        int n = SEQ.incrementAndGet();
        return "{\"messageId\":\"c-" + n + "\",\"deviceId\":\"" + device + "\",\"bed\":\"" + bed + "\","
                + "\"observedAt\":\"2026-11-23T08:00:00Z\",\"observations\":[{\"code\":\"8867-4\","
                + "\"system\":\"http://loinc.org\",\"value\":72,\"unit\":\"/min\"}]"
                + (priority == null ? "" : ",\"priority\":\"" + priority + "\"") + "}";
    }

    /** Posts a reading and returns its idempotency key. */
    private static String post(String body) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/observations"))
                .header("Authorization", "Bearer " + ADMIN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        JsonNode b = JSON.readTree(body);
        return "http:" + b.get("deviceId").asText() + ":" + b.get("messageId").asText();
    }

    private static JsonNode get(String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + ADMIN).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

    private static List<JsonNode> openReconciliations() throws Exception {
        List<JsonNode> items = new java.util.ArrayList<>();
        get("/api/v1/reconciliations?status=open").get("items").forEach(items::add);
        return items;
    }

    /** The open reconciliation of the event with this idempotency key, or null. */
    private static JsonNode openFor(String key) throws Exception {
        return openReconciliations().stream().filter(r -> key.equals(r.get("idempotencyKey").asText())).findFirst()
                .orElse(null);
    }

    private static String issueToken(String role) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/tokens"))
                .header("Authorization", "Bearer " + ADMIN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"role\":\"" + role + "\",\"name\":\"console-" + role
                        + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body()).get("token").asText();
    }

    /** A PNG of the window (or of one node) for the README; written under target/screenshots. */
    private static void screenshot(FxRobot robot, String query, String name) throws Exception {
        screenshot(robot, query, name, false);
    }

    /** @param wholeScene the whole window of the node {@code query} finds (e.g. a dialog), not just that node */
    private static void screenshot(FxRobot robot, String query, String name, boolean wholeScene) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        WritableImage image = WaitForAsyncUtils.asyncFx(() -> query == null
                ? robot.window(0).getScene().snapshot(null)
                : wholeScene ? robot.lookup(query).query().getScene().snapshot(null)
                : robot.lookup(query).query().snapshot(null, null)).get();
        BufferedImage png = new BufferedImage((int) image.getWidth(), (int) image.getHeight(), BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < png.getHeight(); y++) {
            for (int x = 0; x < png.getWidth(); x++) {
                png.setRGB(x, y, image.getPixelReader().getArgb(x, y));
            }
        }
        Path dir = Path.of("target", "screenshots");
        Files.createDirectories(dir);
        ImageIO.write(png, "png", dir.resolve(name).toFile());
    }
}
