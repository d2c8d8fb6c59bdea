package holdfast.simulator.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import holdfast.simulator.cloud.Receipts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The crash proof: mixed load (HTTP posts, MQTT devices, an HL7 sender) and an operator's actions against the
 * packaged edge node in a child JVM, whose reference cloud comes and goes, while the node is killed with SIGKILL
 * at random moments and started again by the same command over the same data dir, as a service manager would.
 * Then, with node and cloud up and every lane drained, it judges: every acknowledged input at the cloud exactly
 * once, no input twice, no laneSeq gap, every operator action whole (confirmed ones there), the tokens as last
 * set, the audit chain intact. Bounded: a restart has two minutes, the drain three.
 */
public final class KillLoop {

    /**
     * What to run: {@code kills} SIGKILLs, each after {@code minUp}..{@code maxUp} of load on a healthy node, no new
     * kill once {@code killWindow} has passed (the checks run either way; the result says how many kills there were).
     */
    public record Options(int kills, long seed, Path workDir, Path edgeJar, List<String> jvmArgs, Duration minUp,
                          Duration maxUp, Duration loadPause, Duration killWindow) {
    }

    /** What it found; {@link #ok()} when every check held. */
    public record Result(int asked, int kills, int restarts, int extraStarts, Duration slowestRestart,
                         Duration medianRestart,
                         int cloudOutages, Map<String, Long> ackedPerChannel, long unackedInputs, long lost,
                         long doubled, long gaps, int actionsChecked, List<String> failures, Duration took) {

        public boolean ok() {
            return failures.isEmpty();
        }

        /** The lines the command prints. */
        public String report() {
            StringBuilder b = new StringBuilder();
            b.append("kills ").append(kills).append(kills < asked ? " (of " + asked + " asked: time window spent)" : "")
                    .append(", restarts ").append(restarts)
                    .append(extraStarts > 0 ? " (" + extraStarts + " of them after a failed start)" : "")
                    .append(", slowest restart (kill -> healthy) ").append(slowestRestart.toMillis()).append(" ms")
                    .append(", median ").append(medianRestart.toMillis()).append(" ms\n");
            b.append("cloud outages ").append(cloudOutages).append("; acknowledged inputs ").append(ackedPerChannel)
                    .append(", sent without an answer ").append(unackedInputs).append('\n');
            b.append("lost ").append(lost).append(", doubled ").append(doubled).append(", laneSeq gaps ").append(gaps)
                    .append(", operator actions checked ").append(actionsChecked).append(", took ")
                    .append(took.toSeconds()).append(" s\n");
            if (failures.isEmpty()) {
                b.append("OK: every check held\n");
            } else {
                b.append("FAILED (").append(failures.size()).append("):\n");
                failures.stream().limit(40).forEach(f -> b.append("  ").append(f).append('\n'));
            }
            return b.toString();
        }
    }

    static final String ADMIN_TOKEN = "hf_chaos-admin-token-0123456789abcdef";
    private static final String NODE_ID = "edge-chaos";
    private static final Duration RESTART_LIMIT = Duration.ofMinutes(2);
    private static final Duration DRAIN_LIMIT = Duration.ofMinutes(3);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Options options;

    public KillLoop(Options options) {
        this.options = options;
    }

