package holdfast.edge.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database file that H2 opens without complaint and then spins on for ever, as one `kill -9` in a kill loop
 * left it (fixtures/h2-stuck-after-kill): the start must not hang. The catch-up is shut down once it stops
 * replaying, the file is moved aside like any damaged one, and the state comes back from the control journal.
 */
class StuckDatabaseIT {

    private static final Path FIXTURE = Path.of("src", "test", "resources", "fixtures", "h2-stuck-after-kill");
    /** The control journal's files as written, before they were cut after their last byte for the fixture. */
    private static final Map<String, Long> JOURNAL_LENGTHS = Map.of("20261205F.cq4", 83_886_080L,
            "metadata.cq4t", 131_072L);

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // without the watchdog it spins for ever
    void aDatabaseThatSpinsAfterAKillIsShutDownMovedAsideAndRebuiltFromTheControlJournal() throws Exception {
        Path db = copyFixture();

        try (Database database = new Database(db.resolve("db").resolve("holdfast"), db.resolve("control"),
                Clock.systemUTC(), Duration.ofSeconds(2))) {
            StateRecovery recovery = database.recovery().orElseThrow();
            assertThat(recovery.cause()).contains("stopped answering while it caught up with the control journal");
            assertThat(recovery.movedAside()).isNotNull();
            assertThat(Files.exists(recovery.movedAside())).as("the stuck file is kept").isTrue();
            assertThat(recovery.replayed()).as("the whole journal replayed").isEqualTo(653);
            assertThat(recovery.skipped()).isZero();
            try (var c = database.connection()) {
                assertThat(StateReplay.scan(c)).as("rows readable again").isPositive();
            }
        }
    }

    private Path copyFixture() throws IOException {
        Path target = dir.resolve("node");
        try (Stream<Path> files = Files.walk(FIXTURE)) {
            for (Path from : files.toList()) {
                Path to = target.resolve(FIXTURE.relativize(from).toString());
                if (Files.isDirectory(from)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(from, to);
                }
            }
        }
        for (Map.Entry<String, Long> file : JOURNAL_LENGTHS.entrySet()) {
            try (RandomAccessFile f = new RandomAccessFile(target.resolve("control").resolve(file.getKey()).toFile(),
                    "rw")) {
                f.setLength(file.getValue());
            }
        }
        return target;
    }
}
