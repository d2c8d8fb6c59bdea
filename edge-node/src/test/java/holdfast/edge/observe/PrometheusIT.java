package holdfast.edge.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import holdfast.edge.support.Ports;
import holdfast.edge.support.Readings;
import holdfast.edge.support.TestNode;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard and alerting rules shipped in docs/observability/ against a real node: the rules pass
 * {@code promtool}, every series they use is exposed, and a real Prometheus scrapes the node and evaluates them.
 * Needs Debian's {@code prometheus} package (promtool and prometheus); CI installs it, and these tests fail rather
 * than skip without it.
 */
class PrometheusIT {

    private static final Path DOCS = Path.of("..", "docs", "observability").toAbsolutePath().normalize();
    private static final Path RULES = DOCS.resolve("holdfast-alerts.rules.yml");
    private static final Path DASHBOARD = DOCS.resolve("holdfast-dashboard.json");
    /** Series Prometheus makes itself, not the node. */
    private static final Set<String> PROMETHEUS_OWN = Set.of("up");
    private static final Pattern SERIES = Pattern.compile("\\b((?:holdfast|jvm|process)_[a-z0-9_]+|up)\\b");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    private static TestNode node;

    @BeforeAll
    static void startNodeWithSomeTraffic() {
        // An MQTT broker nobody listens on: the subscriber exists (and reconnects), so its meters are there.
        node = TestNode.start(dir.resolve("node"), Map.of("mqtt.url", "tcp://127.0.0.1:" + Ports.free()));
        String device = node.api().issueToken(TestNode.ADMIN_TOKEN, "device", "mon-01");
        // Meters labelled by channel appear with the first input of that channel: one accepted, its repeat, one
        // dead letter.
        assertThat(node.api().post("/api/v1/observations", device, Readings.heartRate("mon-01", "obs-1")).status())
                .isEqualTo(202);
        assertThat(node.api().post("/api/v1/observations", device, Readings.heartRate("mon-01", "obs-1")).status())
                .isEqualTo(200);
        assertThat(node.api().post("/api/v1/observations", device, "{\"deviceId\":\"mon-01\",\"messageId\":1}")
                .status()).isBetween(400, 499);
    }

    @AfterAll
    static void stopNode() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void theAlertingRulesPassPromtool() throws Exception {
        Process check = new ProcessBuilder(tool("promtool").toString(), "check", "rules", RULES.toString())
                .redirectErrorStream(true).start();
        String out = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(check.exitValue()).as(out).isZero();
        assertThat(out).contains("SUCCESS");
    }

    @Test
    void everySeriesTheDashboardAndTheRulesUseIsExposedByARunningNode() throws IOException {
        Set<String> exposed = node.api().get("/observe/metrics", null).body().lines()
                .filter(l -> !l.startsWith("#") && !l.isBlank())
                .map(l -> l.split("[{ ]", 2)[0]).collect(Collectors.toSet());
        Set<String> used = new TreeSet<>();
        used.addAll(names(ruleExpressions()));
        used.addAll(names(dashboardExpressions()));
        used.removeAll(PROMETHEUS_OWN);

        assertThat(used).as("series the dashboard and rules use").hasSizeGreaterThan(25);
        assertThat(exposed).containsAll(used);
    }

    @Test
    void theLatencyHistogramsCountWhatTheNodeDid() {
        String text = node.api().get("/observe/metrics", null).body();

        // The reading and its repeat reached the pipeline; only the first was journaled.
        assertThat(value(text, "holdfast_ingest_ack_seconds_count{channel=\"http\",lane=\"standard\"}")).isEqualTo(1);
        assertThat(value(text, "holdfast_ingest_ack_seconds_bucket{channel=\"http\",lane=\"standard\",le=\"+Inf\"}"))
                .isEqualTo(1);
        assertThat(value(text, "holdfast_journal_append_seconds_count{lane=\"standard\"}")).isGreaterThanOrEqualTo(1);
        assertThat(value(text, "holdfast_journal_fsync_seconds_count{lane=\"standard\"}")).isGreaterThanOrEqualTo(1);
        assertThat(value(text, "holdfast_ingest_duplicates_total{channel=\"http\"}")).isEqualTo(1);
        assertThat(value(text, "holdfast_ingest_deadletters_total{channel=\"http\"}")).isEqualTo(1);
        assertThat(value(text, "holdfast_mode{mode=\"LOCAL_ONLY\"}")).isEqualTo(1);
        assertThat(value(text, "holdfast_lane_accepting{lane=\"critical\"}")).isEqualTo(1);
    }

