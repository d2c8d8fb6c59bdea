package holdfast.installer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Builds the edge node's .deb with {@code installer/package.sh} (jlink + jpackage, as {@code ./holdfast package}
 * does), unpacks it into a temporary root with {@code dpkg-deb -x}, and runs the packaged launcher from there with
 * an environment that has no JDK and no {@code JAVA_HOME}: the bundled runtime must be enough. The service answers
 * {@code /observe/health}, and the packaged {@code holdfast-backup} tool takes a backup of it.
 */
class PackageIT {

    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final String APP = "opt/holdfast-edge-node";

    @TempDir
    Path tmp;

    @Test
    void edgeNodeDebUnpacksAndItsLauncherServesHealthWithoutAJdk() throws Exception {
        requireTool("fakeroot", "jpackage runs dpkg-deb under fakeroot: apt-get install -y fakeroot (.ci/run does)");
        requireTool("dpkg-deb", "apt-get install -y dpkg");
        Path jdk = Path.of(System.getProperty("java.home"));
        assertThat(jdk.resolve("bin/jpackage")).as("the tests run on a JDK with jpackage").isExecutable();

        Path out = tmp.resolve("dist");
        Instant started = Instant.now();
        int exit = run(List.of(REPO.resolve("installer/package.sh").toString(), "--edge-only", "--out", out.toString()),
                Map.of("JAVA_HOME", jdk.toString()), tmp.resolve("package.log"), Duration.ofMinutes(10));
        assertThat(exit).as(tail(tmp.resolve("package.log"))).isZero();
        System.out.println("PackageIT: edge node packages built in " + Duration.between(started, Instant.now()).toSeconds()
                + " s");
        Path deb;
        try (Stream<Path> debs = Files.list(out.resolve("packages"))) {
            deb = debs.filter(p -> p.getFileName().toString().matches("holdfast-edge-node_.*_amd64\\.deb"))
                    .findFirst().orElseThrow();
        }
        System.out.println("PackageIT: " + deb.getFileName() + " " + Files.size(deb) / (1024 * 1024) + " MiB");
        assertThat(out.resolve("app-image/holdfast-edge-node/bin/holdfast-edge-node")).isExecutable();

        Path root = tmp.resolve("root");
        Path control = tmp.resolve("control");
        assertThat(run(List.of("dpkg-deb", "-x", deb.toString(), root.toString()), Map.of(), tmp.resolve("x.log"),
                Duration.ofMinutes(2))).isZero();
        assertThat(run(List.of("dpkg-deb", "-e", deb.toString(), control.toString()), Map.of(), tmp.resolve("e.log"),
                Duration.ofMinutes(1))).isZero();

        Path app = root.resolve(APP);
        Path service = app.resolve("lib/app/service");
        assertThat(app.resolve("bin/holdfast-edge-node")).isExecutable();
        assertThat(app.resolve("bin/holdfast-backup")).isExecutable();
        assertThat(app.resolve("bin/holdfast-restore")).isExecutable();
        assertThat(app.resolve("lib/runtime/bin/java")).as("bundled runtime").isExecutable();
        assertThat(Files.readString(service.resolve("holdfast-edge-node.service")))
                .contains("User=holdfast", "ExecStart=/" + APP + "/bin/holdfast-edge-node",
                        "Environment=HOLDFAST_CONFIG=/etc/holdfast/edge-node.yaml", "WorkingDirectory=/var/lib/holdfast");
        assertThat(Files.readString(service.resolve("edge-node.yaml")))
                .contains("data-dir: /var/lib/holdfast", "dir: /var/backups/holdfast", "file: /etc/holdfast/devices.yaml");
        assertThat(app.resolve("lib/app/observability")).as("Prometheus rules and Grafana dashboard")
                .isDirectoryContaining("glob:**/holdfast-alerts.rules.yml")
                .isDirectoryContaining("glob:**/holdfast-dashboard.json");
        assertThat(Files.readString(control.resolve("postinst")))
                .contains("useradd --system", "/etc/holdfast/edge-node.yaml", "/var/lib/holdfast",
                        "systemctl enable holdfast-edge-node.service");
        assertThat(Files.readString(control.resolve("prerm"))).contains("systemctl stop holdfast-edge-node.service");
        assertThat(Files.readString(control.resolve("control"))).contains("Package: holdfast-edge-node");

        Path data = Files.createDirectories(root.resolve("var/lib/holdfast"));
        Path logs = Files.createDirectories(root.resolve("var/log/holdfast"));
        Path backups = root.resolve("var/backups/holdfast");
        int port = freePort();
        Map<String, String> env = Map.of(
                "HOLDFAST_CONFIG", service.resolve("edge-node.yaml").toString(),
                "HOLDFAST_DATA_DIR", data.toString(),
                "HOLDFAST_LOG_DIR", logs.toString(),
                "HOLDFAST_HTTP_PORT", String.valueOf(port),
                "HOLDFAST_MLLP_PORT", "0",
                "HOLDFAST_EMBEDDED_BROKER_PORT", "0",
                "HOLDFAST_CONFIG_BACKUP__DIR", backups.toString(),
                "HOLDFAST_CONFIG_DEVICES__FILE", service.resolve("devices.yaml").toString());
        Process node = start(List.of(app.resolve("bin/holdfast-edge-node").toString()), env, data,
                tmp.resolve("node.log"));
        try {
            awaitHealthy(node, port, Duration.ofSeconds(90));
            assertThat(logs.resolve("edge-node.log")).as("the packaged Logback file appender").exists();
            // The line follows the server's start, which health may already see: wait for it with a deadline.
            Instant logDeadline = Instant.now().plus(Duration.ofSeconds(30));
            while (!Files.readString(logs.resolve("edge-node.log")).contains("event=node.started")
                    && Instant.now().isBefore(logDeadline)) {
                node.waitFor(200, TimeUnit.MILLISECONDS);
            }
            assertThat(Files.readString(logs.resolve("edge-node.log"))).contains("event=node.started");
            // The packaged backup tool: finds the token in the data dir the node wrote it to.
            int backup = run(List.of(app.resolve("bin/holdfast-backup").toString(), "--url", "http://127.0.0.1:" + port,
                    "--label", "package-it"), env, tmp.resolve("backup.log"), Duration.ofMinutes(2));
            assertThat(backup).as(tail(tmp.resolve("backup.log"))).isZero();
            assertThat(Files.readString(tmp.resolve("backup.log"))).contains("Backup written to " + backups);
        } finally {
            node.destroy();
            if (!node.waitFor(60, TimeUnit.SECONDS)) {
                node.destroyForcibly();
                fail("the packaged node did not stop within 60 s of SIGTERM");
            }
        }
    }

