package holdfast.edge.security;

import static org.assertj.core.api.Assertions.assertThat;

import holdfast.edge.support.ApiClient;
import holdfast.edge.support.Readings;
import holdfast.edge.support.TestNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.Yaml;

class AuthMatrixIT {

    @TempDir
    static Path data;
    static TestNode node;
    static final Map<Role, String> TOKENS = new EnumMap<>(Role.class);
    static final AtomicInteger SEQ = new AtomicInteger();

    @BeforeAll
    static void start() {
        node = TestNode.start(data);
        for (Role role : Role.values()) {
            TOKENS.put(role, issue(role.wireName(), null));
        }
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    static String issue(String role, String deviceId) {
        String body = "{\"role\":\"" + role + "\",\"name\":\"t-" + SEQ.incrementAndGet() + "\""
                + (deviceId == null ? "" : ",\"deviceId\":\"" + deviceId + "\"") + "}";
        ApiClient.Response r = node.api().post("/api/v1/tokens", TestNode.ADMIN_TOKEN, body);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("token").asText();
    }

    /**
     * Every API route, what it answers a role that gets past its guard (called with id 1 and the body {@code {}};
     * {@code a/b} when either is right), and the roles that get past it. A role not listed must get 403; no token
     * or an unknown one 401. Kept equal to the operations the node serves by
     * {@link #everyApiOperationTheNodeServesIsInTheMatrix}.
     */
    static final String MATRIX = """
            POST   /api/v1/observations                     400     device admin
            GET    /api/v1/status                           200     viewer operator admin
            GET    /api/v1/status/stream                    200     viewer operator admin
            GET    /api/v1/whoami                           200     device viewer operator admin
            GET    /api/v1/dead-letters                     200     viewer operator admin
            GET    /api/v1/dead-letters/{id}                200/404 viewer operator admin
            POST   /api/v1/dead-letters/{id}/discard        400     operator admin
            POST   /api/v1/dead-letters/{id}/reprocess      400     operator admin
            GET    /api/v1/reconciliations                  200     viewer operator admin
            GET    /api/v1/reconciliations/groups           200     viewer operator admin
            POST   /api/v1/reconciliations/resolve          400     operator admin
            GET    /api/v1/reconciliations/{id}             404     viewer operator admin
            POST   /api/v1/reconciliations/{id}/resolve     400     operator admin
            GET    /api/v1/alerts                           200     viewer operator admin
            POST   /api/v1/alerts/{id}/ack                  409     operator admin
            POST   /api/v1/alerts/ack                       400     operator admin
            GET    /api/v1/devices                          200     viewer operator admin
            GET    /api/v1/senders                          200     viewer operator admin
            GET    /api/v1/operator-alerts                  200     viewer operator admin
            POST   /api/v1/operator-alerts/{id}/ack         409     operator admin
            GET    /api/v1/census                           400     viewer operator admin
            POST   /api/v1/census/rebuild                   200     admin
            POST   /api/v1/upstream/retry                   202     operator admin
            POST   /api/v1/lanes/{lane}/replay              400     admin
            GET    /api/v1/lanes/history                    200     viewer operator admin
            GET    /api/v1/tokens                           200     admin
            POST   /api/v1/tokens                           400     admin
            DELETE /api/v1/tokens/{id}                      404     admin
            GET    /api/v1/audit                            200     admin
            GET    /api/v1/audit/verify                     200     admin
            GET    /api/v1/audit/export                     200     admin
            POST   /api/v1/backup                           201     admin
            GET    /api/v1/break-glass                      200     viewer operator admin
            POST   /api/v1/break-glass                      400     operator
            DELETE /api/v1/break-glass                      404     operator admin
            """;

    static Stream<Arguments> matrix() {
        return MATRIX.lines().map(String::trim).filter(l -> !l.isEmpty()).map(l -> l.split("\\s+"))
                .map(f -> Arguments.of(f[0], f[1], Set.of(f[2].split("/")),
                        Set.of(Arrays.copyOfRange(f, 3, f.length))));
    }

    @ParameterizedTest(name = "{0} {1}: {2} for {3}")
    @MethodSource("matrix")
    void everyEndpointAnswersEveryRoleAsSpecified(String method, String path, Set<String> expected,
                                                 Set<String> allowed) {
        String concrete = path.replace("{id}", "1").replace("{lane}", "batch");
        assertThat(call(method, concrete, null)).as("no token").isEqualTo(401);
        assertThat(call(method, concrete, "hf_not-a-real-token")).as("unknown token").isEqualTo(401);
        for (Role role : Role.values()) {
            // A fresh token per call: what one call does (e.g. break-glass) must not change the next one's role.
            int status = call(method, concrete, issue(role.wireName(), null));
            if (allowed.contains(role.wireName())) {
                // Let through means answered as the route answers this call ({} as the body, id 1), not just
                // "not 401/403": a 500 behind the guard would pass that.
                assertThat(String.valueOf(status)).as(role.wireName() + " is let through and answered")
                        .isIn(expected);
            } else {
                assertThat(status).as(role.wireName() + " is refused").isEqualTo(403);
            }
        }
    }

    @Test
    void everyApiOperationTheNodeServesIsInTheMatrix() {
        List<String> served = node.node().operations().stream().filter(o -> o.contains(" /api/")).toList();
        Set<String> inMatrix = new TreeSet<>();
        matrix().forEach(a -> inMatrix.add(a.get()[0] + " " + a.get()[1]));
        assertThat(inMatrix).containsExactlyElementsOf(served);
    }

    /** Health is Helidon's observe feature, not one of the node's routes: it is added here, by hand. */
    @Test
    void theOpenApiDocumentListsEveryOperationTheNodeServesAndNoOther() throws IOException {
        Set<String> served = new TreeSet<>(node.node().operations());
        served.add("GET /observe/health");
        Map<String, Object> document = new Yaml().load(Files.readString(Path.of("..", "docs", "openapi.yaml")));
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) document.get("paths");
        Set<String> documented = new TreeSet<>();
        paths.forEach((path, operations) -> operations.keySet().forEach(method ->
                documented.add(method.toUpperCase(Locale.ROOT) + " " + path)));
        assertThat(documented).containsExactlyElementsOf(served);
    }

