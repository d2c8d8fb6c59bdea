package holdfast.edge.idempotency;

import holdfast.edge.config.Settings;
import io.helidon.config.Config;

/** {@code idempotency.expected-keys} (default 4,000,000): how many keys the index's slot table is first sized for. */
public record IdempotencySettings(long expectedKeys) {

    public static IdempotencySettings from(Config idempotency) {
        return new IdempotencySettings(Settings.longIn(idempotency, "expected-keys", 4_000_000, 1_000, 1_000_000_000));
    }
}
