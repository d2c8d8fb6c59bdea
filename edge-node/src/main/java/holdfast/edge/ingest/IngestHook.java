package holdfast.edge.ingest;

import holdfast.shared.envelope.EventEnvelope;
import java.util.List;

/**
 * Projections that take part in ingest, for every channel at once: {@link #beforeJournal} may add context to
 * a new event (the census's patient for a bed, a same-fact link) just before it is journaled, and
 * {@link #journaled} sees every event once it is durable (to keep projections current). Neither may throw
 * or block: both run on the ingest path. Implementations are thread-safe.
 */
public interface IngestHook {

    /** Does nothing. */
    IngestHook NONE = new IngestHook() {
    };

    /** The request to journal instead of {@code request} (the same one when there is nothing to add). */
    default IngestRequest beforeJournal(IngestRequest request) {
        return request;
    }

    /** Called once per newly journaled event, after it is durable (never for duplicates). */
    default void journaled(EventEnvelope event) {
    }

    /**
     * Called once input was kept as a dead letter (durably): who sent it and why, never its bytes to keep. The
     * dead letter's raw bytes must not be held on to.
     */
    default void deadLettered(holdfast.edge.deadletter.DeadLetter deadLetter) {
    }

    /** Runs {@code hooks} in order. */
    static IngestHook chain(List<IngestHook> hooks) {
        List<IngestHook> all = List.copyOf(hooks);
        return new IngestHook() {
            @Override
            public IngestRequest beforeJournal(IngestRequest request) {
                IngestRequest r = request;
                for (IngestHook hook : all) {
                    r = hook.beforeJournal(r);
                }
                return r;
            }

            @Override
            public void journaled(EventEnvelope event) {
                for (IngestHook hook : all) {
                    hook.journaled(event);
                }
            }

            @Override
            public void deadLettered(holdfast.edge.deadletter.DeadLetter deadLetter) {
                for (IngestHook hook : all) {
                    hook.deadLettered(deadLetter);
                }
            }
        };
    }
}