    private static void requireTool(String tool, String hint) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", "command -v " + tool).redirectErrorStream(true).start();
        if (p.waitFor() != 0) {
            fail("'" + tool + "' is missing, so the .deb cannot be built: " + hint);
        }
    }

    /** A clean environment: no JAVA_HOME, no JDK on the PATH, so only a bundled runtime can start the launcher. */
    private static ProcessBuilder clean(List<String> command, Map<String, String> env, Path log) {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        pb.environment().put("HOME", System.getProperty("java.io.tmpdir"));
        pb.environment().putAll(env);
        return pb;
    }

    private static Process start(List<String> command, Map<String, String> env, Path dir, Path log) throws IOException {
        return clean(command, env, log).directory(dir.toFile()).start();
    }

    private static int run(List<String> command, Map<String, String> env, Path log, Duration timeout) throws Exception {
        Process p = clean(command, env, log).start();
        if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(command.get(0) + " did not finish within " + timeout + "\n" + tail(log));
        }
        return p.exitValue();
    }

    private static void awaitHealthy(Process node, int port, Duration timeout) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!node.isAlive()) {
                fail("the packaged node exited with " + node.exitValue());
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/observe/health")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            node.waitFor(200, TimeUnit.MILLISECONDS); // a bounded pause between probes, not a synchronisation
        }
        fail("the packaged node did not answer /observe/health with 200 within " + timeout);
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
