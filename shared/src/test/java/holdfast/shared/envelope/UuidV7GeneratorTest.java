package holdfast.shared.envelope;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class UuidV7GeneratorTest {

    @Test
    void idsAreVersion7WithTheClockTimestamp() {
        Instant now = Instant.parse("2026-11-23T08:00:00Z");
        UUID id = new UuidV7Generator(Clock.fixed(now, ZoneOffset.UTC)).next();
        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(now.toEpochMilli());
    }

    @Test
    void idsFromOneMillisecondStillSortInCreationOrder() {
        UuidV7Generator ids = new UuidV7Generator(Clock.fixed(Instant.parse("2026-11-23T08:00:00Z"), ZoneOffset.UTC));
        List<String> made = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            made.add(ids.nextString());
        }
        assertThat(made).isSorted().doesNotHaveDuplicates();
    }
}