    @Test
    void aRealPrometheusScrapesTheNodeAndEvaluatesTheRules() throws Exception {
        int port = Ports.free();
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                rule_files:
                  - %s
                scrape_configs:
                  - job_name: holdfast
                    metrics_path: /observe/metrics
                    static_configs:
                      - targets: ['127.0.0.1:%d']
                """.formatted(RULES, node.node().httpPort()));
        Process prometheus = new ProcessBuilder(tool("prometheus").toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + port + "/api/v1/";
            JsonNode answer;
            try {
                answer = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                        .ignoreExceptions().until(() -> get(http, base + "query?query="
                                + URLEncoder.encode("holdfast_ingest_accepted_total{lane=\"standard\"}",
                                StandardCharsets.UTF_8)), a -> a.at("/data/result").size() == 1);
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError("Prometheus has no node series; its targets: " + Optional.ofNullable(
                        get(http, base + "targets")).map(JsonNode::toString).orElse("?") + "\nits log: "
                        + Files.readString(dir.resolve("prometheus.log")), e);
            }
            assertThat(answer.at("/data/result/0/value/1").asText()).isEqualTo("1");
            assertThat(answer.at("/data/result/0/metric/job").asText()).isEqualTo("holdfast");

            // Each rule evaluated against the node's series without an error.
            JsonNode rules = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250))
                    .ignoreExceptions().until(() -> get(http, base + "rules").at("/data/groups/0/rules"),
                            r -> r.size() > 0 && stream(r).allMatch(rule -> "ok".equals(rule.path("health").asText())));
            assertThat(stream(rules).map(r -> r.path("name").asText()).toList()).contains("HoldfastCloudUnreachable",
                    "HoldfastCriticalBacklogOld", "HoldfastDiskLow", "HoldfastBrokerDown");
        } finally {
            prometheus.destroy();
            if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void everyThreadTheNodeStartedHasAFailureCounterFromTheStart() {
        String text = node.api().get("/observe/metrics", null).body();
        for (String thread : new String[] {"alerts", "ops-watch", "lane-history", "alerts-mqtt"}) {
            assertThat(value(text, "holdfast_thread_failures_total{thread=\"" + thread + "\"}")).as(thread).isZero();
        }
    }

    private static double value(String text, String series) {
        return text.lines().filter(l -> l.startsWith(series + " ")).map(l -> Double.parseDouble(l.substring(
                series.length() + 1))).findFirst().orElseThrow(() -> new AssertionError(series + " is not exposed"));
    }

    private static JsonNode get(HttpClient http, String url) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
                .build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

    private static Stream<JsonNode> stream(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false);
    }

    /** An executable of Debian's prometheus package; the test fails, naming the fix, when it is missing. */
    private static Path tool(String name) {
        Optional<Path> found = Stream.of(System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator))
                .map(d -> Path.of(d, name)).filter(Files::isExecutable).findFirst();
        assertThat(found).as(name + " is missing: install Debian's 'prometheus' package (apt-get install prometheus);"
                + " .ci/run does this on CI").isPresent();
        return found.get();
    }

    /** The rules' expressions: each {@code expr:} value, on its line or as the block under it. */
    private static List<String> ruleExpressions() throws IOException {
        List<String> lines = Files.readAllLines(RULES);
        List<String> out = new java.util.ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int at = line.indexOf("expr:");
            if (at < 0 || line.strip().startsWith("#")) {
                continue;
            }
            String inline = line.substring(at + 5).strip();
            if (!inline.equals("|")) {
                out.add(inline);
                continue;
            }
            int indent = at;
            while (i + 1 < lines.size() && (lines.get(i + 1).isBlank()
                    || lines.get(i + 1).length() - lines.get(i + 1).stripLeading().length() > indent)) {
                out.add(lines.get(++i));
            }
        }
        assertThat(out).as("expressions in " + RULES).hasSizeGreaterThan(10);
        return out;
    }

    private static List<String> dashboardExpressions() throws IOException {
        JsonNode dashboard = JSON.readTree(DASHBOARD.toFile());
        List<String> out = dashboard.findValues("expr").stream().map(JsonNode::asText).collect(Collectors.toList());
        dashboard.findValues("definition").forEach(d -> out.add(d.asText()));
        assertThat(out).as("expressions in " + DASHBOARD).hasSizeGreaterThan(15);
        return out;
    }

    private static Set<String> names(List<String> expressions) {
        Set<String> names = new TreeSet<>();
        for (String e : expressions) {
            // Label values and legends are quoted; only names outside quotes are series.
            Matcher m = SERIES.matcher(e.replaceAll("\"[^\"]*\"", "\"\""));
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }
}
