package holdfast.edge.trace;

import holdfast.edge.config.Settings;
import io.helidon.config.Config;
import java.net.URI;

/**
 * {@code observe.*}: where spans go. An empty {@code otlp-endpoint} (the default) means no tracing at all: no
 * exporter, no thread, and the no-op tracer on the hot path.
 *
 * @param otlpEndpoint the collector's OTLP/HTTP traces URL, e.g. {@code http://127.0.0.1:4318/v1/traces}
 */
record TracingSettings(String otlpEndpoint) {

    public static final TracingSettings OFF = new TracingSettings("");

    public static TracingSettings from(Config observe) {
        return new TracingSettings(Settings.parsed(observe, "otlp-endpoint", "", text -> {
            if (text.isEmpty()) {
                return text;
            }
            URI uri = URI.create(text);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new IllegalArgumentException("'" + text + "' is not an http(s) URL of an OTLP collector "
                        + "(e.g. http://127.0.0.1:4318/v1/traces)");
            }
            return text;
        }));
    }

    public boolean enabled() {
        return !otlpEndpoint.isEmpty();
    }
}