    public Result run() throws Exception {
        Instant began = Instant.now();
        Files.createDirectories(options.workDir());
        Random random = new Random(options.seed());
        int httpPort = freePort();
        int brokerPort = freePort();
        int mllpPort = freePort();
        int cloudPort = freePort();
        Receipts receipts = Receipts.recording();
        List<String> failures = new ArrayList<>();
        Inputs inputs = new Inputs();
        List<Duration> restartTimes = new ArrayList<>();
        int extraStarts = 0;
        int kills = 0;
        Api api = new Api("http://127.0.0.1:" + httpPort);
        AtomicBoolean loading = new AtomicBoolean(true);
        List<Thread> load = new ArrayList<>();
        Operator operator = new Operator(api, ADMIN_TOKEN, random.nextLong(), options.loadPause().multipliedBy(8),
                loading::get);
        try (FlappingCloud cloud = new FlappingCloud(cloudPort, options.workDir().resolve("cloud"), receipts,
                random.nextLong());
             NodeProcess node = new NodeProcess(command(), environment(httpPort, brokerPort, mllpPort, cloud.url()),
                     options.workDir().resolve("node.log"), httpPort)) {
            node.start();
            extraStarts += node.awaitHealthy(RESTART_LIMIT);
            Map<String, String> mqttTokens = deviceTokens(api, List.of("chaos-mon-1", "chaos-mon-2"));
            Duration pause = options.loadPause();
            load.add(Thread.ofPlatform().name("chaos-http").start(new HttpLoad(api.base(), ADMIN_TOKEN, inputs,
                    random.nextLong(), pause, loading::get)));
            mqttTokens.forEach((device, token) -> load.add(Thread.ofPlatform().name("chaos-" + device).start(
                    new MqttLoad("tcp://127.0.0.1:" + brokerPort, device, token, inputs, random.nextLong(),
                            pause.multipliedBy(2), loading::get))));
            load.add(Thread.ofPlatform().name("chaos-hl7").start(new Hl7Load(mllpPort, inputs, random.nextLong(),
                    pause.multipliedBy(3), loading::get)));
            load.add(Thread.ofPlatform().name("chaos-operator").start(operator));
            Instant stopKilling = Instant.now().plus(options.killWindow());
            for (int k = 0; k < options.kills() && Instant.now().isBefore(stopKilling); k++) {
                long upMillis = options.minUp().toMillis()
                        + random.nextLong(Math.max(1, options.maxUp().toMillis() - options.minUp().toMillis()));
                Pace.pause(Duration.ofMillis(upMillis));
                node.kill9();
                kills++;
                Instant killed = Instant.now();
                node.start();
                try {
                    extraStarts += node.awaitHealthy(RESTART_LIMIT);
                } catch (IllegalStateException e) {
                    failures.add("after kill " + kills + " the node did not come back: " + e.getMessage());
                    break;
                }
                restartTimes.add(Duration.between(killed, Instant.now()));
                System.out.println("kill " + kills + "/" + options.kills() + ": healthy again after "
                        + restartTimes.getLast().toMillis() + " ms; acknowledged so far " + inputs.ackedPerChannel());
            }
            loading.set(false);
            for (Thread t : load) {
                t.join(60_000);
            }
            cloud.steady();
            if (failures.isEmpty()) {
                awaitDrained(api, receipts, failures);
            }
            List<Operator.Action> actions = operator.actions();
            if (failures.isEmpty()) {
                checkInputs(inputs, receipts, failures);
                checkActions(api, actions, receipts, began, failures);
                checkAudit(api, failures);
            }
            List<Duration> sorted = restartTimes.stream().sorted().toList();
            Map<String, Long> acked = inputs.ackedPerChannel();
            long unacked = inputs.all().values().stream().filter(i -> !i.acked()).count();
            return new Result(options.kills(), kills, restartTimes.size() + extraStarts, extraStarts,
                    sorted.isEmpty() ? Duration.ZERO : sorted.getLast(),
                    sorted.isEmpty() ? Duration.ZERO : sorted.get(sorted.size() / 2), cloud.outages(), acked, unacked,
                    count(failures, "lost"), count(failures, "doubled"), receipts.gapCount(), actions.size(),
                    List.copyOf(failures), Duration.between(began, Instant.now()));
        } finally {
            loading.set(false);
        }
    }

    private static long count(List<String> failures, String prefix) {
        return failures.stream().filter(f -> f.startsWith(prefix + " ")).count();
    }

    private List<String> command() {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(options.jvmArgs());
        command.add("-Xmx384m");
        command.add("-jar");
        command.add(options.edgeJar().toAbsolutePath().toString());
        command.removeIf(String::isBlank);
        return command;
    }

