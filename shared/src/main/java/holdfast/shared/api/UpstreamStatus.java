package holdfast.shared.api;

import java.time.Instant;

/** The link to the cloud: state ({@code CONNECTED}, {@code DISCONNECTED}, {@code NOT_CONFIGURED}, ...). */
public record UpstreamStatus(String state, Instant lastSuccessAt, String lastError) {
}
