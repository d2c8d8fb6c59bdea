package holdfast.edge.ingest.hl7;

import holdfast.edge.config.Settings;
import io.helidon.config.Config;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;

/**
 * The MLLP listener's settings ({@code mllp.*}; defaults documented in {@code config/edge-node.yaml}).
 *
 * @param enabled            false: no listener at all
 * @param host               interface to bind (loopback unless configured)
 * @param port               {@code HOLDFAST_MLLP_PORT}; 0 picks a free port (tests)
 * @param maxMessageBytes    a larger frame is answered AR and kept (truncated) as a dead letter
 * @param maxConnections     connections beyond this are closed at once, before anything is read
 * @param idleTimeout        a connection that sends nothing for this long is closed
 * @param defaultCharset     how a message with an empty MSH-18 is decoded
 * @param zone               time zone of HL7 timestamps that carry no offset
 */
public record MllpSettings(boolean enabled, String host, int port, int maxMessageBytes, int maxConnections,
                           Duration idleTimeout, Charset defaultCharset, ZoneId zone) {

    public static MllpSettings from(Config mllp) {
        return new MllpSettings(
                Settings.bool(mllp, "enabled", true),
                Settings.string(mllp, "host", "127.0.0.1"),
                Settings.intIn(mllp, "port", 2575, 0, 65535),
                Settings.intIn(mllp, "max-message-bytes", 1024 * 1024, 1024, 64 * 1024 * 1024),
                Settings.intIn(mllp, "max-connections", 64, 1, 10_000),
                Duration.ofSeconds(Settings.longIn(mllp, "idle-timeout-seconds", 300, 1, 86_400)),
                Settings.parsed(mllp, "default-charset", StandardCharsets.UTF_8, MllpSettings::charset),
                Settings.parsed(mllp, "time-zone", ZoneId.of("UTC"), MllpSettings::zone));
    }

    private static Charset charset(String name) {
        try {
            return Charset.forName(name);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'" + name + "' is not a character set this JVM knows");
        }
    }

    private static ZoneId zone(String id) {
        try {
            return ZoneId.of(id);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'" + id + "' is not a time zone id (e.g. UTC, Europe/Berlin)");
        }
    }
}
