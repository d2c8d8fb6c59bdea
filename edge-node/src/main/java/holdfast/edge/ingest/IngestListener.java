package holdfast.edge.ingest;

import holdfast.shared.envelope.EventEnvelope;
import holdfast.shared.envelope.Lane;

/** Hooks for metrics (and later alerts) on ingest outcomes; called on the ingesting thread, must be quick. */
public interface IngestListener {
    IngestListener NONE = new IngestListener() { };

    default void accepted(EventEnvelope event) {
    }

    /** The event is durable, {@code sinceIngestNanos} after its channel handed it over: the channel acks now. */
    default void durable(EventEnvelope event, long sinceIngestNanos) {
    }

    default void duplicate(String channel) {
    }

    default void refused(Lane lane) {
    }

    default void deadLettered(String channel) {
    }
}
