package holdfast.edge.backup;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import holdfast.edge.support.ApiClient;
import holdfast.edge.support.Readings;
import holdfast.edge.support.TestNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The offline restore's guards, on a real backup of a real node (H2 file, Chronicle journals). */
class RestoreIT {

    @TempDir
    Path tmp;

    private Path backup;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void takeBackup() {
        try (TestNode node = TestNode.start(tmp.resolve("node"), Map.of("backup.dir", tmp.resolve("backups").toString()))) {
            ApiClient api = node.api();
            for (int i = 0; i < 20; i++) {
                assertThat(api.post("/api/v1/observations", TestNode.ADMIN_TOKEN,
                        Readings.heartRate("mon-1", "m-" + i)).status()).isEqualTo(202);
            }
            ApiClient.Response r = api.post("/api/v1/backup", TestNode.ADMIN_TOKEN, "{\"label\":\"it\"}");
            assertThat(r.status()).as(r.body()).isEqualTo(201);
            JsonNode manifest = r.json().get("manifest");
            assertThat(manifest.get("lanes").get("standard").get("lastSeq").asLong()).isEqualTo(20);
            backup = Path.of(r.json().get("path").asText());
            assertThat(backup.getFileName().toString()).endsWith("-it");
            assertThat(api.post("/api/v1/backup", TestNode.ADMIN_TOKEN, "{\"label\":\"../x\"}").status()).isEqualTo(400);
        }
    }

    @Test
    void restoresIntoAFreshDataDirThatANodeThenOpens() {
        Path data = tmp.resolve("restored");
        assertThat(restore("--from", backup.toString(), "--data-dir", data.toString())).as(err()).isZero();
        assertThat(out()).contains("lane standard: events up to laneSeq 20");
        try (TestNode node = TestNode.start(data)) {
            assertThat(node.api().post("/api/v1/observations", TestNode.ADMIN_TOKEN, Readings.heartRate("mon-1", "m-7"))
                    .json().get("duplicate").asBoolean()).isTrue();
            JsonNode standard = node.api().status(TestNode.ADMIN_TOKEN).get("lanes").get(1);
            assertThat(standard.get("appended").asLong()).isEqualTo(20);
        }
    }

    @Test
    void nonEmptyDataDirIsOnlyReplacedWithForceAndIsMovedAsideNotDeleted() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("existing"));
        Files.writeString(data.resolve("keep-me"), "x");
        assertThat(restore("--from", backup.toString(), "--data-dir", data.toString())).isEqualTo(3);
        assertThat(err()).contains("is not empty");
        assertThat(data.resolve("keep-me")).exists();

        assertThat(restore("--from", backup.toString(), "--data-dir", data.toString(), "--force")).as(err()).isZero();
        assertThat(data.resolve("db/holdfast.mv.db")).exists();
        try (var siblings = Files.list(tmp)) {
            Path aside = siblings.filter(p -> p.getFileName().toString().startsWith("existing.before-restore-"))
                    .findFirst().orElseThrow();
            assertThat(aside.resolve("keep-me")).hasContent("x");
        }
    }

    @Test
    void changedFileIsRefusedBeforeAnythingIsTouched() throws Exception {
        Path journalFile;
        try (var files = Files.walk(backup.resolve("journals/standard"))) {
            journalFile = files.filter(p -> p.toString().endsWith(".cq4")).findFirst().orElseThrow();
        }
        try (var channel = java.nio.channels.FileChannel.open(journalFile, java.nio.file.StandardOpenOption.WRITE)) {
            channel.write(java.nio.ByteBuffer.wrap(new byte[] {42}), 1000);
        }
        Path data = tmp.resolve("never");
        assertThat(restore("--from", backup.toString(), "--data-dir", data.toString())).isEqualTo(4);
        assertThat(err()).contains("differs from the manifest");
        assertThat(data).doesNotExist();
    }

    @Test
    void runningNodeBlocksTheRestore() {
        Path data = tmp.resolve("busy");
        try (TestNode running = TestNode.start(data)) {
            assertThat(restore("--from", backup.toString(), "--data-dir", data.toString(), "--force")).isEqualTo(3);
            assertThat(err()).contains("a node is running on");
        }
    }

    @Test
    void missingManifestIsNotABackup() {
        assertThat(restore("--from", tmp.toString(), "--data-dir", tmp.resolve("d").toString())).isEqualTo(4);
        assertThat(err()).contains("manifest.json is missing");
    }

    private int restore(String... args) {
        return RestoreMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
