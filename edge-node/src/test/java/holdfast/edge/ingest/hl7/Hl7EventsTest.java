package holdfast.edge.ingest.hl7;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import holdfast.edge.config.ConfigLoader;
import holdfast.edge.config.SettingsException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Keys, content hashes, timestamps, charsets and settings of the HL7 channel. */
class Hl7EventsTest {

    @Test
    void keyUsesFirstComponentsAndEscapesColons() {
        assertThat(Hl7Events.key("LAB", "GEN:HOSP", "C:1")).isEqualTo("hl7:LAB:GEN%3AHOSP:C%3A1");
    }

    @Test
    void contentHashIgnoresMsh7AndLineEndingsButNothingElse() {
        String a = Hl7Events.normalise("MSH|^~\\&|A|B|||20261123080000||ADT^A08|1|P|2.5\rPID|1||P1\r");
        String restamped = Hl7Events.normalise("MSH|^~\\&|A|B|||20261124090000||ADT^A08|1|P|2.5\nPID|1||P1\n");
        String changed = Hl7Events.normalise("MSH|^~\\&|A|B|||20261123080000||ADT^A08|1|P|2.5\rPID|1||P2\r");
        assertThat(Hl7Events.contentHash(restamped)).isEqualTo(Hl7Events.contentHash(a));
        assertThat(Hl7Events.contentHash(changed)).isNotEqualTo(Hl7Events.contentHash(a));
    }

    @Test
    void hl7TimestampsOfEveryPrecisionAndOffset() {
        Hl7Times times = new Hl7Times(ZoneId.of("Europe/Berlin"));
        assertThat(times.parse("20261123080000+0000")).isEqualTo(Instant.parse("2026-11-23T08:00:00Z"));
        assertThat(times.parse("20261123080000.1234-0500")).isEqualTo(Instant.parse("2026-11-23T13:00:00.123Z"));
        assertThat(times.parse("202611230800")).isEqualTo(Instant.parse("2026-11-23T07:00:00Z"));
        assertThat(times.parse("20261123")).isEqualTo(Instant.parse("2026-11-22T23:00:00Z"));
        assertThat(times.parse("")).isNull();
        assertThatThrownBy(() -> times.parse("2026-11-23T08:00")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> times.parse("20261399")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void msh18NamesMapToCharsets() {
        assertThat(Hl7Charsets.of("UNICODE UTF-8", StandardCharsets.US_ASCII)).contains(StandardCharsets.UTF_8);
        assertThat(Hl7Charsets.of("8859/1", StandardCharsets.UTF_8)).contains(StandardCharsets.ISO_8859_1);
        assertThat(Hl7Charsets.of("ASCII", StandardCharsets.UTF_8)).contains(StandardCharsets.US_ASCII);
        assertThat(Hl7Charsets.of("", StandardCharsets.UTF_8)).contains(StandardCharsets.UTF_8);
        assertThat(Hl7Charsets.of("UNICODE UTF-16", StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void rawMshIsReadWithoutACharset() {
        RawMsh msh = RawMsh.sniff("\nMSH|^~\\&|LAB^x|FAC|||2026||ORU^R01|CID|P|2.5|||AL|||8859/1~ISO IR87\r".getBytes(
                StandardCharsets.ISO_8859_1));
        assertThat(msh.first(3)).isEqualTo("LAB");
        assertThat(msh.first(10)).isEqualTo("CID");
        assertThat(msh.first(15)).isEqualTo("AL");
        assertThat(msh.first(18)).isEqualTo("8859/1");
        assertThat(RawMsh.sniff("PID|1".getBytes(StandardCharsets.US_ASCII))).isNull();
    }

    @Test
    void settingsHaveDefaultsAndNameTheBadKey() {
        MllpSettings defaults = MllpSettings.from(ConfigLoader.load(null, Map.of(), Map.of()).get("mllp"));
        assertThat(defaults.port()).isEqualTo(2575);
        assertThat(defaults.host()).isEqualTo("127.0.0.1");
        assertThat(defaults.defaultCharset()).isEqualTo(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> MllpSettings.from(ConfigLoader.load(null, Map.of(),
                Map.of("mllp.default-charset", "NOPE-1")).get("mllp")))
                .isInstanceOf(SettingsException.class).hasMessageContaining("mllp.default-charset");
        assertThatThrownBy(() -> MllpSettings.from(ConfigLoader.load(null, Map.of("HOLDFAST_MLLP_PORT", "70000"),
                Map.of()).get("mllp")))
                .isInstanceOf(SettingsException.class).hasMessageContaining("mllp.port");
    }
}
