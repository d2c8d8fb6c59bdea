package holdfast.edge.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The packaged edge node ({@code target/holdfast-edge-node.jar}) in a child JVM, for tests that kill it
 * with SIGKILL. Its output goes to {@code target/child-nodes/}, named after the data dir, so that it outlives
 * the test's temporary directory: a failed crash test is explained by the child's own log. {@code env} adds or overrides environment
 * variables (contract §1), e.g. {@code HOLDFAST_MQTT_URL}; the embedded broker is off unless
 * {@code HOLDFAST_EMBEDDED_BROKER_PORT} is given.
 */
public final class ChildNode implements AutoCloseable {

    private final Process process;
    private final int port;

    private final Thread reaper;

    private Path log;

    /** The last lines the child wrote, so a failed start explains itself in the test report. */
    private String logTail() {
        return logTail(15);
    }

    /** The child's last {@code lines} lines of output, with the file they come from. */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return log + ":\n" + String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | RuntimeException e) {
            return "(no log: " + e + ")";
        }
    }

    private ChildNode(Process process, int port) {
        this.process = process;
        this.port = port;
        // A test that fails before close() must not leave a node running (holding ports and files) after the
        // test JVM is gone.
        this.reaper = new Thread(process::destroyForcibly, "child-node-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    public static ChildNode start(Path dataDir, Map<String, String> env) throws IOException {
        int port = freePort();
        Path jar = Path.of("target", "holdfast-edge-node.jar").toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run the tests through 'mvn verify'");
        }
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(Arrays.asList(System.getProperty("holdfast.jvm.args", "").trim().split("\\s+")));
        command.add("-Xmx512m");
        command.add("-jar");
        command.add(jar.toString());
        command.removeIf(String::isBlank);
        Path log = logFor(dataDir);
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().put("HOLDFAST_DATA_DIR", dataDir.toString());
        pb.environment().put("HOLDFAST_HTTP_PORT", String.valueOf(port));
        pb.environment().put("HOLDFAST_ADMIN_TOKEN", TestNode.ADMIN_TOKEN);
        pb.environment().put("HOLDFAST_CONFIG_DISK__BATCH_MIN_FREE_MB", "0");
        pb.environment().put("HOLDFAST_CONFIG_DISK__STANDARD_MIN_FREE_MB", "0");
        pb.environment().put("HOLDFAST_CONFIG_DISK__CRITICAL_MIN_FREE_MB", "0");
        // No embedded MQTT broker unless env asks (HOLDFAST_EMBEDDED_BROKER_PORT, HOLDFAST_MQTT_URL, ...).
        pb.environment().put("HOLDFAST_EMBEDDED_BROKER_PORT", "0");
        pb.environment().put("HOLDFAST_MLLP_PORT", "0"); // pass HOLDFAST_MLLP_PORT in env to use one
        pb.environment().put("HOLDFAST_CONFIG_CANARY__INTERVAL_SECONDS", "0"); // no synthetic canaries unless asked
        pb.environment().putAll(env);
        ChildNode child = new ChildNode(pb.start(), port);
        child.log = log;
        try {
            child.awaitHealthy(Duration.ofSeconds(120));
        } catch (EarlyExitException e) {
            // Seen once in ~10 full runs right after a kill -9 (exit 2: a start-up refusal) and not reproduced
            // since: say so loudly with the child's own words, and start it once more, as a service manager
            // would. A second failure fails the test.
            System.err.println("WARNING: edge node child exited during start-up; starting it once more. "
                    + e.getMessage());
            child.forgetReaper();
            ChildNode again = new ChildNode(pb.start(), port);
            again.log = child.log;
            again.awaitHealthy(Duration.ofSeconds(120));
            return again;
        }
        return child;
    }

    /** The child process ended before it answered /observe/health. */
    static final class EarlyExitException extends IllegalStateException {
        EarlyExitException(String message) {
            super(message);
        }
    }

    public ApiClient api() {
        return new ApiClient("http://127.0.0.1:" + port);
    }

    public long pid() {
        return process.pid();
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed. */
    public void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
        forgetReaper();
    }

    private void forgetReaper() {
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the reaper runs anyway
        }
    }

    /** SIGTERM and wait for the shutdown hook to finish. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor();
        }
        forgetReaper();
    }

    private void awaitHealthy(Duration timeout) {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(timeout);
        String lastAnswer = "no answer (not listening)";
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new EarlyExitException("child node exited with " + process.exitValue() + "; its log ends:\n"
                        + logTail());
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/observe/health")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
                lastAnswer = r.statusCode() + " " + r.body();
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            Thread.onSpinWait();
            try {
                process.waitFor(100, java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("child node not healthy within " + timeout + "; /observe/health last said: "
                + lastAnswer + "; its log ends:\n" + logTail());
    }

    /** One log per data dir: a restarted node appends to the log of the node it replaces. */
    private static Path logFor(Path dataDir) throws IOException {
        Path dir = Path.of("target", "child-nodes").toAbsolutePath();
        Files.createDirectories(dir);
        Path parent = dataDir.toAbsolutePath().getParent();
        String name = (parent == null ? "" : parent.getFileName() + "-") + dataDir.getFileName() + ".log";
        return dir.resolve(name);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
