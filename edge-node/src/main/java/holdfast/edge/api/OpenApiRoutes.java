package holdfast.edge.api;

import io.helidon.http.HeaderNames;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /openapi.yaml} (no token, like health and metrics): the node's HTTP interface as an OpenAPI
 * document, the same file as {@code docs/openapi.yaml}, which a test keeps equal to the operations the node serves.
 */
final class OpenApiRoutes {

    private final byte[] document;

    public OpenApiRoutes() {
        try (InputStream in = OpenApiRoutes.class.getResourceAsStream("openapi.yaml")) {
            if (in == null) {
                throw new IllegalStateException("openapi.yaml is missing from the build");
            }
            this.document = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the OpenAPI document", e);
        }
    }

    public Mount mount() {
        Mount.Builder routing = Mount.at("/openapi.yaml");
        routing.get("", (req, res) -> {
            res.header(HeaderNames.CONTENT_TYPE, "application/yaml; charset=utf-8");
            res.send(document);
        });
        return routing.build();
    }
}
