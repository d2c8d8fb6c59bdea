package holdfast.shared.api;

import java.time.Instant;

/**
 * An input channel whose handler failed unexpectedly at least once since start, an extension of
 * {@code GET /api/v1/status} ({@code channels}): {@code state} is {@code FAILING} while it keeps failing
 * (the failed input is dead-lettered and the channel carries on) and {@code OK} once it stopped;
 * {@code lastError} names the kind of the last failure, never the input.
 */
public record ChannelStatus(String channel, String state, long failures, Instant lastFailureAt, String lastError) {
}
