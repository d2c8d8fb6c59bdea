package holdfast.edge.idempotency;

import holdfast.edge.journal.JournalEntry;
import holdfast.shared.envelope.EventEnvelope;
import java.util.concurrent.CompletableFuture;

/**
 * What {@link IdempotencyIndex#claim} found for a key: journaled before, being ingested by someone else right
 * now, or the caller's to journal. Whoever holds a {@link Granted} tells it exactly once what became of the key.
 */
public sealed interface Claim {

    /** Journaled before, as this event: nothing new is written. */
    record Known(KnownEvent event) implements Claim {
    }

    /**
     * Another ingest of the same key is under way; its outcome is the caller's too (completed exceptionally when
     * it journals nothing).
     */
    record Pending(CompletableFuture<KnownEvent> outcome) implements Claim {
    }

    /** The caller journals the key; everyone arriving with it meanwhile waits for {@link #journaled} or {@link #released}. */
    final class Granted implements Claim {

        private final String key;
        private final CompletableFuture<KnownEvent> outcome;
        private final InFlightKeys inFlight;

        Granted(String key, CompletableFuture<KnownEvent> outcome, InFlightKeys inFlight) {
            this.key = key;
            this.outcome = outcome;
            this.inFlight = inFlight;
        }

        /** The key is durable in a journal as {@code entry}; it stays in flight until the index has recorded it. */
        public KnownEvent journaled(JournalEntry entry) {
            EventEnvelope e = entry.event();
            // The raw hash is only needed when comparing a later duplicate; the index computes it off this path.
            KnownEvent known = new KnownEvent(e.idempotencyKey(), e.eventId(), e.lane(), e.laneSeq(), entry.index(),
                    null);
            outcome.complete(known);
            return known;
        }

        /** Nothing was journaled: the key is free again, and whoever waited for it hears why. */
        public void released(Throwable why) {
            inFlight.abandon(key, outcome);
            outcome.completeExceptionally(why);
        }
    }
}
