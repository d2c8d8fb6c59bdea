package holdfast.edge.sync;

import holdfast.shared.envelope.Lane;
import java.time.Duration;

/** How long sending upstream takes, told from the lane workers: must be quick. */
public interface SyncTimings {
    SyncTimings NONE = new SyncTimings() { };

    /** One batch call upstream ({@code answered}, {@code split}, {@code retry}, {@code fatal}). */
    default void called(String outcome, long nanos) {
    }

    /** One event the cloud answered for, {@code sinceReceived} after the node received it. */
    default void synced(Lane lane, Duration sinceReceived) {
    }
}
