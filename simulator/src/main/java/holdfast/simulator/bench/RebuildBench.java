package holdfast.simulator.bench;

import holdfast.edge.EdgeNode;
import holdfast.edge.config.ConfigLoader;
import holdfast.edge.journal.AppendListener;
import holdfast.edge.journal.ChronicleJournal;
import holdfast.edge.journal.JournalEntry;
import holdfast.edge.journal.JournalSettings;
import holdfast.edge.journal.LaneJournals;
import holdfast.edge.projection.JournalPass;
import holdfast.shared.envelope.EnvelopeCodec;
import holdfast.shared.envelope.EventEnvelope;
import holdfast.shared.envelope.EventKind;
import holdfast.shared.envelope.Lane;
import holdfast.shared.envelope.Raw;
import holdfast.shared.envelope.Source;
import holdfast.shared.envelope.Subject;
import holdfast.shared.envelope.UuidV7Generator;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * {@code ./holdfast bench rebuild [--events 1000000] [--dead-letters 500]}: how long a node holding a million
 * journaled events takes to start, (1) the first time, with no database at all (every projection and the
 * idempotency index built from the lanes), (2) with its database intact, (3) after its database file was damaged
 * (moved aside, state replayed from the control journal, index rebuilt from the lanes). The baseline, measured in
 * the same run, is one bare read of every lane.
 */
final class RebuildBench {

    private static final String TOKEN = "hf_bench-admin-token-0123456789";

    private RebuildBench() {
    }

    public static void main(String[] args) throws Exception {
        BenchArgs options = new BenchArgs(args);
        int events = options.integer("events", 1_000_000);
        int deadLetters = options.integer("dead-letters", 500);
        Path root = Files.createTempDirectory("holdfast-rebuild-bench");
        try {
            run(root, events, deadLetters);
        } finally {
            DataDirs.delete(root); // a million events and a database: gigabytes in the temp directory
        }
    }

    private static void run(Path root, int events, int deadLetters) throws Exception {
        Path dataDir = root.resolve("node");
        System.out.printf("rebuild bench: %,d events in the lanes, %,d dead letters, data in %s%n", events,
                deadLetters, root);

        long t0 = System.nanoTime();
        fill(dataDir, events);
        System.out.printf("  lanes written directly:                     %6.1f s%n", seconds(t0));

        long bare = System.nanoTime();
        long read;
        try (LaneJournals journals = open(dataDir)) {
            read = JournalPass.run(journals, List.of()).entries();
        }
        double bareSeconds = seconds(bare);
        System.out.printf("  baseline, one bare read of every lane:      %6.1f s (%,d entries)%n", bareSeconds, read);

        double first = timedStart(dataDir, node -> addState(node, deadLetters));
        System.out.printf("  first start, no database (all from lanes):  %6.1f s (ratio to the bare read %.1f)%n",
                first, first / bareSeconds);
        double intact = timedStart(dataDir, node -> { });
        System.out.printf("  start, database intact:                     %6.1f s%n", intact);

        damage(dataDir.resolve("db").resolve("holdfast.mv.db"));
        double[] letters = new double[1];
        double rebuilt = timedStart(dataDir, node -> letters[0] = openDeadLetters(node));
        System.out.printf("  start after the database file was damaged:  %6.1f s (ratio to the bare read %.1f); "
                + "dead letters afterwards %d of %d%n", rebuilt, rebuilt / bareSeconds, (long) letters[0], deadLetters);
        System.out.printf("  target: under 60 s for 1,000,000 events: %s%n", rebuilt < 60 ? "met" : "MISSED");
    }

    private interface WithNode {
        void accept(EdgeNode node) throws Exception;
    }

    private static double timedStart(Path dataDir, WithNode then) throws Exception {
        Map<String, String> config = holdfast.simulator.LoopbackNodeConfig.overrides(dataDir, TOKEN);
        long started = System.nanoTime();
        try (EdgeNode node = EdgeNode.start(ConfigLoader.load(null, Map.of(), config), Clock.systemUTC())) {
            double took = seconds(started);
            then.accept(node);
            return took;
        }
    }

    private static void addState(EdgeNode node, int deadLetters) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (int i = 0; i < deadLetters; i++) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort()
                            + "/api/v1/observations")).header("Authorization", "Bearer " + TOKEN)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{not json " + i)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 400) {
                throw new IllegalStateException("bad input answered " + r.statusCode());
            }
        }
    }

    private static double openDeadLetters(EdgeNode node) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + node.httpPort() + "/api/v1/status")).header("Authorization", "Bearer " + TOKEN)
                .build(), HttpResponse.BodyHandlers.ofString());
        var status = new EnvelopeCodec().mapper().readTree(r.body());
        return status.path("deadLetters").path("open").asDouble();
    }

    private static LaneJournals open(Path dataDir) {
        Map<Lane, ChronicleJournal> lanes = new EnumMap<>(Lane.class);
        for (Lane lane : Lane.values()) {
            lanes.put(lane, ChronicleJournal.open(lane, dataDir.resolve("journals").resolve(lane.wireName()),
                    JournalSettings.defaults(), new EnvelopeCodec(), AppendListener.NONE));
        }
        return new LaneJournals(lanes);
    }

    /** Readings spread over the lanes as a ward's day would: a tenth critical, a fifth batch. */
    private static void fill(Path dataDir, int events) throws IOException {
        Files.createDirectories(dataDir);
        EnvelopeCodec codec = new EnvelopeCodec();
        UuidV7Generator ids = new UuidV7Generator();
        try (LaneJournals journals = open(dataDir)) {
            List<CompletableFuture<JournalEntry>> inFlight = new ArrayList<>();
            for (int i = 0; i < events; i++) {
                Lane lane = i % 10 == 0 ? Lane.CRITICAL : i % 5 == 1 ? Lane.BATCH : Lane.STANDARD;
                inFlight.add(journals.of(lane).append(envelope(codec, ids, lane, i)));
                if (inFlight.size() == 4_000) {
                    inFlight.forEach(CompletableFuture::join);
                    inFlight.clear();
                }
            }
            inFlight.forEach(CompletableFuture::join);
        }
    }

    private static EventEnvelope envelope(EnvelopeCodec codec, UuidV7Generator ids, Lane lane, int i) {
        String device = "mon-" + (i % 400);
        byte[] body = ("{\"messageId\":\"m-" + i + "\",\"deviceId\":\"" + device + "\",\"bed\":\"ICU-" + (i % 400)
                + "\",\"observedAt\":\"2026-01-01T00:00:00Z\",\"observations\":[{\"code\":\"8867-4\","
                + "\"system\":\"http://loinc.org\",\"value\":72,\"unit\":\"/min\"}]}").getBytes(StandardCharsets.UTF_8);
        try {
            return new EventEnvelope(ids.nextString(), "http:" + device + ":m-" + i, 1, lane, 0,
                    EventKind.OBSERVATION, new Source("http", device, "m-" + i), ids.nextString(), null,
                    Instant.now(), Instant.now(), new Subject(null, null, "ICU", "ICU-" + (i % 400), device),
                    codec.mapper().readTree(body), Raw.of("application/json", body));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void damage(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        for (int i = 0; i < bytes.length; i += 97) {
            bytes[i] = (byte) ~bytes[i];
        }
        Files.write(file, bytes);
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

}
