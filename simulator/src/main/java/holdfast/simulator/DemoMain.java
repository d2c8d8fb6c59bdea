package holdfast.simulator;

import holdfast.edge.EdgeNode;
import holdfast.edge.config.ConfigLoader;
import holdfast.edge.ingest.mqtt.MqttSettings;
import holdfast.shared.api.LaneStatus;
import holdfast.shared.api.NodeStatus;
import holdfast.simulator.cloud.FaultPlan;
import holdfast.simulator.cloud.ReferenceCloud;
import holdfast.simulator.devices.MqttDeviceSimulator;
import holdfast.simulator.devices.SimulatorOptions;
import holdfast.simulator.hl7.Hl7Feed;
import holdfast.simulator.http.HttpDevices;
import holdfast.simulator.fhir.FhirServer;
import holdfast.simulator.kafka.KafkaBroker;
import io.helidon.config.Config;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * {@code ./holdfast demo}: the whole system on loopback — the reference cloud, an edge node (with its embedded
 * MQTT broker) over {@code ./data/demo} syncing to it, simulated bedside monitors over MQTT and HTTP, an HL7
 * feed, and the desktop console when there is a display — with a status line every few seconds. Typed
 * commands cut and restore the cloud link or inject faults. Ctrl-C (or {@code quit}) stops everything
 * cleanly; {@code --seconds N} stops by itself. {@code --upstream kafka} or {@code --upstream fhir} syncs into a
 * Kafka broker or a HAPI FHIR R4 server the demo starts instead of the reference cloud.
 */
public final class DemoMain {

    private static final String CLOUD_TOKEN = "demo-cloud-token";
    private static final String FAULTS = java.util.Arrays.stream(FaultPlan.Mode.values())
            .map(m -> m.name().toLowerCase(java.util.Locale.ROOT)).collect(Collectors.joining("|"));
    private static final String CLOUD_HELP = """
              commands (type one and Enter; help shows this again):
                cut                       stop the cloud: the node goes DEGRADED and keeps everything
                restore                   start it again: the critical lane drains first
                fault <%s>
                                          the cloud misbehaves that way (none: behaves again)
                conflict <bed> <patient>  the cloud believes <patient> is in <bed>: readings become reconciliations
                census-ok                 the cloud's census is right again (then resolve with resend)
                quit                      stop the demo""".formatted(FAULTS);
    private static final String KAFKA_HELP = """
              commands (type one and Enter; help shows this again):
                cut        stop the Kafka broker: the node goes DEGRADED and keeps everything
                restore    start it again over the same data: the critical lane drains first
                quit       stop the demo""";

    private DemoMain() {
    }

