package holdfast.edge.deadletter;

/**
 * A dead letter's bytes and the context needed to feed them through their channel again. {@code origin} is
 * where it arrived within its channel (the MQTT topic), null when not kept. {@link #toString()} leaves the
 * bytes out.
 */
public record StoredInput(long id, String channel, String sourceSystem, String origin, String correlationId,
                          String idempotencyKey, String contentType, byte[] raw, boolean truncated,
                          DeadLetterStatus status) {

    @Override
    public String toString() {
        return "StoredInput[id=" + id + ", channel=" + channel + ", size=" + raw.length + ", status=" + status + "]";
    }
}
