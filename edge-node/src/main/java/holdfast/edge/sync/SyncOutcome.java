package holdfast.edge.sync;

import java.time.Duration;
import java.util.List;

/**
 * What one batch POST came to, decided once by {@link ReplyClassifier}: the lane worker only switches on it.
 */
public sealed interface SyncOutcome permits SyncOutcome.Answered, SyncOutcome.Split, SyncOutcome.Retry,
        SyncOutcome.Fatal {

    /** {@code 200}: one verdict per event (accepted, duplicate, or disputed: conflict / rejected). */
    record Answered(List<EventResult> results) implements SyncOutcome {
        public Answered {
            results = List.copyOf(results);
        }
    }

    /**
     * {@code 413} or {@code 400}: the batch as a whole is refused; split it until the offending event stands
     * alone, which then counts as rejected with {@code reason}.
     */
    record Split(int status, String reason) implements SyncOutcome {
    }

    /**
     * Transient: timeouts, refused connections, 5xx, 429/503. {@code after} is the cloud's Retry-After, or null;
     * {@code trouble} says whether the cloud could not be reached, was busy, or failed our batch.
     */
    record Retry(Duration after, String reason, UpstreamTrouble trouble) implements SyncOutcome {
        public Retry {
            if (trouble == null || trouble == UpstreamTrouble.UNAUTHORIZED) {
                throw new IllegalArgumentException("a retry is UNREACHABLE, BUSY or FAILING, not " + trouble);
            }
        }

        /**
         * For an upstream that does not tell: with a Retry-After the cloud is busy; without one the batch failed
         * and is retried with this lane's backoff (the link is not treated as lost).
         */
        public Retry(Duration after, String reason) {
            this(after, reason, after != null ? UpstreamTrouble.BUSY : UpstreamTrouble.FAILING);
        }
    }

    /** {@code 401}/{@code 403}: stop sending until the auth retry interval passes or an operator says retry. */
    record Fatal(int status, String reason) implements SyncOutcome {
    }
}
