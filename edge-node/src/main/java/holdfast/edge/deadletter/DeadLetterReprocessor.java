package holdfast.edge.deadletter;

import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reprocesses an open dead letter through the channel it came from: on success it is closed as
 * {@code reprocessed} with the resulting event id; when it is refused again it stays open with the new error.
 * Both are audited. Reprocessing is idempotent: the input keeps its idempotency key, so a second attempt (or
 * a second dead letter with the same key) answers with the event already journaled. Thread-safe.
 */
final class DeadLetterReprocessor {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterReprocessor.class);

    private final DeadLetters deadLetters;
    private final Map<String, ReprocessChannel> channels;

    /** @param channels by channel name ({@code http}, {@code mqtt}, {@code hl7}) */
    public DeadLetterReprocessor(DeadLetters deadLetters, Map<String, ReprocessChannel> channels) {
        this.deadLetters = deadLetters;
        this.channels = Map.copyOf(channels);
    }

    /** The outcome, or empty when there is no dead letter with this id. */
    public Optional<Reprocessed> reprocess(long id, String actorId, String actor, String reason) {
        Optional<StoredInput> found = deadLetters.input(id);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        StoredInput input = found.get();
        Reprocessed outcome = attempt(input);
        switch (outcome) {
            case Reprocessed.Journaled j -> {
                if (!deadLetters.markReprocessed(id, j.eventId(), actorId, actor, reason)) {
                    outcome = new Reprocessed.NotReprocessable("dead letter " + id + " was closed meanwhile");
                }
            }
            case Reprocessed.StillInvalid s -> deadLetters.recordReprocessFailure(id, s.error(), actorId, actor, reason);
            case Reprocessed.Refused r -> { }
            case Reprocessed.NotReprocessable n -> { }
        }
        LOG.info("event=deadletter.reprocess deadLetterId={} channel={} outcome={} by={}", id, input.channel(),
                outcome.getClass().getSimpleName(), actorId);
        return Optional.of(outcome);
    }

    private Reprocessed attempt(StoredInput input) {
        if (input.status() != DeadLetterStatus.OPEN) {
            return new Reprocessed.NotReprocessable("dead letter " + input.id() + " is already " + input.status().wireName());
        }
        if (input.truncated()) {
            return new Reprocessed.NotReprocessable("only the first " + input.raw().length
                    + " bytes were kept: ask the sender to send it again");
        }
        ReprocessChannel channel = channels.get(input.channel());
        if (channel == null) {
            return new Reprocessed.NotReprocessable("input from channel " + input.channel()
                    + " cannot be reprocessed on this node");
        }
        return channel.reprocess(input);
    }
}
