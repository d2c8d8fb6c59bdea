package holdfast.edge.ingest.hl7;

import holdfast.edge.config.Settings;
import holdfast.edge.config.SettingsException;
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
 * @param maxPerPeer         connections from one address beyond this are closed at once, so that one host
 *                           cannot take every slot
 * @param firstFrameTimeout  a new connection whose first whole frame has not arrived by then is closed: a
 *                           silent or dribbling client holds a slot for this long, not the idle timeout
 * @param idleTimeout        a connection that sends nothing for this long (after its first frame) is closed
 * @param defaultCharset     how a message with an empty MSH-18 is decoded
 * @param zone               time zone of HL7 timestamps that carry no offset
 * @param strict             true: an OBX value that does not match its OBX-2 type refuses the whole message
 *                           ({@code AE}); false: the message is journaled with that value kept as text and flagged
 */
record MllpSettings(boolean enabled, String host, int port, int maxMessageBytes, int maxConnections,
                           int maxPerPeer, Duration firstFrameTimeout, Duration idleTimeout, Charset defaultCharset,
                           ZoneId zone, boolean strict) {

    public static MllpSettings from(Config mllp) {
        int maxConnections = Settings.intIn(mllp, "max-connections", 64, 1, 10_000);
        int maxPerPeer = Settings.intIn(mllp, "max-connections-per-peer", Math.min(32, maxConnections), 1, 10_000);
        if (maxPerPeer > maxConnections) {
            throw new SettingsException(mllp.get("max-connections-per-peer").key().toString(), maxPerPeer
                    + " is more than max-connections (" + maxConnections + "); one host could take every slot");
        }
        return new MllpSettings(
                Settings.bool(mllp, "enabled", true),
                Settings.string(mllp, "host", "127.0.0.1"),
                Settings.intIn(mllp, "port", 2575, 0, 65535),
                Settings.intIn(mllp, "max-message-bytes", 1024 * 1024, 1024, 64 * 1024 * 1024),
                maxConnections,
                maxPerPeer,
                Duration.ofSeconds(Settings.longIn(mllp, "first-frame-timeout-seconds", 10, 1, 3_600)),
                Duration.ofSeconds(Settings.longIn(mllp, "idle-timeout-seconds", 300, 1, 86_400)),
                Settings.parsed(mllp, "default-charset", StandardCharsets.UTF_8, MllpSettings::charset),
                Settings.parsed(mllp, "time-zone", ZoneId.of("UTC"), MllpSettings::zone),
                Settings.bool(mllp, "strict", false));
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
