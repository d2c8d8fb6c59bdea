package holdfast.edge.canary;

import java.io.IOException;
import java.time.Instant;

/** Sends one canary through one ingest path, as a real sender on that path would. Used by the canary thread only. */
interface CanarySender extends AutoCloseable {

    /** {@code http}, {@code mqtt} or {@code hl7}. */
    String path();

    /** Hands the canary to the path; returns once the path has answered (or throws why it did not). */
    void send(String messageId, Instant at) throws IOException;

    @Override
    default void close() {
    }
}
