package holdfast.edge.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * RFC 9457 problem documents: every error the API answers says, in plain words, what was wrong and carries a
 * correlation id: the one under which the node logged it, or, for an answer that is not worth a log line (a
 * missing token, an unknown id), a fresh one, so that every answer a caller quotes can be told from the others.
 * Thread-safe.
 */
public final class Problems {

    private final ObjectMapper mapper;

    public Problems(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public void send(ServerResponse res, int status, String title, String detail, String correlationId) {
        ObjectNode body = mapper.createObjectNode();
        body.put("type", "about:blank");
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        String id = correlationId != null ? correlationId : UUID.randomUUID().toString();
        body.put("correlationId", id);
        res.header(ApiHeaders.CORRELATION_ID, id);
        res.status(Status.create(status));
        res.header(HeaderNames.CONTENT_TYPE, "application/problem+json");
        res.send(body.toString().getBytes(StandardCharsets.UTF_8));
    }

    public void badRequest(ServerResponse res, String detail, String correlationId) {
        send(res, 400, "Invalid request", detail, correlationId);
    }

    public void notFound(ServerResponse res, String detail) {
        send(res, 404, "Not found", detail, null);
    }
}
