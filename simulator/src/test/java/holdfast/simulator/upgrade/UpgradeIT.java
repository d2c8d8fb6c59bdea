package holdfast.simulator.upgrade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import holdfast.simulator.cloud.CloudStore;
import holdfast.simulator.cloud.ReferenceCloud;
import holdfast.simulator.support.ChildEdge;
import holdfast.simulator.support.NodeClient;
import holdfast.simulator.support.Readings;
import holdfast.simulator.support.SyncNodes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Upgrade from the previous release: the data dir a node of release 326faa6 left behind (database at schema V3,
 * lane journals it wrote, part of them synced, a dead letter; see {@code upgrade/README.md}) is started by the
 * current packaged node. Migrations run at start, the old journals are read (envelope schemaVersion 1), the
 * counters carry over, and the buffered events, only those, are synced.
 */
class UpgradeIT {

    private static final String RELEASE = "release-326faa6";
    private static final Path MIGRATIONS = Path.of("..", "edge-node", "src", "main", "resources", "db", "migration");

    @TempDir
    Path tmp;

    @Test
    void nodeStartsOnThePreviousReleasesDataMigratesAndSyncsOnlyWhatWasBuffered() throws Exception {
        JsonNode fixture = new ObjectMapper().readTree(resource("fixture.json"));
        Path data = tmp.resolve("node");
        unzip(resource("data.zip"), data);
        Map<String, Long> appended = new HashMap<>();
        long buffered = 0;
        for (JsonNode lane : fixture.get("lanes")) {
            appended.put(lane.get("name").asText(), lane.get("appended").asLong());
            buffered += lane.get("appended").asLong() - lane.get("synced").asLong();
        }
        assertThat(buffered).as("the fixture left events to sync").isPositive();

        try (ReferenceCloud cloud = ReferenceCloud.start(0, tmp.resolve("cloud"), SyncNodes.CLOUD_TOKEN);
             ChildEdge node = ChildEdge.start(data, Map.of(
                     "HOLDFAST_NODE_ID", fixture.get("nodeId").asText(),
                     "HOLDFAST_UPSTREAM_URL", cloud.url(),
                     "HOLDFAST_UPSTREAM_TOKEN", SyncNodes.CLOUD_TOKEN,
                     "HOLDFAST_CONFIG_BACKUP__DIR", tmp.resolve("backups").toString()))) {
            NodeClient api = node.api();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
                    api.status().get("lanes").findValues("backlog").stream().allMatch(b -> b.asLong() == 0));
            for (JsonNode lane : api.status().get("lanes")) {
                String name = lane.get("name").asText();
                assertThat(lane.get("appended").asLong()).as(name + " appended carried over").isEqualTo(appended.get(name));
                assertThat(lane.get("synced").asLong()).as(name + " synced").isEqualTo(appended.get(name));
            }
            assertThat(api.status().get("deadLetters").get("open").asLong())
                    .isEqualTo(fixture.get("deadLetters").get("open").asLong());

            // Only what the previous release had not synced went up: its cursors in the old database held.
            assertThat(cloud.store().acceptedCount()).isEqualTo(buffered);
            assertThat(cloud.store().accepted(null)).extracting(CloudStore.AcceptedEvent::idempotencyKey)
                    .noneMatch(key -> key.matches(".*-m[0-9]$")); // m0..m9 of each device were synced before

            // Migrations ran: the schema is the newest this release ships, and features on new tables answer.
            NodeClient.Response backup = api.post("/api/v1/backup", NodeClient.ADMIN_TOKEN, "{}");
            assertThat(backup.status()).as(backup.body()).isEqualTo(201);
            assertThat(backup.json().get("manifest").get("schemaVersion").asText()).isEqualTo(newestMigration());
            assertThat(api.get("/api/v1/alerts?status=all", NodeClient.ADMIN_TOKEN).status()).isEqualTo(200);

            // The old events are known (the idempotency index covers the old journals): a resend is a duplicate.
            NodeClient.Response again = api.post("/api/v1/observations", NodeClient.ADMIN_TOKEN,
                    Readings.reading("prev-crit", "prev-crit-m3", "ICU-1", "critical"));
            assertThat(again.status()).as(again.body()).isEqualTo(200);
            assertThat(again.json().get("duplicate").asBoolean()).isTrue();
            // New events continue the old lanes' laneSeq.
            NodeClient.Response fresh = api.post("/api/v1/observations", NodeClient.ADMIN_TOKEN,
                    Readings.reading("new-crit", "new-crit-m1", "ICU-1", "critical"));
            assertThat(fresh.status()).as(fresh.body()).isEqualTo(202);
            assertThat(api.lane("critical").get("appended").asLong()).isEqualTo(appended.get("critical") + 1);
            long expected = buffered + 1;
            await().atMost(Duration.ofSeconds(30)).until(() -> cloud.store().acceptedCount() == expected);
        }
    }

    private static String newestMigration() throws IOException {
        Pattern version = Pattern.compile("V(\\d+)__.*\\.sql");
        try (Stream<Path> files = Files.list(MIGRATIONS)) {
            return String.valueOf(files.map(f -> version.matcher(f.getFileName().toString()))
                    .filter(Matcher::matches).mapToInt(m -> Integer.parseInt(m.group(1))).max().orElseThrow());
        }
    }

    private static InputStream resource(String name) {
        InputStream in = UpgradeIT.class.getResourceAsStream("/upgrade/" + RELEASE + "/" + name);
        if (in == null) {
            throw new IllegalStateException("fixture upgrade/" + RELEASE + "/" + name + " is missing");
        }
        return in;
    }

    private static void unzip(InputStream zip, Path into) throws IOException {
        try (ZipInputStream z = new ZipInputStream(zip)) {
            ZipEntry entry;
            while ((entry = z.getNextEntry()) != null) {
                Path target = into.resolve(entry.getName()).normalize();
                if (!target.startsWith(into)) {
                    throw new IOException("zip entry outside the target: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(z, target);
                }
            }
        }
    }
}
