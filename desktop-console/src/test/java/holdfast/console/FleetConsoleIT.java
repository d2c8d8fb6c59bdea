package holdfast.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import holdfast.console.connection.NodeConnection;
import holdfast.console.fleet.FleetRow;
import holdfast.edge.EdgeNode;
import holdfast.edge.config.ConfigLoader;
import holdfast.shared.api.DeviceItem;
import holdfast.shared.api.OperatorAlertItem;
import holdfast.shared.api.SenderItem;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The console against a fleet of real nodes at once: ward 3 (the shared node, online to the reference cloud),
 * ward 4 (a second node, local only, with a monitor that stops sending and a lab that goes quiet over real MLLP)
 * and ward 5 (nothing listening). The fleet overview shows each with its worst open item and last contact, the
 * unreachable one as such; choosing a node opens it; its devices and senders list the silent ones first with
 * colour and icon; an operator alert is acknowledged with a reason; a node that stops answering is shown
 * unreachable as of its last contact, its lists marked stale. Saves the README's fleet screenshots.
 */
class FleetConsoleIT extends ConsoleTestBase {

    private static final String HL7_DAY = LocalDate.now(ZoneOffset.UTC).minusDays(1)
            .format(DateTimeFormatter.BASIC_ISO_DATE);

    static EdgeNode ward4;
    static Map<String, String> ward4Config;
    static String base4;
    static int closedPort;