    private Map<String, String> environment(int httpPort, int brokerPort, int mllpPort, String cloudUrl) {
        Map<String, String> env = new HashMap<>();
        env.put("HOLDFAST_NODE_ID", NODE_ID);
        env.put("HOLDFAST_DATA_DIR", options.workDir().resolve("node").toAbsolutePath().toString());
        env.put("HOLDFAST_HTTP_PORT", String.valueOf(httpPort));
        env.put("HOLDFAST_EMBEDDED_BROKER_PORT", String.valueOf(brokerPort));
        env.put("HOLDFAST_MLLP_PORT", String.valueOf(mllpPort));
        env.put("HOLDFAST_ADMIN_TOKEN", ADMIN_TOKEN);
        env.put("HOLDFAST_UPSTREAM_URL", cloudUrl);
        env.put("HOLDFAST_UPSTREAM_TOKEN", FlappingCloud.TOKEN);
        env.put("HOLDFAST_CONFIG_CANARY__INTERVAL_SECONDS", "0"); // its events would be inputs nobody sent
        env.put("HOLDFAST_CONFIG_DISK__BATCH_MIN_FREE_MB", "0");
        env.put("HOLDFAST_CONFIG_DISK__STANDARD_MIN_FREE_MB", "0");
        env.put("HOLDFAST_CONFIG_DISK__CRITICAL_MIN_FREE_MB", "0");
        // The cloud is back within seconds: a node that waits minutes to look would leave the drain to the end.
        env.put("HOLDFAST_CONFIG_UPSTREAM__BACKOFF_INITIAL_MS", "100");
        env.put("HOLDFAST_CONFIG_UPSTREAM__BACKOFF_MAX_MS", "1000");
        env.put("HOLDFAST_CONFIG_UPSTREAM__BREAKER_DELAY_MS", "500");
        env.put("HOLDFAST_CONFIG_UPSTREAM__PROBE_INTERVAL_MS", "500");
        env.put("HOLDFAST_CONFIG_UPSTREAM__DRAIN_MAX_EVENTS_PER_SECOND", "0");
        return env;
    }

    private static Map<String, String> deviceTokens(Api api, List<String> devices) {
        Map<String, String> tokens = new HashMap<>();
        for (String device : devices) {
            Api.Answer a = api.post("/api/v1/tokens", ADMIN_TOKEN, "{\"role\":\"device\",\"name\":\"chaos device "
                    + device + "\",\"deviceId\":\"" + device + "\"}");
            if (a.status() != 201) {
                throw new IllegalStateException("a device token for " + device + " was refused: " + a.status() + " "
                        + a.body());
            }
            tokens.put(device, a.json().get("token").asText());
        }
        return tokens;
    }

    /** Until every lane's backlog is 0 and the cloud holds each lane up to the node's last laneSeq. */
    private static void awaitDrained(Api api, Receipts receipts, List<String> failures) {
        Instant deadline = Instant.now().plus(DRAIN_LIMIT);
        String last = "no status";
        while (Instant.now().isBefore(deadline)) {
            Api.Answer status = api.get("/api/v1/status", ADMIN_TOKEN);
            if (status.status() == 200) {
                boolean drained = true;
                StringBuilder seen = new StringBuilder();
                Map<String, Long> highest = receipts.highest();
                for (JsonNode lane : status.json().path("lanes")) {
                    long appended = lane.path("appended").asLong();
                    long atCloud = highest.getOrDefault(NODE_ID + "/" + lane.path("name").asText(), 0L);
                    seen.append(lane.path("name").asText()).append(": appended ").append(appended)
                            .append(" backlog ").append(lane.path("backlog").asLong()).append(" at cloud ")
                            .append(atCloud).append("; ");
                    drained &= lane.path("backlog").asLong() == 0 && atCloud == appended;
                }
                last = seen.toString();
                if (drained) {
                    return;
                }
            }
            Pace.pause(Duration.ofMillis(250));
        }
        failures.add("not drained within " + DRAIN_LIMIT + ": " + last);
    }

