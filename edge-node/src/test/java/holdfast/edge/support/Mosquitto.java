package holdfast.edge.support;


import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A real Debian {@code mosquitto} broker on 127.0.0.1 with persistence in a folder of the test's, started and
 * stopped by the test. A machine without it fails the test saying what to install: a skipped test would read as
 * green while proving nothing (CI installs the package).
 */
public final class Mosquitto implements AutoCloseable {

    private static final List<Path> CANDIDATES = List.of(Path.of("/usr/sbin/mosquitto"), Path.of("/usr/bin/mosquitto"),
            Path.of("/usr/local/sbin/mosquitto"), Path.of("/opt/homebrew/sbin/mosquitto"));

    private final Path binary;
    private final Path dir;
    private final int port;
    private Process process;

    private Mosquitto(Path binary, Path dir, int port) {
        this.binary = binary;
        this.dir = dir;
        this.port = port;
    }

    /** Fails the calling test, saying what to install, when no mosquitto binary is installed. */
    public static Mosquitto start(Path dir) throws IOException {
        Path binary = CANDIDATES.stream().filter(Files::isExecutable).findFirst().orElseThrow(() ->
                new IllegalStateException("mosquitto is not installed: apt-get install mosquitto (.ci/run installs it);"
                        + " this test needs a real external broker and does not skip"));
        Files.createDirectories(dir);
        Mosquitto m = new Mosquitto(binary, dir, Ports.free());
        m.startProcess();
        return m;
    }

    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    /** SIGTERM (mosquitto writes its persistence file) and start again on the same port and store. */
    public void restart() throws IOException, InterruptedException {
        stop();
        startProcess();
    }

    /**
     * SIGTERM, then its store deleted, and start again on the same port: a broker that comes back having forgotten
     * every session (a replaced broker, or one restarted without persistence).
     */
    public void restartWithoutItsStore() throws IOException, InterruptedException {
        stop();
        Files.deleteIfExists(dir.resolve("mosquitto.db"));
        startProcess();
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            process.waitFor();
        }
    }

    private void startProcess() throws IOException {
        Path conf = dir.resolve("mosquitto.conf");
        String user = "root".equals(System.getProperty("user.name")) ? "user root\n" : "";
        Files.writeString(conf, "listener " + port + " 127.0.0.1\nallow_anonymous true\n" + user
                + "persistence true\npersistence_location " + dir.toAbsolutePath() + "/\n"
                + "max_queued_messages 0\nmax_inflight_messages 100\nlog_dest file " + dir.toAbsolutePath()
                + "/mosquitto.log\n");
        process = new ProcessBuilder(binary.toString(), "-c", conf.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("stdout.log").toFile()))
                .start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("mosquitto exited with " + process.exitValue() + "; see " + dir);
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                try {
                    process.waitFor(50, java.util.concurrent.TimeUnit.MILLISECONDS); // not listening yet
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(ie);
                }
            }
        }
        throw new IllegalStateException("mosquitto did not listen on " + port + " within 10 s");
    }
}
