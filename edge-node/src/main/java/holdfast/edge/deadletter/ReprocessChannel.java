package holdfast.edge.deadletter;

/**
 * One channel's way of feeding a dead letter's stored bytes through the same checks and the same ingest
 * pipeline as live input, without dead-lettering it again. Implementations are thread-safe.
 */
@FunctionalInterface
public interface ReprocessChannel {

    Reprocessed reprocess(StoredInput input);
}
