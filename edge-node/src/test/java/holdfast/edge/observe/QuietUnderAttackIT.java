package holdfast.edge.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import holdfast.edge.support.Readings;
import holdfast.edge.support.TestNode;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Quiet under attack: abandoned connections are counted and logged once, not a stack trace per socket; the
 * data files are the node's own user's alone.
 */
class QuietUnderAttackIT {

    private static final int CONNECTIONS = 100;

    @TempDir
    Path data;

    @Test
    void abandonedConnectionsAreCountedAndLoggedOnceWithoutStackTraces() throws Exception {
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(logs);
        try (TestNode node = TestNode.start(data)) {
            List<Socket> slow = new ArrayList<>();
            try {
                for (int i = 0; i < CONNECTIONS; i++) { // no token needed: the headers never end
                    Socket s = new Socket(InetAddress.getLoopbackAddress(), node.node().httpPort());
                    OutputStream out = s.getOutputStream();
                    out.write("GET /api/v1/status HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    slow.add(s);
                }
            } finally {
                for (Socket s : slow) {
                    s.close();
                }
            }
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    counter(node, "holdfast_http_connection_noise_total") == CONNECTIONS);
            assertThat(node.api().post("/api/v1/observations", TestNode.ADMIN_TOKEN,
                    Readings.heartRate("mon-1", "after-noise")).status()).isEqualTo(202);
        } finally {
            root.detachAppender(logs);
        }
        assertThat(logs.list).filteredOn(e -> e.getLoggerName().startsWith("io.helidon"))
                .as("no per-socket warning from the web server").isEmpty();
        assertThat(logs.list).filteredOn(e -> e.getFormattedMessage().contains("event=http.connection_noise"))
                .hasSize(1).allMatch(e -> e.getThrowableProxy() == null);
    }

    @Test
    void dataDirIsTheNodeUsersAloneWhateverTheUmask() throws Exception {
        try (TestNode node = TestNode.start(data)) {
            assertThat(node.api().post("/api/v1/observations", TestNode.ADMIN_TOKEN,
                    Readings.heartRate("mon-1", "perm-1")).status()).isEqualTo(202);
            // Created while running, under this JVM's umask: the folder around them already keeps others out.
            assertThat(mode(data)).isEqualTo("rwx------");
            assertThat(mode(data.resolve("journals"))).isEqualTo("rwx------");
            assertThat(mode(data.resolve("db"))).isEqualTo("rwx------");
        }
        try (TestNode restarted = TestNode.start(data)) {
            try (Stream<Path> all = Files.walk(data)) {
                all.filter(p -> !Files.isSymbolicLink(p)).forEach(p -> assertThat(mode(p)).as(p.toString())
                        .isEqualTo(Files.isDirectory(p) ? "rwx------" : "rw-------"));
            }
        }
    }

    private static String mode(Path p) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static long counter(TestNode node, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\d+)$")
                .matcher(node.api().get("/observe/metrics", null).body());
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }
}
