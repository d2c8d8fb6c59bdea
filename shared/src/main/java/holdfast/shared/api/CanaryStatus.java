package holdfast.shared.api;

import java.time.Instant;
import java.util.Map;

/**
 * The node's synthetic canary, an extension of {@code GET /api/v1/status} (null when {@code canary.interval-seconds}
 * is 0). Every interval the node sends one marked reading through each of its own ingest paths ({@code http},
 * {@code mqtt}, {@code hl7}) as a real sender would; {@code lastProofAt} is the last time a canary of every path
 * was accepted by the cloud (null until then), {@code acceptWithinSeconds} how long a canary may wait for that, and
 * {@code paths} says per path how long the last one took.
 */
public record CanaryStatus(Instant lastProofAt, long acceptWithinSeconds, Map<String, CanaryPath> paths) {

    public CanaryStatus {
        paths = Map.copyOf(paths);
    }

    /**
     * One ingest path's last canary. {@code ingestToDurableMs}: from handing it to the path (HTTP post, MQTT
     * publish, MLLP frame) until its lane journal had it on disk. {@code durableToAcceptedMs}: from durable until
     * the cloud had answered for it (sync passed it); null while there is no upstream. {@code waitingSince}: the
     * oldest canary of this path not yet accepted (null when none waits), which raises the operator alert
     * {@code canary-not-accepted} once older than {@code canary.accept-within-seconds}. {@code lastError}: why the
     * last send failed, null when it did not.
     */
    public record CanaryPath(Long ingestToDurableMs, Long durableToAcceptedMs, Instant lastSentAt,
                             Instant lastDurableAt, Instant lastAcceptedAt, Instant waitingSince, String lastError) {
    }
}