    @BeforeAll
    static void startSecondNode() throws Exception {
        ward4Config = holdfast.simulator.LoopbackNodeConfig.overrides(root.resolve("ward-4"), ADMIN);
        ward4Config.put("node.id", "ward-4");
        ward4Config.putAll(Map.of(
                "devices.entries.0.id", "mon-41", "devices.entries.0.ward", "ICU", "devices.entries.0.bed", "ICU-41",
                "devices.entries.1.id", "mon-42", "devices.entries.1.ward", "ICU", "devices.entries.1.bed", "ICU-42",
                "devices.entries.2.id", "mon-71", "devices.entries.2.ward", "Ward 7", "devices.entries.2.bed", "7-1"));
        ward4Config.putAll(Map.of(
                "activity.expected-intervals.0.prefix", "mon-41", "activity.expected-intervals.0.seconds", "1",
                "activity.expected-intervals.1.prefix", "mon-", "activity.expected-intervals.1.seconds", "60"));
        ward4Config.putAll(Map.of(
                "senders.expected.0.application", "LAB", "senders.expected.0.facility", "GENHOSP",
                "senders.expected.0.seconds", "1", "senders.expected.1.application", "PHARM",
                "senders.expected.1.seconds", "600", "senders.min-silence-seconds", "0"));
        ward4Config.putAll(Map.of("ops.min-duration-seconds", "0", "ops.check-interval-ms", "200"));
        ward4 = EdgeNode.start(ConfigLoader.load(null, Map.of(), ward4Config), Clock.systemUTC());
        ward4Config.put("http.port", String.valueOf(ward4.httpPort()));
        ward4Config.put("mllp.port", String.valueOf(ward4.mllpPort()));
        base4 = "http://127.0.0.1:" + ward4.httpPort();
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        // A monitor that sends a few readings and stops (silent within seconds at one a second), one that keeps its
        // minute, and the lab's
        // results over MLLP: one taken, one refused; PHARM is expected but never connects.
        for (int i = 0; i < 4; i++) {
            postTo(base4, reading("mon-41", "ICU-41", null));
            postTo(base4, reading("mon-42", "ICU-42", null));
        }
        HttpResponse<String> refused = HTTP.send(HttpRequest.newBuilder(URI.create(base4 + "/api/v1/observations"))
                .header("Authorization", "Bearer " + ADMIN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"messageId\":\"bad-1\",\"deviceId\":\"mon-42\","
                        + "\"observedAt\":\"" + java.time.Instant.now().minusSeconds(60) + "\",\"observations\":[]}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).as("a reading without observations is a dead letter").isEqualTo(400);
        assertThat(mllp(ward4.mllpPort(), oru("LAB", "L-1"))).contains("MSA|AA");
        assertThat(mllp(ward4.mllpPort(), oru("LAB", ""))).contains("MSA|AE");
        assertThat(mllp(ward4.mllpPort(), oru("ADT", "A-1"))).contains("MSA|AA");
    }

    @AfterAll
    static void stopSecondNode() {
        if (ward4 != null) {
            ward4.close();
        }
    }

    @Start
    void start(Stage stage) throws IOException {
        show(stage, List.of(new NodeConnection("ward 3", base, ADMIN), new NodeConnection("ward 4", base4, ADMIN),
                new NodeConnection("ward 5", "http://127.0.0.1:" + closedPort, "hf_some-token")));
    }

    @Test
    void fleetOverviewShowsEveryNodeAtOnceWithItsWorstItemAndTheUnreachableOneAsSuch(FxRobot robot) throws Exception {
        post(reading("mon-01", "ICU-1", null)); // ward 3's devices are sending
        cloud.close(); // an outage: ward 3 buffers
        cloudDown = true;
        TableView<FleetRow> fleet = fleetTable(robot);
        await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> {
            postTo(base4, reading("mon-42", "ICU-42", null)); // mon-42 keeps sending; mon-41 has stopped
            assertThat(row(fleet, "ward 3").mode()).startsWith("Degraded");
            assertThat(row(fleet, "ward 4").worst()).isEqualTo("1 silent device");
            assertThat(row(fleet, "ward 4").severity()).isEqualTo("WARNING");
            assertThat(row(fleet, "ward 5").severity()).isEqualTo("UNREACHABLE");
        });
        assertThat(row(fleet, "ward 4").lastContact()).isNotNull();
        assertThat(row(fleet, "ward 5").worst()).startsWith("never reached: ").contains("connection refused");
        assertThat(row(fleet, "ward 5").state()).isEqualTo("unreachable");
        TabPane tabs = robot.lookup("#tabs").queryAs(TabPane.class);
        assertThat(tabs.getSelectionModel().getSelectedItem().getId()).as("the first screen").isEqualTo("tab-fleet");
        assertThat(tabs.getTabs().getFirst().getText()).isEqualTo("Fleet (3 of 3 need a person)");
        // The node selector shows each node's state as a dot and a word.
        @SuppressWarnings("unchecked")
        ComboBox<NodeConnection> selector = robot.lookup("#node-selector").queryAs(ComboBox.class);
        assertThat(robot.from(selector).lookup("#node-dot-warning").tryQuery()).as("ward 3's dot").isPresent();
        screenshot(robot, null, "console-fleet.png");
    }

    @Test
    void choosingANodeOpensItAndItsDevicesAndSendersListTheSilentOnesFirstWithColourAndIcon(FxRobot robot)
            throws Exception {
        TableView<FleetRow> fleet = fleetTable(robot);
        await().atMost(Duration.ofSeconds(20)).until(() -> row(fleet, "ward 4").lastContact() != null);
        robot.interact(() -> fleet.getSelectionModel().select(row(fleet, "ward 4")));
        robot.clickOn("#fleet-open");
        TabPane tabs = robot.lookup("#tabs").queryAs(TabPane.class);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(robot.lookup("#tabs").queryAs(TabPane.class).getSelectionModel().getSelectedItem().getId())
                    .isEqualTo("tab-lanes");
            assertThat(bannerText(robot)).startsWith("Local only");
        });
        tabs = robot.lookup("#tabs").queryAs(TabPane.class);
        TabPane shown = tabs;
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(tab(shown, "tab-devices")).isEqualTo("Devices (1 silent)");
            assertThat(tab(shown, "tab-senders")).isEqualTo("Senders (1 silent)");
        });

        robot.clickOn("#tab-devices");
        @SuppressWarnings("unchecked")
        TableView<DeviceItem> devices = robot.lookup("#devices-table").queryAs(TableView.class);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            postTo(base4, reading("mon-42", "ICU-42", null));
            assertThat(devices.getItems()).extracting(DeviceItem::deviceId).startsWith("mon-41");
            assertThat(devices.getItems().getFirst().state()).isEqualTo("silent");
        });
        Node silentCell = robot.from(devices).lookup(".table-cell").match(n -> n instanceof javafx.scene.control
                .TableCell<?, ?> c && "\u2716 silent".equals(c.getText())).query();
        assertThat(silentCell.getProperties().get("severity")).isEqualTo("ALERT");
        screenshot(robot, null, "console-devices.png");
        @SuppressWarnings("unchecked")
        ComboBox<String> ward = robot.lookup("#devices-ward").queryAs(ComboBox.class);
        robot.interact(() -> ward.setValue("Ward 7"));
        assertThat(devices.getItems()).extracting(DeviceItem::deviceId).containsExactly("mon-71");
        assertThat(devices.getItems().getFirst().state()).isEqualTo("never-seen");
        robot.interact(() -> ward.setValue(holdfast.console.devices.DevicesViewModel.ALL_WARDS));
        assertThat(devices.getItems().stream().filter(d -> d.deviceId().equals("mon-42")).findFirst().orElseThrow()
                .lastDeadLetterReason()).as("its last dead letter, as a reason code").isEqualTo("invalid");

        robot.clickOn("#tab-senders");
        @SuppressWarnings("unchecked")
        TableView<SenderItem> senders = robot.lookup("#senders-table").queryAs(TableView.class);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(senders.getItems()).extracting(SenderItem::application).startsWith("LAB");
            assertThat(senders.getItems().getFirst().state()).isEqualTo("silent");
        });
        SenderItem lab = senders.getItems().getFirst();
        assertThat(lab.acks("AA")).isEqualTo(1);
        assertThat(lab.acks("AE")).isEqualTo(1);
        assertThat(senders.getItems()).extracting(SenderItem::application).contains("PHARM", "ADT");
        screenshot(robot, null, "console-senders.png");
    }

    @Test
    void anOperatorAlertIsAcknowledgedWithAReasonFromTheConsole(FxRobot robot) throws Exception {
        choose(robot, "ward 4");
        robot.clickOn("#tab-operator-alerts");
        @SuppressWarnings("unchecked")
        TableView<OperatorAlertItem> table = robot.lookup("#operator-alerts-table").queryAs(TableView.class);
        await().atMost(Duration.ofSeconds(30)).until(() -> table.getItems().stream()
                .anyMatch(a -> a.condition().equals("devices-silent") && a.acknowledgedBy() == null));
        assertThat(table.getItems().getFirst().status()).as("open first").isEqualTo("open");
        OperatorAlertItem silent = table.getItems().stream().filter(a -> a.condition().equals("devices-silent"))
                .findFirst().orElseThrow();
        assertThat(silent.runbook()).isEqualTo("silent-device.md");
        screenshot(robot, null, "console-operator-alerts.png");
        robot.interact(() -> table.getSelectionModel().select(silent));
        robot.clickOn("#operator-alert-acknowledge");
        robot.clickOn("#operator-alert-reason").write("unplugged to clean");
        robot.type(javafx.scene.input.KeyCode.ENTER);
        await().atMost(Duration.ofSeconds(10)).until(() -> table.getItems().stream()
                .anyMatch(a -> a.id() == silent.id() && a.acknowledgedBy() != null));
        HttpResponse<String> audit = HTTP.send(HttpRequest.newBuilder(URI.create(base4 + "/api/v1/audit"))
                .header("Authorization", "Bearer " + ADMIN).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(audit.body()).contains("devices-silent: unplugged to clean");
    }

    @Test
    void aNodeThatStopsAnsweringIsShownUnreachableAsOfItsLastContactWithItsListsMarkedStale(FxRobot robot) {
        choose(robot, "ward 4");
        robot.clickOn("#tab-devices");
        @SuppressWarnings("unchecked")
        TableView<DeviceItem> devices = robot.lookup("#devices-table").queryAs(TableView.class);
        await().atMost(Duration.ofSeconds(20)).until(() -> !devices.getItems().isEmpty());
        ward4.close();
        try {
            Node stale = robot.lookup("#devices-stale").query();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(stale.isVisible()).isTrue();
                assertThat(((javafx.scene.control.Label) stale).getText()).contains("STALE").contains("as of");
                assertThat(tab(robot.lookup("#tabs").queryAs(TabPane.class), "tab-devices")).endsWith(", stale)");
            });
            assertThat(devices.getItems()).as("the last list stays").isNotEmpty();
            robot.clickOn("#tab-fleet");
            TableView<FleetRow> fleet = fleetTable(robot);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(row(fleet, "ward 4").severity()).isEqualTo("UNREACHABLE");
                assertThat(row(fleet, "ward 4").mode()).startsWith("Local only (as of ");
            });
        } finally {
            ward4 = EdgeNode.start(ConfigLoader.load(null, Map.of(), ward4Config), Clock.systemUTC());
        }
    }

    private void choose(FxRobot robot, String name) {
        @SuppressWarnings("unchecked")
        ComboBox<NodeConnection> selector = robot.lookup("#node-selector").queryAs(ComboBox.class);
        robot.interact(() -> selector.getSelectionModel().select(selector.getItems().stream()
                .filter(n -> n.name().equals(name)).findFirst().orElseThrow()));
        WaitForAsyncUtils.waitForFxEvents();
    }

    @SuppressWarnings("unchecked")
    private static TableView<FleetRow> fleetTable(FxRobot robot) {
        return robot.lookup("#fleet-table").queryAs(TableView.class);
    }

    private static FleetRow row(TableView<FleetRow> fleet, String name) {
        return fleet.getItems().stream().filter(r -> r.node().name().equals(name)).findFirst().orElseThrow();
    }

    private static String tab(TabPane tabs, String id) {
        return tabs.getTabs().stream().filter(t -> id.equals(t.getId())).findFirst().orElseThrow().getText();
    }

    private static void postTo(String node, String body) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(node + "/api/v1/observations"))
                .header("Authorization", "Bearer " + ADMIN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    }

    private static String oru(String application, String controlId) {
        return "MSH|^~\\&|" + application + "|GENHOSP|HOLDFAST|EDGE|" + HL7_DAY + "081000||ORU^R01|" + controlId
                + "|P|2.5\rPID|1||PAT-F1^^^GENHOSP^MR\rPV1|1|I|ICU-41\rOBR|1||O-" + controlId + "|PANEL|||" + HL7_DAY
                + "080000+0000\rOBX|1|NM|8867-4^HR^LN||72|/min|||||F\r";
    }

    /** One message over MLLP, as a sending system would; the answer's text. */
    private static String mllp(int port, String message) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(0x0B);
            out.write(message.getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[] {0x1C, 0x0D});
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) != -1 && b != 0x1C) {
                if (b != 0x0B) {
                    answer.write(b);
                }
            }
            return answer.toString(StandardCharsets.ISO_8859_1);
        }
    }
}
