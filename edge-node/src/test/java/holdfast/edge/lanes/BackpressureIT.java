package holdfast.edge.lanes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import holdfast.edge.support.ApiClient.Response;
import holdfast.edge.support.JournalScan;
import holdfast.edge.support.Readings;
import holdfast.edge.support.TestNode;
import holdfast.shared.envelope.Lane;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackpressureIT {

    @TempDir
    Path data;

    /** Watermarks far above any disk's free space for batch and standard; critical keeps its reserve at 0. */
    private static final Map<String, String> LOW_DISK = Map.of(
            "disk.batch-min-free-mb", "1000000000",
            "disk.standard-min-free-mb", "1000000000",
            "disk.critical-min-free-mb", "0",
            "lanes.rules.0.name", "bulk",
            "lanes.rules.0.device-prefix", "bulk-",
            "lanes.rules.0.lane", "batch");

    @Test
    void belowWatermarkBatchAndStandardRefuseWhileCriticalIsStillAccepted() {
        try (TestNode node = TestNode.start(data, LOW_DISK)) {
            Response batch = node.api().post("/api/v1/observations", TestNode.ADMIN_TOKEN,
                    Readings.heartRate("bulk-1", "b1"));
            assertThat(batch.status()).as(batch.body()).isEqualTo(503);
            assertThat(batch.retryAfter()).isEqualTo("1");
            assertThat(batch.json().get("detail").asText()).contains("batch lane's watermark");

            Response standard = node.api().post("/api/v1/observations", TestNode.ADMIN_TOKEN,
                    Readings.heartRate("mon-1", "s1"));
            assertThat(standard.status()).isEqualTo(503);

            // The overrides replace the default rules, so the reading asks for the critical lane itself.
            Response critical = node.api().post("/api/v1/observations", TestNode.ADMIN_TOKEN,
                    Readings.reading("mon-1", "c1", "59408-5", 80, "critical"));
            assertThat(critical.status()).as(critical.body()).isEqualTo(202);
            assertThat(critical.json().get("lane").asText()).isEqualTo("critical");

            JsonNode status = node.api().status(TestNode.ADMIN_TOKEN);
            assertThat(status.get("mode").asText()).isEqualTo("BACKPRESSURE");
            assertThat(status.get("modeCause").asText()).contains("batch", "standard");
            assertThat(status.get("lanes").get(2).get("accepting").asBoolean()).isFalse();
            assertThat(status.get("lanes").get(0).get("accepting").asBoolean()).isTrue();
            assertThat(node.api().get("/observe/health", null).status()).as("critical still accepted").isEqualTo(200);
        }
        // The accepted reading, and the local alert its SpO2 of 80 raised: alerts keep working under back-pressure.
        assertThat(JournalScan.lane(data, Lane.CRITICAL)).extracting(e -> e.kind())
                .containsExactlyInAnyOrder(holdfast.shared.envelope.EventKind.OBSERVATION,
                        holdfast.shared.envelope.EventKind.ALERT);
        assertThat(JournalScan.lane(data, Lane.BATCH)).isEmpty();
        assertThat(JournalScan.lane(data, Lane.STANDARD)).isEmpty();
    }

    @Test
    void whenEvenTheCriticalReserveIsGoneHealthSaysSo() {
        try (TestNode node = TestNode.start(data, Map.of("disk.batch-min-free-mb", "1000000000",
                "disk.standard-min-free-mb", "1000000000", "disk.critical-min-free-mb", "1000000000"))) {
            assertThat(node.api().post("/api/v1/observations", TestNode.ADMIN_TOKEN,
                    Readings.reading("mon-1", "c1", "59408-5", 80, null)).status()).isEqualTo(503);
            assertThat(node.api().get("/observe/health", null).status()).isEqualTo(503);
        }
    }
}
