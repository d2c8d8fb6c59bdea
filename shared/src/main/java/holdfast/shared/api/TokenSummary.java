package holdfast.shared.api;

import java.time.Instant;

/**
 * A token as {@code GET /api/v1/tokens} lists it: never the secret (only its hash is stored). {@code deviceId}
 * is set for a device token bound to one device; {@code revokedAt} for a revoked token.
 */
public record TokenSummary(String id, String name, String role, String deviceId, Instant createdAt,
                           Instant revokedAt) {
}
