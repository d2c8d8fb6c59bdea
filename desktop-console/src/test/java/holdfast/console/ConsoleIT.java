package holdfast.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
    void stopPolling() {
        ticker.shutdownNow();
        background.shutdownNow();
    }

    @Start
    void start(Stage stage) {
        stage.setScene(new Scene(ConsoleApp.build(new NodeConnection("ward 3", base, ADMIN), background,
                Platform::runLater, ticker), 1366, 768));
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
        robot.clickOn("#discard-reason").write("malformed test post from the vendor's bench");
        Button discard = robot.lookup("#discard").queryButton();
        await().atMost(Duration.ofSeconds(5)).until(() -> !discard.isDisabled());
        robot.clickOn(discard);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode discarded = get("/api/v1/dead-letters?status=discarded");
            assertThat(discarded.get("items").findValuesAsText("correlationId")).contains(correlationId);
        });
        robot.clickOn("#tab-lanes");
    }

    @Test
    void viewerTokenSeesResolveActionsDisabled(FxRobot robot) throws Exception {
        String viewer = issueToken("viewer");
        cloud.census(Map.of("ICU-8", "P-CLOUD-8"), List.of());
        post(reading("mon-08", "ICU-8", null));
        await().atMost(Duration.ofSeconds(30)).until(() -> openReconciliations().size() > 0);
        robot.interact(() -> robot.window(0).getScene().setRoot(ConsoleApp.build(
                new NodeConnection("ward 3 (viewer)", base, viewer), background, Platform::runLater, ticker)));
        robot.clickOn("#tab-reconciliations");
        TableView<?> table = robot.lookup("#reconciliations-table").queryAs(TableView.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> !table.getItems().isEmpty());
        robot.interact(() -> table.getSelectionModel().select(0));
        Label role = robot.lookup("#resolve-role").queryAs(Label.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> role.getText().contains("viewer"));
        for (String action : List.of("resend", "reattribute", "void", "accept")) {
            assertThat(robot.lookup("#resolve-" + action).queryButton().isDisabled()).as(action).isTrue();
        }
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
        WaitForAsyncUtils.waitForFxEvents();
        WritableImage image = WaitForAsyncUtils.asyncFx(() -> query == null
                ? robot.window(0).getScene().snapshot(null) : robot.lookup(query).query().snapshot(null, null)).get();
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
