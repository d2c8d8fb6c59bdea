package holdfast.edge.audit;

import static org.assertj.core.api.Assertions.assertThat;

import holdfast.edge.store.Database;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Audit rows are appended oldest first and chained by hash, also when appended concurrently. */
class H2AuditLogIT {

    @TempDir
    Path dir;

    @Test
    void concurrentAppendsFormOneUnbrokenHashChain() throws Exception {
        try (Database database = new Database(dir.resolve("db"))) {
            H2AuditLog audit = new H2AuditLog(database, Clock.systemUTC());
            Instant from = Instant.now().minusSeconds(1);
            try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
                List<Future<?>> writers = new ArrayList<>();
                for (int w = 0; w < 4; w++) {
                    int writer = w;
                    writers.add(pool.submit(() -> {
                        for (int i = 0; i < 10; i++) {
                            audit.append(AuditEntry.of("tok-" + writer, "operator-" + writer, "reconciliation.resolve.accept",
                                    "reconciliation:" + i, "checked with the ward"));
                        }
                    }));
                }
                for (Future<?> f : writers) {
                    f.get();
                }
            }
            assertThat(audit.between(from, Instant.now().plusSeconds(1), 1000)).hasSize(40)
                    .allSatisfy(e -> assertThat(e.action()).isEqualTo("reconciliation.resolve.accept"));

            try (Connection c = database.connection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT * FROM audit_log ORDER BY id")) {
                String prev = "0".repeat(64);
                int rows = 0;
                while (rs.next()) {
                    assertThat(rs.getString("prev_hash")).as("row " + rs.getLong("id")).isEqualTo(prev);
                    AuditEntry e = AuditEntry.of(rs.getString("actor_id"), rs.getString("actor"), rs.getString("action"),
                            rs.getString("target"), rs.getString("reason"));
                    Instant at = rs.getObject("at", OffsetDateTime.class).toInstant();
                    assertThat(rs.getString("hash")).isEqualTo(H2AuditLog.hash(prev, at, e));
                    prev = rs.getString("hash");
                    rows++;
                }
                assertThat(rows).isEqualTo(40);
            }
        }
    }
}
