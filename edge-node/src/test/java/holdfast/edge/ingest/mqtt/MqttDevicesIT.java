package holdfast.edge.ingest.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import holdfast.edge.devices.FileDeviceRegistry;
import holdfast.edge.support.JournalScan;
import holdfast.edge.support.Ports;
import holdfast.edge.support.Readings;
import holdfast.edge.support.TestDevice;
import holdfast.edge.support.TestNode;
import holdfast.shared.envelope.EventEnvelope;
import holdfast.shared.envelope.EventKind;
import holdfast.shared.envelope.Lane;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * What a device's message becomes: alarms are {@code alarm} events in the critical lane (rule
 * {@code device-alarm}); the subject's ward and bed come from the device registry (which wins over the bed a
 * device reports), an edit of the devices file is picked up without a restart, and a device the registry does
 * not know is journaled all the same with its own bed, and counted. HTTP readings use the same registry.
 */
class MqttDevicesIT {

    @TempDir
    Path tmp;

    @Test
    void alarmsAreCriticalAndSubjectsComeFromTheReloadableRegistry() throws Exception {
        Path data = tmp.resolve("node");
        Path devicesFile = tmp.resolve("devices.yaml");
        Files.writeString(devicesFile, "devices:\n  - {id: mon-7, ward: CCU, bed: CCU-7}\n");
        int port = Ports.free();
        try (TestNode node = TestNode.start(data, Map.of("mqtt.embedded-broker.port", String.valueOf(port),
                "devices.file", devicesFile.toString(), "devices.reload-seconds", "1",
                "devices.entries.0.id", "mon-fixed", "devices.entries.0.bed", "ICU-9"));
             TestDevice device = TestDevice.provisioned(node, port, "mon-7");
             TestDevice fixed = TestDevice.provisioned(node, port, "mon-fixed");
             TestDevice stray = TestDevice.provisioned(node, port, "mon-stray")) {
            await().atMost(Duration.ofSeconds(30)).until(() -> "CONNECTED".equals(
                    node.api().status(TestNode.ADMIN_TOKEN).get("mqtt").get("state").asText()));
            device.publish(TestDevice.alarms("mon-7"), bytes(Readings.heartRate("mon-7", "a-1")));
            device.publish(TestDevice.observations("mon-7"), bytes(Readings.heartRate("mon-7", "o-1")));
            fixed.publish(TestDevice.observations("mon-fixed"), bytes(Readings.heartRate("mon-fixed", "o-1")));
            stray.publish(TestDevice.observations("mon-stray"), bytes(Readings.heartRate("mon-stray", "o-1")));
            assertThat(node.api().post("/api/v1/observations", TestNode.ADMIN_TOKEN,
                    Readings.heartRate("mon-7", "h-1")).status()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(20)).until(() -> appended(node) == 5);

            // biomed moves mon-7 to another bed: live within reload-seconds, no restart
            ListAppender<ILoggingEvent> logs = new ListAppender<>();
            logs.start();
            Logger registryLog = (Logger) LoggerFactory.getLogger(FileDeviceRegistry.class);
            registryLog.addAppender(logs);
            try {
                Files.writeString(devicesFile, "devices:\n  - {id: mon-7, ward: ICU, bed: ICU-301-A}\n");
                AtomicInteger probes = new AtomicInteger();
                // The registry re-reads the file on a lookup once reload-seconds have passed: keep readings coming.
                await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
                    device.publish(TestDevice.observations("mon-7"),
                            bytes(Readings.heartRate("mon-7", "probe-" + probes.incrementAndGet())));
                    return logs.list.stream().anyMatch(e -> e.getFormattedMessage().contains("event=devices.loaded"));
                });
                device.publish(TestDevice.observations("mon-7"), bytes(Readings.heartRate("mon-7", "o-2")));
                await().atMost(Duration.ofSeconds(20)).until(() -> appended(node) == 5 + probes.get() + 1);
            } finally {
                registryLog.detachAppender(logs);
            }
            assertThat(metric(node, "holdfast_devices_unmapped_total{channel=\"mqtt\"}")).isEqualTo(1);
        }
        Map<String, EventEnvelope> events = JournalScan.all(data).stream()
                .collect(Collectors.toMap(EventEnvelope::idempotencyKey, Function.identity()));
        EventEnvelope alarm = events.get("mqtt:mon-7:a-1");
        assertThat(alarm.kind()).isEqualTo(EventKind.ALARM);
        assertThat(alarm.lane()).isEqualTo(Lane.CRITICAL);
        assertThat(alarm.source().channel()).isEqualTo("mqtt");
        assertThat(alarm.subject().bed()).as("registry wins over the bed the device reports").isEqualTo("CCU-7");
        assertThat(alarm.subject().ward()).isEqualTo("CCU");
        EventEnvelope observation = events.get("mqtt:mon-7:o-1");
        assertThat(observation.kind()).isEqualTo(EventKind.OBSERVATION);
        assertThat(observation.lane()).isEqualTo(Lane.STANDARD);
        assertThat(events.get("mqtt:mon-fixed:o-1").subject().bed()).isEqualTo("ICU-9");
        assertThat(events.get("mqtt:mon-fixed:o-1").subject().ward()).isEqualTo("ICU");
        EventEnvelope stray = events.get("mqtt:mon-stray:o-1");
        assertThat(stray.subject().bed()).as("unmapped: the device's own bed").isEqualTo("ICU-3");
        assertThat(stray.subject().deviceId()).isEqualTo("mon-stray");
        assertThat(events.get("mqtt:mon-7:o-2").subject().bed()).as("registry reloaded").isEqualTo("ICU-301-A");
        assertThat(events.get("mqtt:mon-7:o-2").subject().ward()).isEqualTo("ICU");
        assertThat(events.get("http:mon-7:h-1").subject().bed()).as("HTTP uses the registry too").isEqualTo("CCU-7");
    }

    private static long appended(TestNode node) {
        long sum = 0;
        for (var lane : node.api().status(TestNode.ADMIN_TOKEN).get("lanes")) {
            sum += lane.get("appended").asLong();
        }
        return sum;
    }

    private static long metric(TestNode node, String series) {
        var m = java.util.regex.Pattern.compile("(?m)^" + java.util.regex.Pattern.quote(series) + " (\\d+)$")
                .matcher(node.api().get("/observe/metrics", null).body());
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
