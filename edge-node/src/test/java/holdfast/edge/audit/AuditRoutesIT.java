package holdfast.edge.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import holdfast.edge.api.AuditRoutes;
import holdfast.edge.api.TokenRoutes;
import holdfast.edge.support.ApiClient;
import holdfast.edge.support.RouteHarness;
import holdfast.edge.support.TestNode;
import holdfast.edge.support.TestTimes;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tampering with the real H2 file while its owner is stopped: an altered, deleted or inserted row is found by
 * {@code GET /api/v1/audit/verify}. Only the token and audit routes are served (no node), over the same store
 * files a node keeps, closed and reopened between writing the trail and checking it.
 */
class AuditRoutesIT {

    @TempDir
    Path data;

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

    @Test
    void aRangeThatEndsBeforeItStartsOrIsNoInstantIsRefused() {
        try (RouteHarness h = serve()) {
            Instant now = h.clock().instant();
            assertThat(h.get("/api/v1/audit?from=" + now + "&to=" + now.minusSeconds(1), TestNode.ADMIN_TOKEN)
                    .status()).isEqualTo(400);
            assertThat(h.get("/api/v1/audit?from=yesterday", TestNode.ADMIN_TOKEN).status()).isEqualTo(400);
            assertThat(h.get("/api/v1/audit?limit=0", TestNode.ADMIN_TOKEN).status()).isEqualTo(400);
            assertThat(h.get("/api/v1/audit", null).status()).isEqualTo(401);
        }
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

    private RouteHarness serve() {
        return RouteHarness.open(data)
                .mount(h -> new TokenRoutes(h.tokens(), h.problems()).mount(h.guard(), h.json()))
                .mount(h -> new AuditRoutes(h.audit(), h.problems(), h.clock()).mount(h.guard(), h.json()));
    }

    /** Writes a few audited actions and closes the store; returns the id of a row in the middle of the trail. */
    private long seedTrail() {
        try (RouteHarness h = serve()) {
            for (int i = 0; i < 5; i++) {
                ApiClient.Response r = h.post("/api/v1/tokens", TestNode.ADMIN_TOKEN,
                        "{\"role\":\"viewer\",\"name\":\"viewer-" + i + "\"}");
                assertThat(r.status()).as(r.body()).isEqualTo(201);
            }
            JsonNode verify = h.get("/api/v1/audit/verify", TestNode.ADMIN_TOKEN).json();
            assertThat(verify.get("ok").asBoolean()).as("before tampering: " + verify).isTrue();
            JsonNode items = h.get("/api/v1/audit", TestNode.ADMIN_TOKEN).json().get("items");
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
        try (RouteHarness h = serve()) {
            JsonNode verify = h.get("/api/v1/audit/verify", TestNode.ADMIN_TOKEN).json();
            assertThat(verify.get("ok").asBoolean()).as(verify.toString()).isFalse();
            assertThat(verify.get("brokenRowId").asLong()).as(verify.toString()).isEqualTo(rowId);
            assertThat(verify.get("problem").asText()).contains(problemMentions);
        }
    }
}
