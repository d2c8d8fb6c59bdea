package holdfast.edge.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IsoInstantsTest {

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-23T08:00:00Z", "2026-11-23T08:00:00.000Z", "2026-11-23T08:00:00.1Z",
        "2024-02-29T23:59:59.123456789Z", "1999-12-31T00:00:00.5Z", "2026-11-23T09:00:00+01:00",
        "2026-11-23T08:00:00.250-05:30"})
    void agreesWithTheJdkParser(String text) {
        assertThat(IsoInstants.parse(text)).isEqualTo(OffsetDateTime.parse(text).toInstant());
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z", "2026-11-23T24:00:00Z",
        "2026-11-23T08:00:00", "2026-11-23 08:00:00Z", "yesterday",
        "2026-11-23T08:0a:00Z", "2026-11-23T08:00:00.1234567890Z"})
    void refusesWhatTheJdkParserRefuses(String text) {
        assertThatThrownBy(() -> IsoInstants.parse(text)).isInstanceOf(DateTimeParseException.class);
        assertThatThrownBy(() -> OffsetDateTime.parse(text)).isInstanceOf(DateTimeParseException.class);
    }

    @org.junit.jupiter.api.Test
    void keepsSubSecondPrecision() {
        assertThat(IsoInstants.parse("2026-11-23T08:00:00.004Z")).isEqualTo(Instant.parse("2026-11-23T08:00:00.004Z"));
    }
}
