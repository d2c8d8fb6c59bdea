package holdfast.edge.store;

import static org.assertj.core.api.Assertions.assertThat;

import holdfast.edge.audit.AuditEntry;
import holdfast.edge.audit.H2AuditLog;
import holdfast.edge.deadletter.DeadLetter;
import holdfast.edge.deadletter.DeadLetterStatus;
import holdfast.edge.deadletter.H2DeadLetters;
import holdfast.edge.security.H2TokenStore;
import holdfast.edge.security.Principal;
import holdfast.edge.security.Role;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The database is a projection of the control journal: whatever happens to the H2 file, the node's state
 * comes back from the journal, ids and audit chain included, and the damaged file is kept.
 */
class DatabaseRebuildIT {

    private static final Principal ADMIN = new Principal("tok-admin", "admin", Role.ADMIN, null);

    @TempDir
    Path dir;

    @Test
    void aTruncatedDatabaseFileLosesNoStateRowTheControlJournalHasThemAll() throws Exception {
        State before = writeState();

        Path mv = dir.resolve("db.mv.db");
        try (RandomAccessFile f = new RandomAccessFile(mv.toFile(), "rw")) {
            f.setLength(f.length() / 3);
        }

        try (Database database = open()) {
            // H2 opens what it can still read (nothing, or an older version); either way the journal has the rest.
            database.recovery().ifPresent(r -> assertThat(r.skipped()).isZero());
            assertThat(stateOf(database)).isEqualTo(before);
            assertThat(new H2AuditLog(database, Clock.systemUTC()).verify().ok()).as("audit chain").isTrue();
            assertIdsContinueAfterTheReplayedOnes(database, before);
        }
    }

