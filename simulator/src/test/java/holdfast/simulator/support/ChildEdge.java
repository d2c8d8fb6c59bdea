package holdfast.simulator.support;

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
import java.util.concurrent.TimeUnit;

/**
 * The packaged edge node ({@code edge-node/target/holdfast-edge-node.jar}) in a child JVM, configured through
 * the environment variables of contract §1, for kill -9 tests. Output goes to a log file beside the data dir.
 */
public final class ChildEdge implements AutoCloseable {

    private final Process process;
    private final int port;

    private ChildEdge(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static ChildEdge start(Path dataDir, Map<String, String> env) throws IOException {
        Path jar = Path.of("..", "edge-node", "target", "holdfast-edge-node.jar").toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build edge-node first ('mvn verify' does)");
        }
        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(Arrays.asList(System.getProperty("holdfast.jvm.args", "").trim().split("\\s+")));
        command.add("-Xmx512m");
        command.add("-jar");
        command.add(jar.toString());
        command.removeIf(String::isBlank);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        dataDir.resolveSibling(dataDir.getFileName() + ".log").toFile()));
        Map<String, String> e = pb.environment();
        e.put("HOLDFAST_DATA_DIR", dataDir.toString());
        e.put("HOLDFAST_HTTP_PORT", String.valueOf(port));
        e.put("HOLDFAST_ADMIN_TOKEN", NodeClient.ADMIN_TOKEN);
        e.put("HOLDFAST_EMBEDDED_BROKER_PORT", "0");
        e.put("HOLDFAST_MLLP_PORT", "0"); // 2575 may be taken by another node on the machine: start-up would refuse
        e.put("HOLDFAST_CONFIG_CANARY__INTERVAL_SECONDS", "0"); // no synthetic canaries in what tests count
        e.put("HOLDFAST_CONFIG_DISK__BATCH_MIN_FREE_MB", "0");
        e.put("HOLDFAST_CONFIG_DISK__STANDARD_MIN_FREE_MB", "0");
        e.put("HOLDFAST_CONFIG_DISK__CRITICAL_MIN_FREE_MB", "0");
        e.putAll(env);
        ChildEdge child = new ChildEdge(pb.start(), port);
        child.awaitHealthy(Duration.ofSeconds(60));
        return child;
    }

    public NodeClient api() {
        return new NodeClient(port);
    }

    /** SIGKILL: no shutdown hook runs. */
    public void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM, and SIGKILL if it has not stopped within 30 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private void awaitHealthy(Duration timeout) throws IOException {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("child node exited with " + process.exitValue());
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/observe/health")).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(ie);
            }
            try {
                process.waitFor(100, TimeUnit.MILLISECONDS); // bounded wait between probes
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(ie);
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("child node not healthy within " + timeout);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
