package holdfast.edge.ingest.hl7;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import holdfast.edge.config.ConfigLoader;
import holdfast.edge.config.SettingsException;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Keys, content hashes, timestamps, charsets, framing, OBX value errors and settings of the HL7 channel. */
class Hl7EventsTest {

    private static final String SLOPPY_ORU = "MSH|^~\\&|LAB|GENHOSP|||20261123090000||ORU^R01|S-1|P|2.5.1\r"
            + "PID|1||PAT-1\rOBR|1|||X|||20261123085500\r"
            + "OBX|40|NM|A^a^LN||4.1|mmol/L||N\r"
            + "OBX|41|NM|B^b^LN||5,4|mmol/L||N|||F|||not-a-time\r"
            + "OBX||NM|C^c^LN||7.0|mmol/L||HH~AA\r";

    @Test
    void anObxValueThatIsNotANumberIsKeptAsTextAndNamedBySetId() {
        Hl7Message m = new Hl7Reader(new Hl7Times(ZoneId.of("UTC")), false).read(SLOPPY_ORU);
        assertThat(m.observations()).hasSize(3);
        Hl7Message.Observation sloppy = m.observations().get(1);
        assertThat(sloppy.value()).isEqualTo("5,4");
        assertThat(sloppy.numeric()).isNull();
        assertThat(sloppy.errors()).containsExactly(
                "OBX-5 of the OBX with Set ID 41 is not a number (OBX-2 is NM); kept as text",
                "OBX-14 of the OBX with Set ID 41 is not a valid HL7 timestamp; the order time (OBR-7) is used");
        assertThat(sloppy.observedAt()).isEqualTo(Instant.parse("2026-11-23T08:55:00Z"));
        assertThat(m.observations().get(2).flags()).containsExactly("HH", "AA");
        assertThat(m.observationsWithErrors()).isEqualTo(1);
    }

    @Test
    void strictModeRefusesTheWholeMessageNamingTheObxBySetId() {
        Hl7Reader strict = new Hl7Reader(new Hl7Times(ZoneId.of("UTC")), true);
        assertThatThrownBy(() -> strict.read(SLOPPY_ORU)).isInstanceOf(Hl7Rejection.class)
                .hasMessage("OBX-5 of the OBX with Set ID 41 is not a number (OBX-2 is NM)");
        assertThatThrownBy(() -> strict.read(SLOPPY_ORU.replace("OBX|41|", "OBX||")))
                .hasMessage("OBX-5 of the OBX at position 2 (no Set ID) is not a number (OBX-2 is NM)");
    }

    @Test
    void aFrameCutOffByANewStartByteIsAbandonedAndTheNextReadWhole() throws Exception {
        byte[] wire = {0x0B, 'M', 'S', 'H', 0x0B, 'O', 'K', 0x1C, 0x0D, 'x', 0x0B, 'C', 'U', 'T'};
        MllpFraming framing = new MllpFraming(new ByteArrayInputStream(wire), OutputStream.nullOutputStream(), 1024);
        assertThat(new String(framing.read().bytes(), StandardCharsets.US_ASCII)).isEqualTo("OK");
        assertThat(framing.read()).as("cut off by the end of the stream").isNull();
        assertThat(framing.broken()).isEqualTo(2);
        assertThat(framing.skipped()).isEqualTo(1);
    }

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
        // Journaled hashes are compared with a resend's: the hashed text is the message with MSH-7 emptied.
        assertThat(Hl7Events.contentHash(a)).isEqualTo(holdfast.edge.idempotency.ContentHash.of(
                "MSH|^~\\&|A|B|||||ADT^A08|1|P|2.5\rPID|1||P1".getBytes(StandardCharsets.UTF_8)));
        assertThat(Hl7Events.contentHash("MSH|^~\\&|A|B|C|D")).isEqualTo(holdfast.edge.idempotency.ContentHash.of(
                "MSH|^~\\&|A|B|C|D".getBytes(StandardCharsets.UTF_8)));
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
        assertThat(defaults.maxPerPeer()).isEqualTo(32).isLessThan(defaults.maxConnections());
        assertThat(defaults.firstFrameTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(defaults.strict()).isFalse();
        assertThatThrownBy(() -> MllpSettings.from(ConfigLoader.load(null, Map.of(),
                Map.of("mllp.max-connections", "8", "mllp.max-connections-per-peer", "9")).get("mllp")))
                .isInstanceOf(SettingsException.class).hasMessageContaining("mllp.max-connections-per-peer");
        assertThatThrownBy(() -> MllpSettings.from(ConfigLoader.load(null, Map.of(),
                Map.of("mllp.default-charset", "NOPE-1")).get("mllp")))
                .isInstanceOf(SettingsException.class).hasMessageContaining("mllp.default-charset");
        assertThatThrownBy(() -> MllpSettings.from(ConfigLoader.load(null, Map.of("HOLDFAST_MLLP_PORT", "70000"),
                Map.of()).get("mllp")))
                .isInstanceOf(SettingsException.class).hasMessageContaining("mllp.port");
    }
}