    /** Mounted under a prefix, an operation still answers at its own path only: a trailing slash is not found. */
    @Test
    void noOperationAnswersWithATrailingSlash() {
        for (String operation : node.node().operations()) {
            String[] parts = operation.split(" ");
            String concrete = parts[1].replace("{id}", "1").replace("{lane}", "batch") + "/";
            assertThat(call(parts[0], concrete, TestNode.ADMIN_TOKEN)).as(operation + " with a trailing slash")
                    .isEqualTo(404);
        }
    }

    @Test
    void theNodeServesItsOpenApiDocumentWithoutAToken() throws IOException {
        ApiClient.Response doc = node.api().get("/openapi.yaml", null);
        assertThat(doc.status()).isEqualTo(200);
        assertThat(doc.body()).startsWith("openapi: 3.1.0").isEqualTo(Files.readString(Path.of("..", "docs",
                "openapi.yaml")));
    }

    @Test
    void healthAndMetricsNeedNoToken() {
        assertThat(node.api().get("/observe/health", null).status()).isEqualTo(200);
        ApiClient.Response metrics = node.api().get("/observe/metrics", null);
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("holdfast_journal_appended{lane=\"critical\"}");
    }

    @Test
    void deviceBoundTokenIsRefusedForAnotherDevice() {
        String bound = issue("device", "mon-bound");
        assertThat(node.api().post("/api/v1/observations", bound, Readings.heartRate("mon-bound", "b1")).status())
                .isEqualTo(202);
        assertThat(node.api().post("/api/v1/observations", bound, Readings.heartRate("mon-other", "b1")).status())
                .isEqualTo(403);
    }

    @Test
    void revokedTokenIsRefusedAndTokensSurviveRestart() {
        String viewer = issue("viewer", null);
        ApiClient.Response created = node.api().post("/api/v1/tokens", TestNode.ADMIN_TOKEN,
                "{\"role\":\"viewer\",\"name\":\"to-revoke\"}");
        String revokedToken = created.json().get("token").asText();
        assertThat(node.api().get("/api/v1/status", revokedToken).status()).isEqualTo(200);
        assertThat(node.api().delete("/api/v1/tokens/" + created.json().get("id").asText(), TestNode.ADMIN_TOKEN)
                .status()).isEqualTo(204);
        assertThat(node.api().get("/api/v1/status", revokedToken).status()).isEqualTo(401);
        assertThat(node.api().delete("/api/v1/tokens/" + created.json().get("id").asText(), TestNode.ADMIN_TOKEN)
                .status()).as("revoking twice").isEqualTo(404);

        node.close();
        node = TestNode.start(data);
        assertThat(node.api().get("/api/v1/status", viewer).status()).isEqualTo(200);
        assertThat(node.api().get("/api/v1/status", revokedToken).status()).isEqualTo(401);
    }

    @Test
    void invalidTokenRequestsAreRefused() {
        assertThat(node.api().post("/api/v1/tokens", TestNode.ADMIN_TOKEN, "{\"role\":\"root\",\"name\":\"x\"}")
                .status()).isEqualTo(400);
        assertThat(node.api().post("/api/v1/tokens", TestNode.ADMIN_TOKEN, "{\"role\":\"viewer\"}").status())
                .isEqualTo(400);
        assertThat(node.api().post("/api/v1/tokens", TestNode.ADMIN_TOKEN,
                "{\"role\":\"viewer\",\"name\":\"v\",\"deviceId\":\"mon-1\"}").status()).isEqualTo(400);
    }

    private int call(String method, String path, String token) {
        return switch (method) {
            case "POST" -> node.api().post(path, token, "{}").status();
            case "GET" -> node.api().getStatusOnly(path, token);
            case "DELETE" -> node.api().delete(path, token).status();
            default -> throw new IllegalArgumentException(method);
        };
    }
}
