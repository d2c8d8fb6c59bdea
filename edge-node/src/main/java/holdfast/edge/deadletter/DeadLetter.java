package holdfast.edge.deadletter;

import java.time.Instant;
import java.util.Objects;

/**
 * Input the node could not accept, with enough context for a person to act: where it came from, the
 * correlation id the sender was told, a hash of the bytes, what was wrong and the priority it asked for.
 * {@code raw} holds the bytes as received (at most the configured limit; {@code truncated} says if more
 * arrived). {@code origin} is where it arrived within its channel (the MQTT topic), kept so that it can be
 * reprocessed; null when the channel needs none. {@link #toString()} leaves the bytes out.
 */
public record DeadLetter(Instant receivedAt, String channel, String sourceSystem, String correlationId,
                         String idempotencyKey, String payloadSha256, int payloadSize, String contentType,
                         String error, String priority, byte[] raw, boolean truncated, String origin) {

    /** A dead letter whose channel needs no origin to reprocess it (HTTP, HL7). */
    public DeadLetter(Instant receivedAt, String channel, String sourceSystem, String correlationId,
                      String idempotencyKey, String payloadSha256, int payloadSize, String contentType,
                      String error, String priority, byte[] raw, boolean truncated) {
        this(receivedAt, channel, sourceSystem, correlationId, idempotencyKey, payloadSha256, payloadSize,
                contentType, error, priority, raw, truncated, null);
    }

    public DeadLetter {
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(correlationId, "correlationId");
        Objects.requireNonNull(payloadSha256, "payloadSha256");
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(raw, "raw");
        contentType = contentType == null ? "application/octet-stream" : contentType;
        error = error.length() > 2000 ? error.substring(0, 2000) : error;
    }

    @Override
    public String toString() {
        return "DeadLetter[channel=" + channel + ", correlationId=" + correlationId + ", sha256=" + payloadSha256
                + ", size=" + payloadSize + ", error=" + error + "]";
    }
}