    @Test
    void flippedBytesInTheDatabaseFileAreRepairedTheSameWay() throws Exception {
        State before = writeState();

        Path mv = dir.resolve("db.mv.db");
        byte[] bytes = Files.readAllBytes(mv);
        for (int i = 0; i < bytes.length; i += 97) {
            bytes[i] = (byte) ~bytes[i];
        }
        Files.write(mv, bytes);

        try (Database database = open()) {
            assertThat(database.recovery()).isPresent();
            assertThat(database.recovery().orElseThrow().movedAside()).exists();
            assertThat(stateOf(database)).isEqualTo(before);
            assertThat(new H2AuditLog(database, Clock.systemUTC()).verify().ok()).isTrue();
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).as("the damaged file is kept")
                    .anyMatch(name -> name.startsWith("db.mv.db.damaged-"));
        }
    }

    @Test
    void aChangeJournaledButNotYetCommittedByH2IsAppliedAtTheNextStart() throws Exception {
        State before = writeState();
        // As a kill between the journal's fsync and H2's commit leaves it: the entry is in the journal only.
        try (ControlJournal journal = new ControlJournal(dir.resolve("control"))) {
            journal.append(new StateChange(List.of(new StateChange.Write(
                    "UPDATE dead_letter SET status = ? WHERE id = ?", List.of("discarded", before.deadLetterIds().get(0)),
                    new long[0]))).encode());
        }
        try (Database database = open()) {
            assertThat(database.recovery()).as("nothing was damaged").isEmpty();
            assertThat(new H2DeadLetters(database, new H2AuditLog(database, Clock.systemUTC()), Clock.systemUTC())
                    .find(before.deadLetterIds().get(0)).orElseThrow().status()).isEqualTo(DeadLetterStatus.DISCARDED);
        }
    }

    @Test
    void aRolledBackInsertLeavesAGapInIdsThatTheRebuildKeeps() throws Exception {
        long kept;
        try (Database database = open()) {
            H2DeadLetters letters = new H2DeadLetters(database, new H2AuditLog(database, Clock.systemUTC()), Clock.systemUTC());
            letters.record(letter("first"));
            try (Connection c = database.connection()) {
                c.setAutoCommit(false);
                try (PreparedStatement s = c.prepareStatement("INSERT INTO break_glass (token_id, actor, reason, "
                        + "started_at, expires_at) VALUES (?, ?, ?, ?, ?)")) {
                    s.setString(1, "t");
                    s.setString(2, "a");
                    s.setString(3, "r");
                    s.setObject(4, java.time.OffsetDateTime.now());
                    s.setObject(5, java.time.OffsetDateTime.now());
                    s.executeUpdate();
                }
                try (PreparedStatement s = c.prepareStatement("INSERT INTO dead_letter (received_at) VALUES (?)")) {
                    s.setObject(1, java.time.OffsetDateTime.now());
                    s.executeUpdate(); // fails (columns missing) after taking an id
                } catch (SQLException expected) {
                    c.rollback();
                }
            }
            kept = letters.record(letter("second"));
        }
        truncate();
        try (Database database = open()) {
            assertThat(new H2DeadLetters(database, new H2AuditLog(database, Clock.systemUTC()), Clock.systemUTC())
                    .find(kept)).as("the id a person was shown still names the same letter").isPresent();
        }
    }

    private State writeState() throws Exception {
        try (Database database = open()) {
            H2AuditLog audit = new H2AuditLog(database, Clock.systemUTC());
            H2TokenStore tokens = new H2TokenStore(database, audit, Clock.systemUTC());
            H2DeadLetters letters = new H2DeadLetters(database, audit, Clock.systemUTC());
            String issued = tokens.issue("ward 3 display", Role.VIEWER, null, ADMIN).id();
            String revoked = tokens.issue("old script", Role.OPERATOR, null, ADMIN).id();
            tokens.revoke(revoked, ADMIN);
            long a = letters.record(letter("not json"));
            long b = letters.record(letter("bad hl7"));
            letters.discard(b, "tok-admin", "admin", "sender fixed it");
            for (int i = 0; i < 30; i++) {
                audit.append(AuditEntry.of("tok-admin", "admin", "census.read", "ward:ICU-" + i, null));
            }
            assertThat(issued).isNotBlank();
            return stateOf(database);
        }
    }

    private void truncate() throws Exception {
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve("db.mv.db").toFile(), "rw")) {
            f.setLength(f.length() / 3);
        }
    }

    private static void assertIdsContinueAfterTheReplayedOnes(Database database, State before) {
        H2DeadLetters letters = new H2DeadLetters(database, new H2AuditLog(database, Clock.systemUTC()), Clock.systemUTC());
        long next = letters.record(letter("after the rebuild"));
        assertThat(next).isGreaterThan(before.deadLetterIds().stream().mapToLong(Long::longValue).max().orElseThrow());
    }

    private Database open() {
        return new Database(dir.resolve("db"), dir.resolve("control"), Clock.systemUTC());
    }

    private static DeadLetter letter(String text) {
        byte[] raw = (text + " " + System.nanoTime()).getBytes(StandardCharsets.UTF_8);
        return new DeadLetter(Instant.now(), "http", "sender-1", "corr-" + System.nanoTime(), null,
                holdfast.edge.idempotency.ContentHash.of(raw), raw.length, "application/json",
                "not a reading", null, raw, false);
    }

    /** Everything a person could look at, as plain values. */
    record State(List<String> tokens, List<Long> deadLetterIds, List<String> deadLetters, List<String> audit) {
    }

    private static State stateOf(Database database) throws SQLException {
        return new State(rows(database, "SELECT id || '|' || name || '|' || role || '|' || token_sha256 || '|' "
                        + "|| COALESCE(CAST(revoked_at AS VARCHAR), '-') FROM api_token ORDER BY id"),
                rows(database, "SELECT id FROM dead_letter ORDER BY id").stream().map(Long::parseLong).toList(),
                rows(database, "SELECT id || '|' || status || '|' || payload_sha256 || '|' || RAWTOHEX(raw) "
                        + "FROM dead_letter ORDER BY id"),
                rows(database, "SELECT id || '|' || action || '|' || target || '|' || hash FROM audit_log ORDER BY id"));
    }

    private static List<String> rows(Database database, String sql) throws SQLException {
        try (Connection c = database.connection(); var s = c.createStatement(); var rs = s.executeQuery(sql)) {
            List<String> out = new java.util.ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        }
    }
}
