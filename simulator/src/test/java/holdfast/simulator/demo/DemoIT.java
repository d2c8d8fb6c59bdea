package holdfast.simulator.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./holdfast demo} as a newcomer meets it, in a child JVM started from the repository root: the README's
 * example lines work against it as written, mistyped commands are answered in words, a second demo on the same
 * data is told one is running, and {@code quit} ends it.
 */
class DemoIT {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern BASE = Pattern.compile("edge node\\s+(http://127\\.0\\.0\\.1:(\\d+))");

    @TempDir
    Path tmp;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stopAll() {
        started.forEach(p -> p.destroyForcibly());
    }

    private Process demo(Path dataDir, List<String> out) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(Arrays.asList(System.getProperty("holdfast.jvm.args", "").trim().split("\\s+")));
        command.addAll(List.of("-Xmx512m", "-cp", Path.of("target", "holdfast-simulator.jar").toAbsolutePath().toString(),
                "holdfast.simulator.DemoMain", "--seconds", "180"));
        command.removeIf(String::isBlank);
        ProcessBuilder pb = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.remove("DISPLAY");
        env.remove("HOLDFAST_UPSTREAM_URL");
        env.put("HOLDFAST_DATA_DIR", dataDir.toString());
        env.put("HOLDFAST_HTTP_PORT", "0");
        env.put("HOLDFAST_MLLP_PORT", "0");
        env.put("HOLDFAST_EMBEDDED_BROKER_PORT", String.valueOf(freePort()));
        Process p = pb.start();
        started.add(p);
        Thread.ofVirtual().start(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    out.add(line);
                }
            } catch (IOException e) {
                // the process ended
            }
        });
        return p;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** The README's example block: the lines after "export T=" up to the closing fence. */
    private static String readmeExample() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        int start = readme.indexOf("export T=$(cat data/demo/admin-token)");
        assertThat(start).as("README shows the demo's token path").isPositive();
        return readme.substring(start, readme.indexOf("```", start));
    }

    @Test
    void aNewcomerCanFollowTheReadmeAndTheDemoAnswersInWords() throws Exception {
        Path data = tmp.resolve("demo");
        List<String> out = new CopyOnWriteArrayList<>();
        Process demo = demo(data, out);
        await().atMost(Duration.ofSeconds(90)).until(() -> out.stream().anyMatch(l -> BASE.matcher(l).find())
                || !demo.isAlive());
        assertThat(demo.isAlive()).as(String.join("\n", out)).isTrue();
        Matcher m = out.stream().map(BASE::matcher).filter(Matcher::find).findFirst().orElseThrow();
        String base = m.group(1);

        // The README's lines, as written, with only the demo's data dir and port put in.
        String script = "set -e\n" + readmeExample()
                .replace("data/demo/", data + "/")
                .replace("localhost:8080", "127.0.0.1:" + m.group(2));
        Process bash = new ProcessBuilder("bash", "-c", script).directory(tmp.toFile()).redirectErrorStream(true).start();
        assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String answers = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bash.exitValue()).as(answers).isZero();
        assertThat(answers).contains("\"mode\"").contains("\"eventId\"").contains("\"lane\"");

        HttpResponse<String> noToken = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(base + "/api/v1/status")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(noToken.statusCode()).isEqualTo(401);
        JsonNode problem = new ObjectMapper().readTree(noToken.body());
        assertThat(problem.get("correlationId").asText()).as("every error carries one").isNotBlank();

        try (Writer in = new OutputStreamWriter(demo.getOutputStream(), StandardCharsets.UTF_8)) {
            for (String typed : List.of("fault", "fault sideways", "conflict ICU-3", "frobnicate", "help")) {
                int before = out.size();
                in.write(typed + "\n");
                in.flush();
                String expected = switch (typed) {
                    case "fault", "fault sideways" -> "usage: fault <none|unavailable|busy|";
                    case "conflict ICU-3" -> "usage: conflict <bed> <patientId>";
                    case "frobnicate" -> "unknown command 'frobnicate': type help for the list";
                    default -> "census-ok";
                };
                await(typed).atMost(Duration.ofSeconds(10)).until(() ->
                        out.subList(before, out.size()).stream().anyMatch(l -> l.contains(expected)));
            }
            // What the demo says to the newcomer (not the node's log lines, which go to the same terminal).
            assertThat(out.stream().filter(l -> !l.matches("^\\d{4}-\\d\\d-\\d\\dT.*")))
                    .as("no Java error reaches the newcomer")
                    .noneMatch(l -> l.contains("Exception") || l.contains("out of bounds") || l.contains("\tat "));
            await("a labelled status line").atMost(Duration.ofSeconds(30)).until(() -> out.stream().anyMatch(l ->
                    l.matches(".*\\| critical \\d+ events, \\d+ waiting \\|.*"
                            + "reconciliations open \\d+ \\| dead letters open \\d+.*")));

            List<String> second = new CopyOnWriteArrayList<>();
            Process again = demo(data, second);
            assertThat(again.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(again.exitValue()).as(String.join("\n", second)).isEqualTo(3);
            assertThat(second).anyMatch(l -> l.contains("a Holdfast demo is already running with its data in " + data))
                    .noneMatch(l -> l.contains("Exception"));

            in.write("quit\n");
            in.flush();
        }
        assertThat(demo.waitFor(60, TimeUnit.SECONDS)).as("quit ends the demo").isTrue();
    }
}
