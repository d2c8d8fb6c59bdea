package holdfast.edge.sync.fhir;

import com.fasterxml.jackson.databind.ObjectMapper;
import holdfast.edge.sync.SyncSettings;
import holdfast.edge.sync.Upstream;
import holdfast.edge.sync.UpstreamFactory;
import holdfast.shared.envelope.Lane;
import io.helidon.faulttolerance.CircuitBreaker;
import java.net.http.HttpClient;
import java.time.Clock;

/**
 * The FHIR R4 sink: opens each lane's {@link FhirUpstream} (its own connection) with the credentials and the
 * event mapping they all share. Thread-safe.
 */
public final class FhirSink implements UpstreamFactory {

    private final FhirSettings settings;
    private final SyncSettings sync;
    private final ObjectMapper json;
    private final FhirCredentials credentials;
    private final EventMapper mapper;

    public FhirSink(FhirSettings settings, SyncSettings sync, ObjectMapper json, OriginalEvents originals,
                    Clock clock) {
        this.settings = settings;
        this.sync = sync;
        this.json = json;
        this.mapper = new EventMapper(new FhirReferences(settings.patientSystem(), settings.encounterSystem()),
                originals);
        this.credentials = switch (settings.auth()) {
            case FhirSettings.BEARER -> FhirCredentials.bearer(settings.token());
            case FhirSettings.CLIENT_CREDENTIALS -> new ClientCredentials(settings, HttpClient.newBuilder()
                    .connectTimeout(sync.connectTimeout()).build(), json, clock, sync.requestTimeout());
            default -> FhirCredentials.NONE;
        };
    }

    @Override
    public Upstream open(Lane lane, CircuitBreaker breaker) {
        return new FhirUpstream(sync, settings, breaker, credentials, mapper, json);
    }

    @Override
    public Upstream openProbe(CircuitBreaker breaker) {
        return new FhirUpstream(sync, settings, breaker, credentials, mapper, json);
    }
}
