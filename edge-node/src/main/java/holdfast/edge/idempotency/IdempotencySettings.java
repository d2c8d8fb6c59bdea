package holdfast.edge.idempotency;

import holdfast.edge.config.Settings;
import io.helidon.config.Config;

/**
 * {@code idempotency.expected-keys} (default 100,000): how many keys the index's slot table is first sized for;
 * it doubles past three quarters full.
 */
public record IdempotencySettings(long expectedKeys) {

    public static IdempotencySettings from(Config idempotency) {
        return new IdempotencySettings(Settings.longIn(idempotency, "expected-keys", 100_000, 1_000, 1_000_000_000));
    }
}
