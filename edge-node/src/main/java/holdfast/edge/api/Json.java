package holdfast.edge.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;

/** Writes JSON answers with the node's one mapper. Thread-safe. */
public final class Json {

    private final ObjectMapper mapper;

    public Json(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    public void send(ServerResponse res, int status, Object body) {
        try {
            byte[] bytes = mapper.writeValueAsBytes(body);
            res.status(Status.create(status));
            res.header(HeaderNames.CONTENT_TYPE, "application/json");
            res.send(bytes);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + body.getClass().getSimpleName(), e);
        }
    }
}