    public static void main(String[] args) {
        try {
            run(args);
        } catch (Exception e) {
            // A newcomer's first run: say what stopped it in words (a port in use, a bad setting), not a trace.
            StringBuilder why = new StringBuilder(String.valueOf(e.getMessage()));
            for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
                if (c.getMessage() != null && !why.toString().contains(c.getMessage())) {
                    why.append(": ").append(c.getMessage());
                }
            }
            System.err.println("demo: cannot start: " + why);
            System.err.println("      (a port in use? another node or demo may be running; ports are set in"
                    + " config/edge-node.yaml or by HOLDFAST_HTTP_PORT, HOLDFAST_MLLP_PORT, ...)");
            System.exit(1);
        }
    }

    private static void run(String[] args) throws Exception {
        int seconds = intArg(args, "--seconds", 0);
        Path dataDir = Path.of(System.getenv().getOrDefault("HOLDFAST_DATA_DIR", "data/demo")).toAbsolutePath();
        Files.createDirectories(dataDir);
        java.util.Optional<java.nio.channels.FileLock> demoLock = DemoLock.take(dataDir);
        if (demoLock.isEmpty()) {
            System.err.println("demo: a Holdfast demo is already running with its data in " + dataDir + ".");
            System.err.println("      Use that one (its terminal shows the address), or stop it there (Ctrl-C or quit)"
                    + " and start again.");
            System.exit(3);
        }
        Deque<AutoCloseable> running = new ArrayDeque<>();
        running.push(() -> demoLock.get().channel().close()); // last to go: held while anything runs
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.countDown();
            closeAll(running);
        }, "demo-shutdown"));

        Map<String, String> overrides = new HashMap<>();
        overrides.put("node.data-dir", dataDir.toString());
        // The canary proves every ingest path into the cloud; more often than a ward's 60 s so the demo shows it.
        overrides.put("canary.interval-seconds", System.getenv().getOrDefault("HOLDFAST_CONFIG_CANARY__INTERVAL_SECONDS",
                "15"));
        AtomicReference<ReferenceCloud> cloud = new AtomicReference<>();
        String upstream = textArg(args, "--upstream", "cloud");
        if (!List.of("cloud", "kafka", "fhir").contains(upstream)) {
            System.err.println("demo: --upstream cloud|kafka|fhir (got '" + upstream + "')");
            System.exit(2);
        }
        AtomicReference<KafkaBroker> kafka = new AtomicReference<>();
        boolean ownCloud = "cloud".equals(upstream)
                && System.getenv().getOrDefault("HOLDFAST_UPSTREAM_URL", "").isBlank();
        if ("kafka".equals(upstream)) {
            // A fresh broker per run: the node's own journal and cursors persist, Kafka starts empty.
            Path kafkaDir = dataDir.resolveSibling(dataDir.getFileName() + "-kafka");
            deleteTree(kafkaDir);
            kafka.set(KafkaBroker.start(kafkaDir));
            running.push(() -> Optional.ofNullable(kafka.get()).ifPresent(KafkaBroker::close));
            overrides.put("upstream.url", kafka.get().url());
        }
        FhirServer fhir = null;
        if ("fhir".equals(upstream)) {
            System.out.println("demo: starting a HAPI FHIR R4 server (its own JVM; 20-40 s)...");
            Path fhirDir = dataDir.resolveSibling(dataDir.getFileName() + "-fhir");
            deleteTree(fhirDir);
            fhir = FhirServer.start(fhirDir);
            running.push(fhir);
            // The simulated hospital's FHIR server knows its patients, as a site's does: the HL7 feed's admissions
            // for the next half hour (bed N, stay S: patient SIM-N-S, encounter ENC-N-S).
            fhir.seedFeedPatients(4, 150);
            overrides.put("upstream.url", fhir.upstreamUrl());
        }
        if (ownCloud) {
            cloud.set(ReferenceCloud.start(0, dataDir.resolveSibling(dataDir.getFileName() + "-cloud"), CLOUD_TOKEN));
            running.push(() -> Optional.ofNullable(cloud.get()).ifPresent(ReferenceCloud::close));
            overrides.put("upstream.url", cloud.get().url());
            overrides.put("upstream.token", CLOUD_TOKEN);
        }
        Path yaml = Path.of("config", "edge-node.yaml");
        Config config = ConfigLoader.load(Files.isRegularFile(yaml) ? yaml : null, System.getenv(), overrides);
        EdgeNode node = EdgeNode.start(config, Clock.systemUTC());
        running.push(node);
        String base = "http://127.0.0.1:" + node.httpPort();
        String admin = adminToken(dataDir);

        running.push(new HttpDevices(base, admin, 2, 1.0, 42).start());
        MqttSettings mqtt = MqttSettings.from(config.get("mqtt"));
        if (mqtt.enabled()) {
            // Provisioned as a site would: a device token per monitor (the embedded broker refuses anonymous ones).
            running.push(MqttDeviceSimulator.start(new SimulatorOptions(mqtt.url(), 8, 1, 42, 0.01, 0.02, 0.005,
                    Duration.ZERO, base, admin)));
        }
        if (node.mllpPort() > 0) {
            Hl7Feed feed = new Hl7Feed(node.mllpPort());
            feed.start();
            running.push(feed);
        }

        System.out.println();
        System.out.println("Holdfast demo is running (Ctrl-C or 'quit' stops it).");
        System.out.println("  edge node   " + base + "   data: " + dataDir);
        System.out.println("  admin token " + dataDir.resolve("admin-token") + "  (export T=$(cat "
                + dataDir.resolve("admin-token") + "))");
        System.out.println("  try         curl -s -H \"Authorization: Bearer $T\" " + base + "/api/v1/status");
        System.out.println("  cloud       " + (ownCloud ? "reference cloud at " + cloud.get().url()
                : kafka.get() != null ? "Kafka broker (KRaft) at " + kafka.get().url() + ", topic holdfast-events"
                : fhir != null ? "HAPI FHIR R4 server at " + fhir.base() + " (try " + fhir.base()
                        + "/Observation?_sort=-_lastUpdated)"
                : "external: " + System.getenv("HOLDFAST_UPSTREAM_URL")));
        System.out.println("  devices     2 over HTTP" + (mqtt.enabled() ? ", 8 over MQTT via " + mqtt.url() : " (MQTT off)"));
        System.out.println("  HL7 feed    " + (node.mllpPort() > 0
                ? "ADT, ORU and DFT over MLLP to 127.0.0.1:" + node.mllpPort() : "off (MLLP disabled)"));
        System.out.println("  metrics     " + base + "/observe/metrics   health: " + base + "/observe/health");
        System.out.println("  canary      every " + config.get("canary.interval-seconds").asString().orElse("60")
                + " s through http, mqtt, hl7 (status: .canary; the cloud counts canaries apart)");
        consoleIfDisplay(base, admin).ifPresent(running::push);
        if (ownCloud) {
            System.out.println(CLOUD_HELP);
            int cloudPort = cloud.get().port();
            Path cloudDir = dataDir.resolveSibling(dataDir.getFileName() + "-cloud");
            Thread.ofVirtual().name("demo-commands").start(() -> commands(cloud, cloudPort, cloudDir, stop,
                    () -> node.status().status()));
        }
        if (kafka.get() != null) {
            System.out.println(KAFKA_HELP);
            Thread.ofVirtual().name("demo-commands").start(() -> kafkaCommands(kafka, stop));
        }
        System.out.println();

        long deadline = seconds > 0 ? System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds) : Long.MAX_VALUE;
        while (!stop.await(5, TimeUnit.SECONDS) && System.nanoTime() < deadline) {
            System.out.println(line(node.status().status()));
        }
        System.exit(0);
    }

    /** Reads typed commands that break and mend the cloud link, so the node's reaction can be watched. */
    private static void commands(AtomicReference<ReferenceCloud> cloud, int port, Path dir, CountDownLatch stop,
                                 java.util.function.Supplier<NodeStatus> status) {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try {
            String line;
            while ((line = in.readLine()) != null) {
                String[] words = line.trim().split("\\s+");
                try {
                    switch (words[0]) {
                        case "cut" -> {
                            ReferenceCloud c = cloud.getAndSet(null);
                            if (c != null) {
                                c.close();
                            }
                            System.out.println("cloud stopped: watch the node go DEGRADED and buffer");
                        }
                        case "restore" -> {
                            if (cloud.get() == null) {
                                cloud.set(ReferenceCloud.start(port, dir, CLOUD_TOKEN));
                            }
                            cloud.get().faults(FaultPlan.none());
                            System.out.println("cloud back: watch the critical lane drain first");
                            Thread.ofVirtual().name("demo-drain-watch").start(() -> watchDrain(status));
                        }
                        case "fault" -> {
                            FaultPlan.Mode mode = words.length == 2 ? faultMode(words[1]) : null;
                            if (mode == null) {
                                System.out.println("usage: fault <" + FAULTS + ">   e.g. fault busy");
                            } else if (cloud.get() == null) {
                                System.out.println("the cloud is cut: type restore first");
                            } else {
                                cloud.get().faults(FaultPlan.of(mode).retryAfter(5).delay(3000));
                                System.out.println("cloud now answers: " + words[1]);
                            }
                        }
                        case "conflict" -> {
                            if (words.length != 3) {
                                System.out.println("usage: conflict <bed> <patientId>   e.g. conflict ICU-3 P777");
                            } else if (cloud.get() == null) {
                                System.out.println("the cloud is cut: type restore first");
                            } else {
                                cloud.get().census(Map.of(words[1], words[2]), List.of());
                                System.out.println("cloud now believes " + words[1] + " holds " + words[2]
                                        + ": readings from that bed become reconciliations");
                            }
                        }
                        case "census-ok" -> {
                            if (cloud.get() == null) {
                                System.out.println("the cloud is cut: type restore first");
                            } else {
                                cloud.get().census(Map.of(), List.of());
                                System.out.println("cloud's census is right again: resolve the reconciliations"
                                        + " with resend (console: Reconciliations, a group, Resolve group)");
                            }
                        }
                        case "help", "?" -> System.out.println(CLOUD_HELP);
                        case "quit", "exit" -> stop.countDown();
                        case "" -> { }
                        default -> System.out.println("unknown command '" + words[0] + "': type help for the list");
                    }
                } catch (RuntimeException e) {
                    System.out.println("command failed: " + e.getMessage());
                }
            }
        } catch (IOException e) {
            // stdin closed: the demo runs on without commands
        }
    }

    /** {@code cut} stops the broker, {@code restore} starts it again over the same data and ports. */
    private static void kafkaCommands(AtomicReference<KafkaBroker> kafka, CountDownLatch stop) {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try {
            String line;
            KafkaBroker stopped = null;
            while ((line = in.readLine()) != null) {
                try {
                    switch (line.trim()) {
                        case "cut" -> {
                            KafkaBroker b = kafka.getAndSet(null);
                            if (b != null) {
                                b.close();
                                stopped = b;
                            }
                            System.out.println("Kafka stopped: watch the node go DEGRADED and buffer");
                        }
                        case "restore" -> {
                            if (stopped != null) {
                                kafka.set(stopped.restart());
                                stopped = null;
                            }
                            System.out.println("Kafka back: watch the critical lane drain first, each batch one "
                                    + "transaction");
                        }
                        case "help", "?" -> System.out.println(KAFKA_HELP);
                        case "quit", "exit" -> stop.countDown();
                        case "" -> { }
                        default -> System.out.println("unknown command '" + line.trim()
                                + "': type help for the list");
                    }
                } catch (Exception e) {
                    System.out.println("command failed: " + e.getMessage());
                }
            }
        } catch (IOException e) {
            // stdin closed: the demo runs on without commands
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static String textArg(String[] args, String name, String defaultValue) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return defaultValue;
    }

    /** Opens the desktop console in its own JVM when there is a display to show it on. */
    private static Optional<AutoCloseable> consoleIfDisplay(String base, String token) throws IOException {
        Path jar = Path.of("desktop-console", "target", "holdfast-desktop-console.jar");
        boolean display = System.getenv("DISPLAY") != null || System.getenv("WAYLAND_DISPLAY") != null;
        if (!display || !Files.isRegularFile(jar)) {
            System.out.println("  console     not started (" + (display ? jar + " missing" : "no display")
                    + "); on a desktop: ./holdfast console --url " + base + " --token $T");
            return Optional.empty();
        }
        Process console = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                "--enable-native-access=ALL-UNNAMED", "-cp", jar.toString(), "holdfast.console.ConsoleMain",
                "--name", "demo node", "--url", base, "--token", token).inheritIO().start();
        System.out.println("  console     started (pid " + console.pid() + ")");
        return Optional.of(console::destroy);
    }

    /** After a restore: when each lane's backlog of that moment is empty, so the order is plain to see. */
    private static void watchDrain(java.util.function.Supplier<NodeStatus> status) {
        long start = System.nanoTime();
        long deadline = start + TimeUnit.MINUTES.toNanos(2);
        Map<String, Long> held = new java.util.LinkedHashMap<>();
        status.get().lanes().forEach(l -> held.put(l.name(), l.appended()));
        java.util.Set<String> done = new java.util.HashSet<>();
        List<String> order = new java.util.ArrayList<>();
        while (done.size() < held.size() && System.nanoTime() < deadline) {
            NodeStatus s = status.get();
            for (LaneStatus l : s.lanes()) {
                if (!done.contains(l.name()) && l.synced() >= held.getOrDefault(l.name(), 0L)) {
                    done.add(l.name());
                    order.add(String.format("%s %.1f s", l.name(), (System.nanoTime() - start) / 1e9));
                }
            }
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100)); // sampling
        }
        System.out.println("backlog of the outage sent, lane by lane: " + String.join(", ", order));
    }

    private static FaultPlan.Mode faultMode(String word) {
        try {
            return FaultPlan.Mode.parse(word);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** One status line, every count labelled: what the lanes hold and wait to send, and what waits for a person. */
    static String line(NodeStatus s) {
        String lanes = s.lanes().stream().map(DemoMain::lane).collect(Collectors.joining(" | "));
        String attention = s.attention() == null ? "" : String.format(
                " | alerts open %d (escalated %d) | operator alerts open %d | devices silent %d",
                s.attention().alertsOpen(), s.attention().alertsEscalated(), s.attention().operatorAlertsOpen(),
                s.attention().devicesSilent());
        return String.format("[%s] %s | %s | reconciliations open %d | dead letters open %d%s%s",
                java.time.ZonedDateTime.now().withNano(0).format(java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss z")),
                s.mode(), lanes, s.reconciliations().open(), s.deadLetters().open(), attention, canary(s));
    }

    /** The canary's last proof per path: ingest to durable / durable to accepted. */
    private static String canary(NodeStatus s) {
        if (s.canary() == null) {
            return "";
        }
        return " | canary (to disk / to cloud) " + s.canary().paths().entrySet().stream().map(e -> e.getKey() + " "
                + ms(e.getValue().ingestToDurableMs()) + " / " + ms(e.getValue().durableToAcceptedMs()))
                .collect(Collectors.joining(", "));
    }

    private static String ms(Long value) {
        return value == null ? "-" : value + " ms";
    }

    private static String lane(LaneStatus l) {
        return l.name() + " " + l.appended() + " events, " + l.backlog() + " waiting";
    }

    private static String adminToken(Path dataDir) throws IOException {
        String configured = System.getenv("HOLDFAST_ADMIN_TOKEN");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        return Files.readString(dataDir.resolve("admin-token")).trim();
    }

    private static void closeAll(Deque<AutoCloseable> running) {
        while (!running.isEmpty()) {
            try {
                running.pop().close();
            } catch (Exception e) {
                System.err.println("demo: while stopping: " + e);
            }
        }
    }

    private static int intArg(String[] args, String name, int defaultValue) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return defaultValue;
    }
}
