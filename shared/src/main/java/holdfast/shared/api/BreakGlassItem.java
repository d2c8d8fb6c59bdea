package holdfast.shared.api;

import java.time.Instant;

/**
 * An operator's active break-glass elevation to admin, as {@code GET /api/v1/status} and
 * {@code POST /api/v1/break-glass} show it (extension of contract §4).
 */
public record BreakGlassItem(long id, String tokenId, String actor, String reason, Instant startedAt,
                             Instant expiresAt) {
}
