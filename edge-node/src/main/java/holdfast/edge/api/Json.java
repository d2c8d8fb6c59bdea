package holdfast.edge.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.util.Optional;

/** Writes JSON answers with the node's one mapper. Thread-safe. */
public final class Json {

    private final ObjectMapper mapper;

    public Json(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    /** The request's body when it is a JSON object; empty when it is missing, unreadable or anything else. */
    public Optional<ObjectNode> object(ServerRequest req) {
        try {
            return mapper.readTree(req.content().as(byte[].class)) instanceof ObjectNode o ? Optional.of(o)
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
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
