package holdfast.edge.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import holdfast.edge.support.ApiClient;
import holdfast.edge.support.MutableClock;
import holdfast.edge.support.TestNode;
import holdfast.edge.support.TestTimes;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit trail through the API of a real node, and tampering with the real H2 file while the node is
 * stopped: an altered, deleted or inserted row is found by {@code GET /api/v1/audit/verify}.
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
    void alteringARowInTheDatabaseFileIsDetected() throws Exception {
        long victim = seedTrail();
        tamper("UPDATE audit_log SET reason = 'nothing to see' WHERE id = " + victim);
        assertBrokenAt(victim, "altered");
    }

    @Test
    void deletingARowFromTheDatabaseFileIsDetected() throws Exception {
        long victim = seedTrail();
        tamper("DELETE FROM audit_log WHERE id = " + victim);
        assertBrokenAt(victim + 1, "removed");
    }

    @Test
    void deletingTheNewestRowsIsDetected() throws Exception {
        long victim = seedTrail();
        tamper("DELETE FROM audit_log WHERE id > " + victim);
        assertBrokenAt(victim, "removed");
    }

    @Test
    void insertingAWellFormedRowAtTheEndIsDetected() throws Exception {
        seedTrail();
        // A forger who knows the hash formula links the new row correctly to the last one; the chain's head,
        // which only the node moves, gives it away.
        long inserted;
        try (Connection c = openDatabase(); Statement s = c.createStatement()) {
            var rs = s.executeQuery("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1");
            rs.next();
            inserted = rs.getLong(1) + 1;
            forgeRow(c, inserted, rs.getString(2));
        }
        assertBrokenAt(inserted, "head");
    }

    @Test
    void insertingAWellFormedRowBetweenOthersIsDetected() throws Exception {
        long victim = seedTrail();
        try (Connection c = openDatabase(); Statement s = c.createStatement()) {
            // Make room by moving the later rows up, then put a correctly hashed row of one's own in the gap.
            assertThat(s.executeUpdate("UPDATE audit_log SET id = id + 1000 WHERE id > " + victim)).isPositive();
            var rs = s.executeQuery("SELECT hash FROM audit_log WHERE id = " + victim);
            rs.next();
            forgeRow(c, victim + 1, rs.getString(1));
        }
        assertBrokenAt(victim + 1, "inserted");
    }

    private static void forgeRow(Connection c, long id, String prev) throws Exception {
        Instant at = TestTimes.at("08:00:00");
        AuditEntry forged = AuditEntry.of("tok-x", "someone", "reconciliation.resolve.void", "reconciliation:1",
                "covering tracks");
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO audit_log (id, at, actor_id, actor, "
                + "action, target, reason, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setLong(1, id);
            insert.setObject(2, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
            insert.setString(3, forged.actorId());
            insert.setString(4, forged.actor());
            insert.setString(5, forged.action());
            insert.setString(6, forged.target());
            insert.setString(7, forged.reason());
            insert.setString(8, prev);
            insert.setString(9, H2AuditLog.hash(prev, at, forged));
            insert.executeUpdate();
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

    /** Writes a few audited actions and stops the node; returns the id of a row in the middle of the trail. */
    private long seedTrail() {
        try (TestNode node = TestNode.start(data)) {
            for (int i = 0; i < 5; i++) {
                issueViewer(node, "viewer-" + i);
            }
            JsonNode verify = node.api().get("/api/v1/audit/verify", TestNode.ADMIN_TOKEN).json();
            assertThat(verify.get("ok").asBoolean()).as("before tampering: " + verify).isTrue();
            JsonNode items = node.api().get("/api/v1/audit", TestNode.ADMIN_TOKEN).json().get("items");
            return items.get(2).get("id").asLong();
        }
    }

    private void tamper(String... statements) throws Exception {
        try (Connection c = openDatabase(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                assertThat(s.executeUpdate(sql)).as(sql).isPositive();
            }
        }
    }

    private Connection openDatabase() throws Exception {
        return DriverManager.getConnection("jdbc:h2:file:" + data.resolve("db").resolve("holdfast").toAbsolutePath(),
                "holdfast", "");
    }

    private void assertBrokenAt(long rowId, String problemMentions) {
        try (TestNode node = TestNode.start(data)) {
            JsonNode verify = node.api().get("/api/v1/audit/verify", TestNode.ADMIN_TOKEN).json();
            assertThat(verify.get("ok").asBoolean()).as(verify.toString()).isFalse();
            assertThat(verify.get("brokenRowId").asLong()).as(verify.toString()).isEqualTo(rowId);
            assertThat(verify.get("problem").asText()).contains(problemMentions);
        }
    }

    private static String issueViewer(TestNode node, String name) {
        ApiClient.Response r = node.api().post("/api/v1/tokens", TestNode.ADMIN_TOKEN,
                "{\"role\":\"viewer\",\"name\":\"" + name + "\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asText();
    }
}
