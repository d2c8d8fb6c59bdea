package holdfast.edge.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import holdfast.edge.support.ApiClient;
import holdfast.edge.support.Mosquitto;
import holdfast.edge.support.MutableClock;
import holdfast.edge.support.Readings;
import holdfast.edge.support.TestCertificates;
import holdfast.edge.support.TestDevice;
import holdfast.edge.support.TestNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Operator alerts with the real component causing each condition: the data volume filled past a lane's watermark,
 * the MQTT broker stopped and started again, a device that stops publishing, a TLS keystore near its end (renewed
 * and the node restarted). Each raises exactly one alert per
 * episode, within its threshold, and clears once the cause has ended.
 */
class OperatorAlertConditionsIT {

    private static final long MIB = 1024 * 1024;

    @TempDir
    Path tmp;

    @Test
    void aVolumeFilledPastTheBatchWatermarkRaisesLaneRefusingOnceAndClearsWhenSpaceIsFreed() throws Exception {
        Path data = tmp.resolve("node");
        Files.createDirectories(data);
        long free = Files.getFileStore(data).getUsableSpace();
        // A watermark 512 MiB below today's free space, and a 1 GiB file: the margin absorbs other writers.
        long watermarkMb = free / MIB - 512;
        Map<String, String> config = fastChecks();
        config.put("disk.batch-min-free-mb", String.valueOf(watermarkMb));
        config.put("disk.check-interval-ms", "100");
        try (TestNode node = TestNode.start(data, config)) {
            ApiClient api = node.api();
            await().atMost(Duration.ofSeconds(10)).until(() -> accepting(api, "batch"));
            assertThat(episodes(api, "lane-refusing")).isZero();

            Path filler = tmp.resolve("filler");
            fallocate(filler, 1024);
            await("lane-refusing raised").atMost(Duration.ofSeconds(10)).until(() -> open(api, "lane-refusing") != null);
            assertThat(accepting(api, "batch")).isFalse();
            assertThat(open(api, "lane-refusing").get("cause").asText()).contains("batch");
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                    .until(() -> episodes(api, "lane-refusing") == 1);

            Files.delete(filler);
            await("cleared").atMost(Duration.ofSeconds(10)).until(() -> open(api, "lane-refusing") == null);
            assertThat(accepting(api, "batch")).isTrue();
            assertThat(episodes(api, "lane-refusing")).as("one alert for one episode").isEqualTo(1);
        }
    }

    @Test
    void aBrokerStoppedAndStartedAgainRaisesBrokerDownOnceAndClearsOnReconnect() throws Exception {
        try (Mosquitto broker = Mosquitto.start(tmp.resolve("mosquitto"))) {
            Map<String, String> config = fastChecks();
            config.put("mqtt.url", broker.url());
            config.put("mqtt.reconnect-min-ms", "100");
            config.put("mqtt.reconnect-max-ms", "500");
            try (TestNode node = TestNode.start(tmp.resolve("node"), config)) {
                ApiClient api = node.api();
                await().atMost(Duration.ofSeconds(20)).until(() -> mqttState(api).equals("CONNECTED"));

                broker.close();
                await("broker-down raised").atMost(Duration.ofSeconds(10)).until(() -> open(api, "broker-down") != null);
                await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                        .until(() -> episodes(api, "broker-down") == 1);

                broker.restart();
                await("cleared").atMost(Duration.ofSeconds(20)).until(() -> open(api, "broker-down") == null);
                assertThat(mqttState(api)).isEqualTo("CONNECTED");
                assertThat(episodes(api, "broker-down")).as("one alert for one episode").isEqualTo(1);
            }
        }
    }

    @Test
    void aBrokerThatComesBackWithoutTheNodesSessionRaisesBrokerLostSessionForAnHour() throws Exception {
        MutableClock clock = new MutableClock(Readings.OBSERVED_AT);
        try (Mosquitto broker = Mosquitto.start(tmp.resolve("mosquitto"))) {
            Map<String, String> config = fastChecks();
            config.put("mqtt.url", broker.url());
            config.put("mqtt.reconnect-min-ms", "100");
            config.put("mqtt.reconnect-max-ms", "500");
            try (TestNode node = TestNode.start(tmp.resolve("node"), config, clock)) {
                ApiClient api = node.api();
                await().atMost(Duration.ofSeconds(20)).until(() -> mqttState(api).equals("CONNECTED"));

                broker.restartWithoutItsStore();
                await("the loss seen").atMost(Duration.ofSeconds(20)).until(() -> api.get("/observe/metrics", null)
                        .body().contains("holdfast_mqtt_sessions_lost_total 1\n"));
                // Each poll moves the clock on a second: the condition is raised once a check pass has seen it for
                // ops.min-duration-seconds, and that pass may come after any one move.
                await("broker-lost-session raised").atMost(Duration.ofSeconds(20)).until(() -> {
                    clock.advance(Duration.ofSeconds(1));
                    return open(api, "broker-lost-session") != null;
                });
                assertThat(open(api, "broker-lost-session").get("cause").asText())
                        .contains("without the node's session");

                clock.advance(Duration.ofMinutes(61));
                // Each poll moves the clock on a second, so the condition's absence outlasts ops.clear-after-seconds.
                await("cleared after an hour").atMost(Duration.ofSeconds(20)).until(() -> {
                    clock.advance(Duration.ofSeconds(1));
                    return open(api, "broker-lost-session") == null;
                });
                assertThat(episodes(api, "broker-lost-session")).as("one alert for one loss").isEqualTo(1);
            }
        }
    }

