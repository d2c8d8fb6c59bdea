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
import javafx.scene.control.Label;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/**
 * What the console's TestFX tests share: a real edge node and the reference cloud in this JVM on loopback (one
 * pair per test class), the console in a real 1366x768 window (headless Monocle) remembering its nodes in a
 * temporary file, and helpers to drive the node over HTTP and save screenshots under {@code target/screenshots}.
 */
@ExtendWith(ApplicationExtension.class)
abstract class ConsoleTestBase {

    protected static final String ADMIN = "hf_console-test-admin-token-0123";
    protected static final String CLOUD_TOKEN = "cloud-token";
    protected static final ObjectMapper JSON = new ObjectMapper();
    protected static final HttpClient HTTP = HttpClient.newHttpClient();
    protected static final AtomicInteger SEQ = new AtomicInteger();

    static Path root;
    static ReferenceCloud cloud;
    static int cloudPort;
    static boolean cloudDown;
    static EdgeNode node;
    static String base;
    static Map<String, String> nodeConfig;

    protected final ExecutorService background = Executors.newVirtualThreadPerTaskExecutor();
    protected final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    protected MainView view;
    protected Path remembered;

    @BeforeAll
    static void startNodeAndCloud() throws IOException {
        root = Files.createTempDirectory("holdfast-console-it");
        cloud = ReferenceCloud.start(0, root.resolve("cloud"), CLOUD_TOKEN);
        cloudPort = cloud.port();
        cloudDown = false; // an earlier class may have ended with its cloud stopped
        nodeConfig = holdfast.simulator.LoopbackNodeConfig.overrides(root.resolve("node"), ADMIN);
        nodeConfig.put("upstream.url", cloud.url());
        nodeConfig.put("upstream.token", CLOUD_TOKEN);
        node = EdgeNode.start(ConfigLoader.load(null, Map.of(), nodeConfig), Clock.systemUTC());
        nodeConfig.put("http.port", String.valueOf(node.httpPort())); // a restarted node comes back where it was
        base = "http://127.0.0.1:" + node.httpPort();
    }

    /** Starts the node again on its data dir and port, after a test stopped it. */
    protected static void restartNode() {
        node = EdgeNode.start(ConfigLoader.load(null, Map.of(), nodeConfig), Clock.systemUTC());
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

    /** Shows the console; each test class calls it from its own {@code @Start} (TestFX looks there only). */
    protected void show(Stage stage) throws IOException {
        show(stage, List.of(new NodeConnection("ward 3", base, ADMIN)));
    }

    /** Shows the console remembering {@code nodes}, the first one chosen. */
    protected void show(Stage stage, List<NodeConnection> nodes) throws IOException {
        remembered = Files.createTempDirectory(root, "console-home").resolve("console.properties");
        ConnectionStore store = new ConnectionStore(remembered);
        ConnectionsViewModel connections = new ConnectionsViewModel(nodes, store::save, background,
                Platform::runLater);
        view = ConsoleApp.build(connections, background, Platform::runLater, ticker);
        Theme.install();
        stage.setScene(new Scene(view, 1366, 768));
        stage.show();
    }

    protected static List<String> concat(List<String> a, String... b) {
        List<String> all = new java.util.ArrayList<>(a);
        all.addAll(List.of(b));
        return all;
    }

    /**
     * The node answers and is online. Open work (reconciliations and dead letters left by an earlier test on the
     * shared node) makes an online banner a warning, never "all well", so only the mode is awaited here.
     */
    protected void awaitOnline(FxRobot robot) {
        Node banner = robot.lookup("#banner").query();
        await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> {
            assertThat(banner.getProperties().get("severity")).isIn("OK", "WARNING", "ALERT");
            assertThat(bannerText(robot)).startsWith("Online");
        });
    }

    protected void awaitBanner(FxRobot robot, String severity, String text) {
        Node banner = robot.lookup("#banner").query();
        await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> {
            assertThat(banner.getProperties().get("severity")).isEqualTo(severity);
            assertThat(bannerText(robot)).startsWith(text);
        });
    }

    protected static String bannerText(FxRobot robot) {
        return robot.lookup("#banner-text").queryAs(Label.class).getText();
    }

    protected static String reading(String device, String bed, String priority) {
        int n = SEQ.incrementAndGet();
        return "{\"messageId\":\"c-" + n + "\",\"deviceId\":\"" + device + "\",\"bed\":\"" + bed + "\","
                + "\"observedAt\":\"" + java.time.Instant.now().minusSeconds(60) + "\",\"observations\":[{\"code\":\"8867-4\","
                + "\"system\":\"http://loinc.org\",\"value\":72,\"unit\":\"/min\"}]"
                + (priority == null ? "" : ",\"priority\":\"" + priority + "\"") + "}";
    }

    /** Posts a reading and returns its idempotency key. */
    protected static String post(String body) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/observations"))
                .header("Authorization", "Bearer " + ADMIN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        JsonNode b = JSON.readTree(body);
        return "http:" + b.get("deviceId").asText() + ":" + b.get("messageId").asText();
    }

    protected static JsonNode get(String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + ADMIN).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

    protected static List<JsonNode> openReconciliations() throws Exception {
        List<JsonNode> items = new java.util.ArrayList<>();
        get("/api/v1/reconciliations?status=open").get("items").forEach(items::add);
        return items;
    }

    /** The open reconciliation of the event with this idempotency key, or null. */
    protected static JsonNode openFor(String key) throws Exception {
        return openReconciliations().stream().filter(r -> key.equals(r.get("idempotencyKey").asText())).findFirst()
                .orElse(null);
    }

    protected static String issueToken(String role) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/tokens"))
                .header("Authorization", "Bearer " + ADMIN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"role\":\"" + role + "\",\"name\":\"console-" + role
                        + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body()).get("token").asText();
    }

    /** A PNG of the window (or of one node) for the README; written under target/screenshots. */
    protected static void screenshot(FxRobot robot, String query, String name) throws Exception {
        screenshot(robot, query, name, false);
    }

    /** @param wholeScene the whole window of the node {@code query} finds (e.g. a dialog), not just that node */
    protected static void screenshot(FxRobot robot, String query, String name, boolean wholeScene) throws Exception {
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
