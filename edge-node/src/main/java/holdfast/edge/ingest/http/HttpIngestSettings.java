package holdfast.edge.ingest.http;

import holdfast.edge.config.Settings;
import io.helidon.config.Config;

/**
 * {@code http.*} settings of device ingest: {@code max-body-bytes} (default 65536) above which a post is
 * refused and dead-lettered, and {@code retry-after-seconds} (default 1) sent with {@code 503}.
 */
record HttpIngestSettings(int maxBodyBytes, int retryAfterSeconds) {

    public static HttpIngestSettings from(Config http) {
        return new HttpIngestSettings(
                Settings.intIn(http, "max-body-bytes", 65_536, 256, 16 * 1024 * 1024),
                Settings.intIn(http, "retry-after-seconds", 1, 1, 3600));
    }
}