    private static void checkInputs(Inputs inputs, Receipts receipts, List<String> failures) {
        for (Map.Entry<String, Inputs.Input> e : inputs.all().entrySet()) {
            String key = e.getKey();
            Inputs.Input input = e.getValue();
            Set<String> verdicts = receipts.verdicts(key);
            // The census is set a moment after each cloud start: a batch judged in that moment is accepted even for
            // the disputed bed. What is under test is that the input arrived, not the cloud's verdict.
            boolean arrived = verdicts.contains("accepted")
                    || input.expect() == Inputs.Expect.DISPUTED && verdicts.contains("conflict");
            if (input.acked() && !arrived) {
                failures.add("lost " + input.channel() + " input " + key + " (acknowledged; the cloud saw "
                        + (verdicts.isEmpty() ? "nothing" : verdicts) + ")");
            }
            if (receipts.events(key) > 1) {
                failures.add("doubled " + input.channel() + " input " + key + " (" + receipts.events(key)
                        + " events; acknowledged " + input.acked() + ")");
            }
        }
        for (String key : receipts.keysOfSeveralEvents()) {
            if (!inputs.all().containsKey(key)) {
                failures.add("doubled node event " + key + " (" + receipts.events(key) + " events)");
            }
        }
        receipts.clashes().forEach(c -> failures.add("clash: " + c));
        receipts.gaps().forEach((lane, missing) -> failures.add("gap in " + lane + ": laneSeq " + missing
                + " never reached the cloud"));
    }

