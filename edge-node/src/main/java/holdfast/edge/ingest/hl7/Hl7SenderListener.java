package holdfast.edge.ingest.hl7;

/**
 * Told of every HL7 sender's traffic, keyed by its sending application and facility (MSH-3, MSH-4; "" when
 * absent): connections opening and closing (a connection counts for the sender of its first frame) and each
 * message's answer. Called on connection threads: must be quick and must not throw. Implementations are
 * thread-safe.
 */
public interface Hl7SenderListener {

    /** Does nothing. */
    Hl7SenderListener NONE = new Hl7SenderListener() {
    };

    default void connected(String application, String facility) {
    }

    default void disconnected(String application, String facility) {
    }

    /**
     * A message was answered (or, in enhanced mode, handled without an answer) with {@code ackCode} {@code AA},
     * {@code AE} or {@code AR} (commit codes CA/CE/CR counted as these); {@code error} is the refusal's words,
     * null for AA: a listener keeps a reason code, not the words.
     */
    default void answered(String application, String facility, String ackCode, String error) {
    }
}
