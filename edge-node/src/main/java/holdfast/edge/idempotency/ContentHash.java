package holdfast.edge.idempotency;

import holdfast.shared.envelope.EventEnvelope;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 of bytes, hex: how payloads are identified in the index, dead letters and logs (never the bytes). */
public final class ContentHash {
    private ContentHash() {
    }

    public static String of(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Hash of the event's raw bytes as received, or of its payload when it has none. */
    public static String of(EventEnvelope event) {
        return event.raw() != null ? of(event.raw().bytes()) : of(event.payload().toString().getBytes(
                java.nio.charset.StandardCharsets.UTF_8));
    }
}
