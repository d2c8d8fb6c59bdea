package holdfast.edge.sync;

import holdfast.edge.config.Settings;
import holdfast.edge.config.SettingsException;
import io.helidon.config.Config;
import java.net.URI;
import java.time.Duration;

/**
 * Settings of store-and-forward ({@code upstream.*}) and journal retention ({@code retention.*}); every key
 * and its default is documented in {@code config/edge-node.yaml}.
 *
 * @param url                   cloud base URL; blank means no upstream (LOCAL_ONLY)
 * @param token                 bearer token sent upstream
 * @param batchMaxEvents        most events in one batch
 * @param batchMaxBytes         most bytes of event JSON in one batch (a single larger event goes alone)
 * @param connectTimeout        TCP connect timeout
 * @param requestTimeout        time allowed for the cloud's whole answer
 * @param backoffInitial        first retry delay after a failure (doubles per failure, with jitter)
 * @param backoffMax            longest retry delay
 * @param breakerVolume         calls the circuit breaker looks at
 * @param breakerErrorRatio     percentage of failed calls among them that opens it
 * @param breakerDelay          how long it stays open before letting one call through
 * @param breakerSuccessThreshold successful calls in half-open state that close it
 * @param drainMaxEventsPerSecond most events sent per second over all lanes (0 = unlimited)
 * @param authRetryInterval     wait after a 401/403 before trying again (POST /api/v1/upstream/retry ends it)
 * @param idlePoll              how often an idle lane looks for new events
 * @param probeInterval         how often an idle node checks that the cloud still answers
 * @param lowerLaneMaxWait      a lane behind a more urgent lane's backlog still sends one batch this often
 * @param retentionPeriod       synced journal cycle files older than this are deleted
 * @param retentionCheckInterval how often retention runs
 * @param reconnectProbeInterval while the cloud is lost, how often (± a quarter, jittered) the node asks whether
 *                              it is back; the return wakes every lane at once
 */
public record SyncSettings(String url, String token, int batchMaxEvents, int batchMaxBytes, Duration connectTimeout,
                           Duration requestTimeout, Duration backoffInitial, Duration backoffMax, int breakerVolume,
                           int breakerErrorRatio, Duration breakerDelay, int breakerSuccessThreshold,
                           int drainMaxEventsPerSecond, Duration authRetryInterval, Duration idlePoll,
                           Duration probeInterval, Duration lowerLaneMaxWait, Duration retentionPeriod,
                           Duration retentionCheckInterval, Duration reconnectProbeInterval) {

    /** Reads {@code upstream.*} and {@code retention.*} from the root configuration. */
    public static SyncSettings from(Config root) {
        Config up = root.get("upstream");
        Config retention = root.get("retention");
        String url = Settings.string(up, "url", "");
        if (!url.isBlank()) {
            checkUrl(up, url);
        }
        Duration backoffInitial = Settings.millis(up, "backoff-initial-ms", 250, 1);
        Duration backoffMax = Settings.millis(up, "backoff-max-ms", 30_000, 1);
        if (backoffMax.compareTo(backoffInitial) < 0) {
            throw new SettingsException("upstream.backoff-max-ms", "must not be below upstream.backoff-initial-ms");
        }
        return new SyncSettings(
                url.endsWith("/") ? url.substring(0, url.length() - 1) : url,
                Settings.string(up, "token", ""),
                Settings.intIn(up, "batch-max-events", 500, 1, 100_000),
                Settings.intIn(up, "batch-max-bytes", 1_048_576, 1_024, 256 * 1_048_576),
                Settings.millis(up, "connect-timeout-ms", 2_000, 1),
                Settings.millis(up, "request-timeout-ms", 10_000, 1),
                backoffInitial,
                backoffMax,
                Settings.intIn(up, "breaker-volume", 10, 1, 10_000),
                Settings.intIn(up, "breaker-error-ratio", 60, 1, 100),
                Settings.millis(up, "breaker-delay-ms", 5_000, 1),
                Settings.intIn(up, "breaker-success-threshold", 1, 1, 1_000),
                Settings.intIn(up, "drain-max-events-per-second", 10_000, 0, 10_000_000),
                Settings.millis(up, "auth-retry-interval-ms", 300_000, 1),
                Settings.millis(up, "idle-poll-ms", 20, 1),
                Settings.millis(up, "probe-interval-ms", 15_000, 1),
                Settings.millis(up, "lower-lane-max-wait-ms", 2_000, 1),
                Duration.ofHours(Settings.longIn(retention, "period-hours", 168, 0, 100_000)),
                Settings.millis(retention, "check-interval-ms", 300_000, 1),
                Settings.millis(up, "reconnect-probe-ms", 500, 10));
    }

    /** True when an upstream is configured. */
    public boolean configured() {
        return !url.isBlank();
    }

    private static void checkUrl(Config up, String url) {
        if (url.startsWith("kafka://")) {
            return; // a Kafka cluster: KafkaSettings checks the broker list
        }
        if (url.startsWith("fhir+")) {
            url = url.substring("fhir+".length()); // a FHIR R4 base URL: checked as the http(s) URL it is
        }
        try {
            URI uri = URI.create(url);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new SettingsException(up.get("url").key().toString(), "'" + url
                        + "' is not an http(s) URL, fhir+http(s)://host/base or kafka://host:port[,host:port]");
            }
        } catch (IllegalArgumentException e) {
            throw new SettingsException(up.get("url").key().toString(), "'" + url + "' is not a URL");
        }
    }
}
