package holdfast.edge.canary;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import holdfast.edge.ingest.IngestRequest;
import holdfast.shared.envelope.EventKind;
import holdfast.shared.envelope.Source;
import holdfast.shared.envelope.Subject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CanaryHookTest {

    private static final String PROBE = "0193a1c2-7f3e-4b1a-9c2d-5e6f7a8b9c0d";
    private static final Subject BED = new Subject("P1", "E1", "ICU", "ICU-3", "mon-07");

    @TempDir
    Path tmp;

    private final CanaryMark mark = new CanaryMark("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8));
    private final List<String> durable = new ArrayList<>();
    private final CanaryHook hook = new CanaryHook(mark, "edge-1", e -> durable.add(e.payload().path("probeId").asText()));

    @Test
    void aMarkedReadingBecomesACanaryWithoutSubject() {
        IngestRequest r = hook.beforeJournal(reading("http", CanaryMark.SENDER, mark.messageId("http", PROBE)));

        assertThat(r.kind()).isEqualTo(EventKind.CANARY);
        assertThat(r.subject()).isEqualTo(Subject.NONE);
        assertThat(r.payload().path("path").asText()).isEqualTo("http");
        assertThat(r.payload().path("probeId").asText()).isEqualTo(PROBE);
    }

    @Test
    void aForgedOrBorrowedMarkStaysAClinicalReading() {
        String forged = "canary-http-" + PROBE + "-0123456789abcdef";
        String otherPath = mark.messageId("mqtt", PROBE);
        String otherKey = new CanaryMark(new byte[32]).messageId("http", PROBE);

        for (IngestRequest r : List.of(reading("http", CanaryMark.SENDER, forged),
                reading("http", CanaryMark.SENDER, otherPath), reading("http", CanaryMark.SENDER, otherKey),
                reading("http", "mon-07", mark.messageId("http", PROBE)))) {
            IngestRequest after = hook.beforeJournal(r);
            assertThat(after.kind()).as(r.source().toString()).isEqualTo(EventKind.OBSERVATION);
            assertThat(after.subject()).isEqualTo(BED);
        }
    }

    @Test
    void theKeyOutlivesARestartAndIsPrivate() throws Exception {
        Path file = tmp.resolve("canary.key");
        String id = CanaryMark.load(file).messageId("hl7", PROBE);

        assertThat(CanaryMark.load(file).read("hl7", CanaryMark.SENDER, id)).isPresent();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    private static IngestRequest reading(String channel, String sender, String messageId) {
        return new IngestRequest(channel + ":" + sender + ":" + messageId, EventKind.OBSERVATION,
                new Source(channel, sender, messageId), "c-1", null, Instant.EPOCH, BED,
                JsonNodeFactory.instance.objectNode(), null, null);
    }
}
