package holdfast.edge.api;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /openapi.yaml} (no token, like health and metrics): the node's HTTP interface as an OpenAPI
 * document, the same file as {@code docs/openapi.yaml}, which a test keeps equal to the routes in the source.
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

    public void register(HttpRules routing) {
        routing.get("/openapi.yaml", (req, res) -> {
            res.header(HeaderNames.CONTENT_TYPE, "application/yaml; charset=utf-8");
            res.send(document);
        });
    }
}
