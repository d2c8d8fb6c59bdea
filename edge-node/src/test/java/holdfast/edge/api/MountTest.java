package holdfast.edge.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.helidon.http.Method;
import io.helidon.webclient.http1.Http1ClientResponse;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.DirectClient;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Endpoints written relative to a prefix answer at exactly the paths they answered at when written out whole. */
class MountTest {

    private final Mount alerts = Mount.at("/api/v1/alerts")
            .get("", (req, res) -> res.send("list"))
            .post("/ack", (req, res) -> res.send("bulk"))
            .post("/{id}/ack", (req, res) -> res.send("one " + req.path().pathParameters().get("id")))
            .build();
    private final Mount history = Mount.at("/api/v1/lanes").get("/history", (req, res) -> res.send("history")).build();
    private final Mount replay = Mount.at("/api/v1/lanes")
            .post("/{lane}/replay", (req, res) -> res.send("replay " + req.path().pathParameters().get("lane")))
            .build();
    private DirectClient client;

    @Test
    void listsWhatItServesAsMethodAndWholePath() {
        assertThat(alerts.operations()).containsExactly("GET /api/v1/alerts", "POST /api/v1/alerts/ack",
                "POST /api/v1/alerts/{id}/ack");
    }

    @Test
    void thePrefixItselfAnswersButNotWithATrailingSlash() {
        serve(alerts);
        assertThat(call(Method.GET, "/api/v1/alerts")).isEqualTo("200 list");
        assertThat(call(Method.GET, "/api/v1/alerts/")).startsWith("404");
        assertThat(call(Method.GET, "/api/v1/alerts//")).startsWith("404");
        assertThat(call(Method.GET, "/api/v1/alertsx")).startsWith("404");
        assertThat(call(Method.POST, "/api/v1/alerts")).startsWith("404");
    }

    @Test
    void pathsUnderThePrefixAnswerWithTheirParametersAndNotWithATrailingSlash() {
        serve(alerts);
        assertThat(call(Method.POST, "/api/v1/alerts/ack")).isEqualTo("200 bulk");
        assertThat(call(Method.POST, "/api/v1/alerts/7/ack")).isEqualTo("200 one 7");
        assertThat(call(Method.POST, "/api/v1/alerts/7/ack/")).startsWith("404");
        assertThat(call(Method.GET, "/api/v1/alerts/7/ack")).startsWith("404");
    }

    @Test
    void twoFeaturesUnderTheSamePrefixEachAnswerTheirOwnPaths() {
        serve(history, replay);
        assertThat(call(Method.GET, "/api/v1/lanes/history")).isEqualTo("200 history");
        assertThat(call(Method.POST, "/api/v1/lanes/batch/replay")).isEqualTo("200 replay batch");
        assertThat(call(Method.GET, "/api/v1/lanes")).startsWith("404");
    }

    @Test
    void aPrefixOrPathWithATrailingSlashIsRefused() {
        assertThatThrownBy(() -> Mount.at("/api/v1/alerts/")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Mount.at("/")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Mount.at("/api").get("/x/", (req, res) -> res.send("")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Mount.at("/api").get("x", (req, res) -> res.send("")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
    }

    /** Registered as the node registers its features: each under its own prefix. */
    private void serve(Mount... mounts) {
        HttpRouting.Builder routing = HttpRouting.builder();
        List.of(mounts).forEach(m -> routing.register(m.prefix(), m));
        client = new DirectClient(routing);
    }

    private String call(Method method, String path) {
        try (Http1ClientResponse r = client.method(method).path(path).request()) {
            return r.status().code() + " " + r.as(String.class);
        }
    }
}
