package holdfast.edge.idempotency;

import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keys that are being ingested or are journaled but not yet in the index. Whoever reserves a key first
 * ingests it; anyone arriving with the same key meanwhile waits for that outcome instead of journaling it
 * again. Thread-safe.
 */
final class InFlightKeys {

    private final ConcurrentHashMap<String, CompletableFuture<KnownEvent>> keys = new ConcurrentHashMap<>();

    /** Reserves the key for the caller (returns null) or returns the outcome of whoever holds it. */
    CompletableFuture<KnownEvent> reserve(String key, CompletableFuture<KnownEvent> mine) {
        return keys.putIfAbsent(key, mine);
    }

    /** Gives up a reservation that led to nothing being journaled. */
    void abandon(String key, CompletableFuture<KnownEvent> mine) {
        keys.remove(key, mine);
    }

    /** The keys are now findable in the index. */
    void indexed(Collection<String> indexedKeys) {
        indexedKeys.forEach(keys::remove);
    }

    int size() {
        return keys.size();
    }
}
