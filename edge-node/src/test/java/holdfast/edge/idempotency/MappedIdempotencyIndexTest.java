package holdfast.edge.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import holdfast.edge.journal.JournalEntry;
import holdfast.shared.envelope.EventEnvelope;
import holdfast.shared.envelope.EventKind;
import holdfast.shared.envelope.Lane;
import holdfast.shared.envelope.Source;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MappedIdempotencyIndexTest {

    private static final Instant AT = Instant.parse("2026-11-23T08:00:00Z");

    @TempDir
    Path dir;

    @Test
    void aTableSizedForFewKeysGrowsAndStillFindsEveryKeyAcrossARestart() {
        int keys = 10_000; // the table starts with room for 1,000: it doubles several times on the way
        try (MappedIdempotencyIndex index = new MappedIdempotencyIndex(dir, 1_000)) {
            for (int batch = 0; batch < keys / 500; batch++) {
                List<JournalEntry> entries = new ArrayList<>();
                for (int i = batch * 500; i < (batch + 1) * 500; i++) {
                    entries.add(new JournalEntry(event(i), 1_000L + i));
                }
                index.appended(entries);
            }
            assertEveryKeyKnown(index, keys);
            assertThat(index.footprint().slotBytes()).isGreaterThanOrEqualTo(keys * 8L * 4 / 3);
        }
        // No slot file: the table is rebuilt from the durable records when the index opens again.
        try (MappedIdempotencyIndex reopened = new MappedIdempotencyIndex(dir, 1_000)) {
            assertEveryKeyKnown(reopened, keys);
        }
    }

    @Test
    void aKeyIsClaimedOnceAndTheSecondComerWaitsForWhatBecameOfIt() {
        try (MappedIdempotencyIndex index = new MappedIdempotencyIndex(dir, 1_000)) {
            Claim.Granted first = (Claim.Granted) index.claim("http:dev:m-1");
            Claim.Pending second = (Claim.Pending) index.claim("http:dev:m-1");
            first.released(new IllegalStateException("lane refused"));
            assertThat(second.outcome()).isCompletedExceptionally();

            Claim.Granted retry = (Claim.Granted) index.claim("http:dev:m-1");
            Claim.Pending meanwhile = (Claim.Pending) index.claim("http:dev:m-1");
            JournalEntry entry = new JournalEntry(event(1), 1_001L);
            retry.journaled(entry);
            assertThat(meanwhile.outcome().join().eventId()).isEqualTo(eventId(1));
            assertThat(index.claim("http:dev:m-1")).as("durable but not yet recorded: still covered by the claim")
                    .isInstanceOf(Claim.Pending.class);

            index.appended(List.of(entry));
            assertThat(index.claim("http:dev:m-1")).isInstanceOfSatisfying(Claim.Known.class,
                    known -> assertThat(known.event().laneSeq()).isEqualTo(2));
            assertThat(index.inFlight()).isZero();
        }
    }

    private static void assertEveryKeyKnown(MappedIdempotencyIndex index, int keys) {
        for (int i = 0; i < keys; i++) {
            Optional<KnownEvent> known = index.find("http:dev:m-" + i);
            assertThat(known).as("key %d", i).isPresent();
            assertThat(known.get().eventId()).isEqualTo(eventId(i));
            assertThat(known.get().laneSeq()).isEqualTo(i + 1);
        }
        assertThat(index.find("http:dev:never-sent")).isEmpty();
    }

    private static EventEnvelope event(int i) {
        return new EventEnvelope(eventId(i), "http:dev:m-" + i, 1, Lane.STANDARD, i + 1, EventKind.OBSERVATION,
                new Source("http", "dev", "m-" + i), "c-" + i, null, AT, AT, null, null, null);
    }

    private static String eventId(int i) {
        return String.format("0193a1c2-0000-7000-8000-%012d", i);
    }
}