    private static void checkActions(Api api, List<Operator.Action> actions, Receipts receipts, Instant began,
                                     List<String> failures) {
        Set<String> audited = auditedTargets(api, began, failures);
        JsonNode tokens = api.get("/api/v1/tokens", ADMIN_TOKEN).json().path("items");
        Map<String, JsonNode> tokenById = new HashMap<>();
        tokens.forEach(t -> tokenById.put(t.get("id").asText(), t));
        Set<String> revokeTried = new HashSet<>();
        actions.stream().filter(a -> a.kind() == Operator.Kind.TOKEN_REVOKE).forEach(a -> revokeTried.add(a.target()));
        Set<String> ackedAlerts = new HashSet<>();
        api.get("/api/v1/alerts?status=acknowledged&limit=1000", ADMIN_TOKEN).json().path("items")
                .forEach(a -> ackedAlerts.add(a.get("id").asText()));
        for (Operator.Action a : actions) {
            String what = a.kind() + " " + a.target() + (a.confirmed() ? " (confirmed)" : " (no answer)");
            switch (a.kind()) {
                case TOKEN_ISSUE -> {
                    if (a.confirmed()) {
                        JsonNode t = tokenById.get(a.target());
                        if (t == null || !audited.contains("token.issue token:" + a.target())) {
                            failures.add("action " + what + ": token listed " + (t != null) + ", audited "
                                    + audited.contains("token.issue token:" + a.target()));
                        } else if (!revokeTried.contains(a.target()) && whoami(api, a.secret()) != 200) {
                            failures.add("action " + what + ": the issued token does not authenticate");
                        }
                    }
                    // An issue without an answer has no id to look up: wholeness is judged over every token below.
                }
                case TOKEN_REVOKE -> {
                    JsonNode t = tokenById.get(a.target());
                    boolean revoked = t != null && t.hasNonNull("revokedAt");
                    boolean audit = audited.contains("token.revoke token:" + a.target());
                    int answer = whoami(api, a.secret());
                    if (revoked != audit || (answer == 401) != revoked || a.confirmed() && !revoked) {
                        failures.add("action " + what + ": revoked " + revoked + ", audited " + audit
                                + ", whoami answers " + answer);
                    }
                }
                case DEAD_LETTER_DISCARD -> {
                    Api.Answer d = api.get("/api/v1/dead-letters/" + a.target(), ADMIN_TOKEN);
                    boolean discarded = d.status() == 200 && "discarded".equals(d.json().path("status").asText());
                    boolean audit = audited.contains("deadletter.discard dead-letter:" + a.target());
                    if (discarded != audit || a.confirmed() && !discarded) {
                        failures.add("action " + what + ": discarded " + discarded + ", audited " + audit);
                    }
                }
                case ALERT_ACK -> {
                    boolean acked = ackedAlerts.contains(a.target());
                    boolean audit = audited.contains("alert.acknowledge alert:" + a.target());
                    if (acked != audit || a.confirmed() && !acked) {
                        failures.add("action " + what + ": acknowledged " + acked + ", audited " + audit);
                    }
                }
                case RECONCILIATION_ACCEPT, RECONCILIATION_VOID -> {
                    String action = a.kind() == Operator.Kind.RECONCILIATION_VOID ? "void" : "accept";
                    Api.Answer r = api.get("/api/v1/reconciliations/" + a.target(), ADMIN_TOKEN);
                    String status = r.status() == 200 ? r.json().at("/reconciliation/status").asText() : "?";
                    String resolvedAs = r.status() == 200 ? r.json().at("/reconciliation/resolution").asText("") : "";
                    boolean byThis = "resolved".equals(status) && resolvedAs.equals(action);
                    boolean audit = audited.contains("reconciliation.resolve." + action + " reconciliation:"
                            + a.target());
                    boolean followUp = receipts.verdicts("reconcile:" + a.target()).contains("accepted");
                    // Resolved this way: audited, and a void's event reached the cloud. Otherwise (still open, or
                    // resolved another way by a later action): no trace of this one, no void event anywhere.
                    boolean whole = byThis ? audit && (!action.equals("void") || followUp)
                            : !audit && (!action.equals("void") || !followUp);
                    if (!whole || a.confirmed() && !byThis) {
                        failures.add("action " + what + ": status " + status + ", audited " + audit
                                + ", follow-up event at the cloud " + followUp);
                    }
                }
            }
        }
        // Whole both ways: a token the node lists was audited as issued, and one audited as issued is listed.
        for (JsonNode t : tokens) {
            String id = t.get("id").asText();
            if (t.get("name").asText().startsWith("chaos-") && !audited.contains("token.issue token:" + id)) {
                failures.add("action TOKEN_ISSUE " + t.get("name").asText() + ": listed but not audited");
            }
        }
        audited.stream().filter(s -> s.startsWith("token.issue token:"))
                .map(s -> s.substring("token.issue token:".length()))
                .filter(id -> !tokenById.containsKey(id))
                .forEach(id -> failures.add("action TOKEN_ISSUE " + id + ": audited but not listed"));
    }

    /** Every audit row since the loop began as "action target". */
    private static Set<String> auditedTargets(Api api, Instant began, List<String> failures) {
        String from = URLEncoder.encode(began.minusSeconds(3600).toString(), StandardCharsets.UTF_8);
        String to = URLEncoder.encode(Instant.now().plusSeconds(3600).toString(), StandardCharsets.UTF_8);
        Api.Answer a = api.get("/api/v1/audit/export?from=" + from + "&to=" + to, ADMIN_TOKEN);
        Set<String> out = new HashSet<>();
        if (a.status() != 200) {
            failures.add("audit export answered " + a.status() + ": " + a.body());
            return out;
        }
        for (String line : a.body().split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            try {
                JsonNode row = JSON.readTree(line);
                out.add(row.path("action").asText() + " " + row.path("target").asText());
            } catch (IOException e) {
                failures.add("audit export line is not JSON: " + e.getMessage());
            }
        }
        return out;
    }

    private static void checkAudit(Api api, List<String> failures) {
        Api.Answer a = api.get("/api/v1/audit/verify", ADMIN_TOKEN);
        if (a.status() != 200 || !a.json().path("ok").asBoolean()) {
            failures.add("audit chain does not verify: " + a.status() + " " + a.body());
        }
    }

    private static int whoami(Api api, String token) {
        return api.get("/api/v1/whoami", token).status();
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
