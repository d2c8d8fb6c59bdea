package holdfast.edge.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import holdfast.shared.envelope.Lane;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * {@code GET {url}/v1/nodes/{nodeId}/lanes/{lane}} → {@code {"lane":…,"highestSeq":N}}: the highest laneSeq the
 * cloud has received from this node in that lane. Asked only by a restored node (see {@link Upstream#highestSeq}),
 * so it goes past the circuit breaker, like the probe. {@code 404}/{@code 405}/{@code 501}: a cloud without this
 * extension. Safe for one thread at a time.
 */
final class LaneSeqQuery {

    private final HttpClient http;
    private final String base;
    private final String authorization;
    private final SyncSettings settings;
    private final ObjectMapper mapper = new ObjectMapper();

    LaneSeqQuery(HttpClient http, SyncSettings settings, String nodeId) {
        this.http = http;
        this.settings = settings;
        this.base = settings.url() + "/v1/nodes/" + nodeId + "/lanes/";
        this.authorization = "Bearer " + settings.token();
    }

    CloudLaneSeq ask(Lane lane) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + lane.wireName()))
                .timeout(settings.requestTimeout())
                .header("Authorization", authorization)
                .header("Accept", "application/json")
                .GET().build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            return new CloudLaneSeq.Unanswered("cannot reach upstream: " + e.getClass().getSimpleName());
        }
        int status = response.statusCode();
        if (status == 404 || status == 405 || status == 501) {
            return new CloudLaneSeq.NotKept("upstream answered " + status + " to the laneSeq question");
        }
        if (status != 200) {
            return new CloudLaneSeq.Unanswered("upstream answered " + status + " to the laneSeq question");
        }
        try {
            JsonNode seq = mapper.readTree(response.body()).path("highestSeq");
            if (!seq.canConvertToLong() || seq.asLong() < 0) {
                return new CloudLaneSeq.Unanswered("upstream's laneSeq answer has no highestSeq");
            }
            return new CloudLaneSeq.Known(seq.asLong());
        } catch (IOException e) {
            return new CloudLaneSeq.Unanswered("upstream's laneSeq answer is not JSON");
        }
    }
}