    @Test
    void aDeviceThatStopsPublishingRaisesDevicesSilentOnceAndClearsWhenItSpeaksAgain() throws Exception {
        try (Mosquitto broker = Mosquitto.start(tmp.resolve("mosquitto"))) {
            Map<String, String> config = fastChecks();
            config.put("mqtt.url", broker.url());
            config.put("activity.expected-intervals.0.prefix", "mon-");
            config.put("activity.expected-intervals.0.seconds", "1");
            config.put("activity.late-after-intervals", "1.5");
            config.put("activity.silent-after-intervals", "2");
            try (TestNode node = TestNode.start(tmp.resolve("node"), config);
                 TestDevice device = new TestDevice(broker.url(), "dev-mon-41")) {
                ApiClient api = node.api();
                AtomicInteger sent = new AtomicInteger();
                await().atMost(Duration.ofSeconds(20)).until(() -> mqttState(api).equals("CONNECTED"));
                publish(device, sent);
                // Seen (its state may already be late on a slow machine: 1.5 s after its reading).
                await("the device is seen").atMost(Duration.ofSeconds(10)).until(() -> state(api, "mon-41") != null);

                // It stops: silent after 2 intervals (2 s), raised 1 s later.
                await("devices-silent raised").atMost(Duration.ofSeconds(10))
                        .until(() -> open(api, "devices-silent") != null);
                assertThat(open(api, "devices-silent").get("cause").asText()).contains("mon-41");
                await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                        .until(() -> episodes(api, "devices-silent") == 1);

                // It speaks again, once per poll, as a monitor on its interval would.
                await("cleared").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(300)).until(() -> {
                    publish(device, sent);
                    return open(api, "devices-silent") == null;
                });
                assertThat(episodes(api, "devices-silent")).as("one alert for one episode").isEqualTo(1);
            }
        }
    }

    @Test
    void aCertificateNearItsEndRaisesTlsExpiringOnceAndTheRestartWithARenewedOneClearsIt() throws Exception {
        // Valid 60 days: inside a 90-day window. The renewed one is valid 400.
        Path expiring = keystore("ward-expiring", 60);
        Path renewed = keystore("ward-renewed", 400);
        Map<String, String> config = fastChecks();
        config.put("ops.tls-expiry-days", "90");
        config.put("mllp.tls.enabled", "true");
        config.put("mllp.tls.keystore", expiring.toString());
        config.put("mllp.tls.keystore-password", TestCertificates.PASSWORD);
        Path data = tmp.resolve("node");
        try (TestNode node = TestNode.start(data, config)) {
            ApiClient api = node.api();
            await("tls-certificate-expiring raised").atMost(Duration.ofSeconds(10))
                    .until(() -> open(api, "tls-certificate-expiring") != null);
            assertThat(open(api, "tls-certificate-expiring").get("cause").asText())
                    .contains("mllp.tls expires on").contains("(59 days)");
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                    .until(() -> episodes(api, "tls-certificate-expiring") == 1);
        }
        config.put("mllp.tls.keystore", renewed.toString());
        try (TestNode node = TestNode.start(data, config)) {
            ApiClient api = node.api();
            await("cleared after the restart").atMost(Duration.ofSeconds(10))
                    .until(() -> open(api, "tls-certificate-expiring") == null);
            assertThat(episodes(api, "tls-certificate-expiring")).as("one alert for one episode").isEqualTo(1);
        }
    }

    private Path keystore(String name, int validityDays) {
        Path keystore = tmp.resolve(name + ".p12");
        TestCertificates.keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=" + name + ", OU=Holdfast test", "-validity", String.valueOf(validityDays),
                "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", TestCertificates.PASSWORD,
                "-keypass", TestCertificates.PASSWORD);
        return keystore;
    }

    private static Map<String, String> fastChecks() {
        Map<String, String> config = new HashMap<>();
        config.put("ops.check-interval-ms", "100");
        config.put("ops.min-duration-seconds", "1");
        config.put("ops.clear-after-seconds", "1");
        return config;
    }

    private static void publish(TestDevice device, AtomicInteger sent) throws Exception {
        device.publish(TestDevice.observations("mon-41"), Readings.heartRate("mon-41", "m-" + sent.incrementAndGet())
                .getBytes(StandardCharsets.UTF_8));
    }

    private static void fallocate(Path file, long mib) throws Exception {
        Process p = new ProcessBuilder("fallocate", "-l", mib + "M", file.toString()).redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
    }

    private static boolean accepting(ApiClient api, String lane) {
        for (JsonNode l : api.status(TestNode.ADMIN_TOKEN).get("lanes")) {
            if (l.get("name").asText().equals(lane)) {
                return l.get("accepting").asBoolean();
            }
        }
        throw new AssertionError("no lane " + lane);
    }

    private static String mqttState(ApiClient api) {
        return api.status(TestNode.ADMIN_TOKEN).at("/mqtt/state").asText();
    }

    private static String state(ApiClient api, String deviceId) {
        for (JsonNode d : items(api, "/api/v1/devices")) {
            if (d.get("deviceId").asText().equals(deviceId)) {
                return d.get("state").asText();
            }
        }
        return null;
    }

    private static long episodes(ApiClient api, String condition) {
        return items(api, "/api/v1/operator-alerts?status=all").stream()
                .filter(a -> a.get("condition").asText().equals(condition)).count();
    }

    private static JsonNode open(ApiClient api, String condition) {
        return items(api, "/api/v1/operator-alerts?status=open").stream()
                .filter(a -> a.get("condition").asText().equals(condition)).findFirst().orElse(null);
    }

    private static List<JsonNode> items(ApiClient api, String path) {
        ApiClient.Response r = api.get(path, TestNode.ADMIN_TOKEN);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<JsonNode> items = new ArrayList<>();
        r.json().get("items").forEach(items::add);
        return items;
    }
}
