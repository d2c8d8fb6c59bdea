package holdfast.edge.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import holdfast.edge.support.ApiClient;
import holdfast.edge.support.MutableClock;
import holdfast.edge.support.TestNode;
import holdfast.edge.support.TestTimes;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit trail through the API of a real node: actions of other features land in it, the export carries an
 * intact chain, patient reads are coalesced. Tampering with the file is proven on the audit routes alone
 * ({@link AuditRoutesIT}).
 */
class AuditTrailIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path data;

    @Test
    void adminActionsAreListedOldestFirstAndTheExportCarriesAnIntactChain() throws Exception {
        Instant before = Instant.now().minusSeconds(1);
        try (TestNode node = TestNode.start(data)) {
            String id = issueViewer(node, "audited-viewer");
            assertThat(node.api().delete("/api/v1/tokens/" + id, TestNode.ADMIN_TOKEN).status()).isEqualTo(204);
            assertThat(node.api().post("/api/v1/census/rebuild", TestNode.ADMIN_TOKEN, "").status()).isEqualTo(200);

            JsonNode items = node.api().get("/api/v1/audit?from=" + before, TestNode.ADMIN_TOKEN).json().get("items");
            List<String> actions = new ArrayList<>();
            items.forEach(i -> actions.add(i.get("action").asText()));
            assertThat(actions).containsSubsequence("token.issue", "token.revoke", "census.rebuild");
            JsonNode issue = null;
            for (JsonNode i : items) {
                issue = i.get("action").asText().equals("token.issue") ? i : issue;
            }
            assertThat(issue.get("actor").asText()).isEqualTo("bootstrap admin");
            assertThat(issue.get("target").asText()).isEqualTo("token:" + id);

            Instant future = Instant.now().plusSeconds(3600);
            assertThat(node.api().get("/api/v1/audit?from=" + future + "&to=" + future.plusSeconds(1),
                    TestNode.ADMIN_TOKEN).json().get("items")).isEmpty();
            assertThat(node.api().get("/api/v1/audit?from=yesterday", TestNode.ADMIN_TOKEN).status()).isEqualTo(400);

            JsonNode verify = node.api().get("/api/v1/audit/verify", TestNode.ADMIN_TOKEN).json();
            assertThat(verify.get("ok").asBoolean()).as(verify.toString()).isTrue();
            long rows = verify.get("rows").asLong();
            assertThat(rows).isGreaterThanOrEqualTo(4);

            ApiClient.Response export = node.api().get("/api/v1/audit/export", TestNode.ADMIN_TOKEN);
            assertThat(export.status()).isEqualTo(200);
            String previous = H2AuditLog.GENESIS;
            String[] lines = export.body().split("\n");
            for (String line : lines) {
                JsonNode row = JSON.readTree(line);
                assertThat(row.get("prevHash").asText()).as("row " + row.get("id")).isEqualTo(previous);
                previous = row.get("hash").asText();
            }
            // The export itself (and the list above) were audited after the rows verify counted.
            assertThat(lines.length).isGreaterThanOrEqualTo((int) rows);
            assertThat(node.api().get("/api/v1/audit/verify", TestNode.ADMIN_TOKEN).json().get("ok").asBoolean())
                    .isTrue();
        }
    }

    @Test
    void readingPatientDataIsAuditedOncePerTokenAndWindow() {
        MutableClock clock = new MutableClock(TestTimes.at("08:00:00"));
        try (TestNode node = TestNode.start(data, Map.of("audit.read-coalesce-seconds", "300"), clock)) {
            String viewer = node.api().post("/api/v1/tokens", TestNode.ADMIN_TOKEN,
                    "{\"role\":\"viewer\",\"name\":\"ward-it\"}").json().get("token").asText();
            for (int i = 0; i < 3; i++) {
                assertThat(node.api().get("/api/v1/census?bed=ICU-3", viewer).status()).isEqualTo(200);
                assertThat(node.api().get("/api/v1/alerts", viewer).status()).isEqualTo(200);
            }
            assertThat(reads(node, "ward-it")).containsExactlyInAnyOrder("/api/v1/census?bed=ICU-3", "/api/v1/alerts");

            clock.advance(Duration.ofSeconds(301));
            assertThat(node.api().get("/api/v1/census?bed=ICU-3", viewer).status()).isEqualTo(200);
            assertThat(node.api().get("/api/v1/status", viewer).status()).isEqualTo(200); // no patient data
            assertThat(reads(node, "ward-it")).containsExactlyInAnyOrder("/api/v1/census?bed=ICU-3",
                    "/api/v1/alerts", "/api/v1/census?bed=ICU-3");
        }
    }

    private static List<String> reads(TestNode node, String actor) {
        List<String> out = new ArrayList<>();
        node.api().get("/api/v1/audit", TestNode.ADMIN_TOKEN).json().get("items").forEach(row -> {
            if (row.get("action").asText().equals("read") && row.get("actor").asText().equals(actor)) {
                out.add(row.get("target").asText());
            }
        });
        return out;
    }

    private static String issueViewer(TestNode node, String name) {
        ApiClient.Response r = node.api().post("/api/v1/tokens", TestNode.ADMIN_TOKEN,
                "{\"role\":\"viewer\",\"name\":\"" + name + "\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asText();
    }
}
