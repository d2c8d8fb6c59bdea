package holdfast.simulator.fhir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The HAPI FHIR R4 JPA server ({@code holdfast.fhirserver.FhirServerMain}, H2 in memory) in a child JVM bound to
 * 127.0.0.1, base {@code http://127.0.0.1:PORT/fhir}. Start takes 20-40 s, and up to two minutes on a 2-core
 * machine shared with other builds, so tests start it once. Its output goes to {@code dir/fhir-server.log}. {@link #close} may be called more than once.
 * Thread-safe.
 */
public final class FhirServer implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(300);

    private final Process process;
    private final int port;

    private FhirServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts the server and waits until it answers {@code GET /fhir/metadata}. */
    public static FhirServer start(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        int port = freePort();
        Path ready = dir.resolve("fhir-server.port");
        Files.deleteIfExists(ready);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Djava.net.preferIPv4Stack=true",
                "-cp", classpath(), "holdfast.fhirserver.FhirServerMain", Integer.toString(port), ready.toString()));
        Process process = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("fhir-server.log").toFile()).start();
        FhirServer server = new FhirServer(process, port);
        try {
            server.awaitReady(ready);
        } catch (IOException | InterruptedException | RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** The base URL, e.g. {@code http://127.0.0.1:41234/fhir}. */
    public String base() {
        return "http://127.0.0.1:" + port + "/fhir";
    }

    /** The node's upstream URL for this server: {@code fhir+http://127.0.0.1:PORT/fhir}. */
    public String upstreamUrl() {
        return "fhir+" + base();
    }

    /**
     * The site's master data for the demo's HL7 feed ({@code Hl7Feed}): patient {@code SIM-bed-stay} and encounter
     * {@code ENC-bed-stay} for beds 1..{@code beds} and stays 0..{@code stays}-1, under the node's default identifier
     * systems, in transactions of 200.
     */
    public void seedFeedPatients(int beds, int stays) throws IOException, InterruptedException {
        List<String> entries = new ArrayList<>();
        for (int stay = 0; stay < stays; stay++) {
            for (int bed = 1; bed <= beds; bed++) {
                String p = "sim-" + bed + "-" + stay;
                entries.add(entry("Patient", p, "{\"resourceType\":\"Patient\",\"id\":\"" + p + "\",\"identifier\":[{"
                        + "\"system\":\"urn:holdfast:patient-id\",\"value\":\"SIM-" + bed + "-" + stay + "\"}]}"));
                String e = "enc-" + bed + "-" + stay;
                entries.add(entry("Encounter", e, "{\"resourceType\":\"Encounter\",\"id\":\"" + e + "\",\"status\":"
                        + "\"in-progress\",\"class\":{\"system\":\"http://terminology.hl7.org/CodeSystem/v3-ActCode\","
                        + "\"code\":\"IMP\"},\"subject\":{\"reference\":\"Patient/" + p + "\"},\"identifier\":[{"
                        + "\"system\":\"urn:holdfast:encounter-id\",\"value\":\"ENC-" + bed + "-" + stay + "\"}]}"));
            }
        }
        try (HttpClient http = HttpClient.newHttpClient()) {
            for (int from = 0; from < entries.size(); from += 200) {
                String body = "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":["
                        + String.join(",", entries.subList(from, Math.min(entries.size(), from + 200))) + "]}";
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base()))
                        .header("Content-Type", "application/fhir+json").timeout(Duration.ofSeconds(120))
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) {
                    throw new IOException("FHIR server answered " + r.statusCode() + " to the seed transaction");
                }
            }
        }
    }

    private static String entry(String type, String id, String resource) {
        return "{\"fullUrl\":\"" + type + "/" + id + "\",\"resource\":" + resource + ",\"request\":{\"method\":\"PUT\","
                + "\"url\":\"" + type + "/" + id + "\"}}";
    }

    public boolean alive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    private void awaitReady(Path ready) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (!Files.exists(ready)) {
            if (!process.isAlive()) {
                throw new IOException("FHIR server exited with " + process.exitValue() + " (see fhir-server.log)");
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IOException("FHIR server did not start within " + START_TIMEOUT.toSeconds() + " s");
            }
            process.waitFor(200, TimeUnit.MILLISECONDS); // returns early if it dies
        }
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base() + "/metadata"))
                    .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IOException("FHIR server answered " + r.statusCode() + " to GET metadata");
            }
        }
    }

    /** {@code fhir-server/target/classes} and its dependencies, found from the repository root or a module. */
    static String classpath() throws IOException {
        String configured = System.getProperty("holdfast.fhir.server.dir");
        List<Path> candidates = configured != null ? List.of(Path.of(configured))
                : List.of(Path.of("fhir-server"), Path.of("..", "fhir-server"));
        for (Path module : candidates) {
            Path file = module.resolve("target").resolve("fhir-server.classpath");
            if (Files.isRegularFile(file)) {
                return module.resolve("target").resolve("classes").toAbsolutePath() + java.io.File.pathSeparator
                        + Files.readString(file, StandardCharsets.UTF_8).strip();
            }
        }
        throw new IOException("fhir-server/target/fhir-server.classpath not found: build the fhir-server module "
                + "(mvn -pl fhir-server package) from the repository root");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
