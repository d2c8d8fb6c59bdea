package holdfast.edge.idempotency;

import holdfast.edge.config.Settings;
import io.helidon.config.Config;

/**
 * {@code idempotency.expected-keys} (default 100,000): how many keys the index's slot table is first sized for;
 * it doubles past three quarters full. At most 100,000,000 (the table is on the heap: ~1.07 GB at that size; a
 * larger first table would only be refused by the JVM, not by this check that names the key).
 */
record IdempotencySettings(long expectedKeys) {

    public static IdempotencySettings from(Config idempotency) {
        return new IdempotencySettings(Settings.longIn(idempotency, "expected-keys", 100_000, 1_000, 100_000_000));
    }
}
