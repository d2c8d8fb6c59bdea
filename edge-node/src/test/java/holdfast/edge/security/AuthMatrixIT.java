package holdfast.edge.security;

import static org.assertj.core.api.Assertions.assertThat;

import holdfast.edge.support.ApiClient;
import holdfast.edge.support.Readings;
import holdfast.edge.support.TestNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
     * or an unknown one 401. Kept equal to the routes in the source by
     * {@link #everyApiRouteInTheSourceIsInTheMatrix}.
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
    void everyApiRouteInTheSourceIsInTheMatrix() throws IOException {
        Pattern route = Pattern.compile("routing\\.(get|post|put|delete)\\(\"(/api/[^\"]+)\"");
        Set<String> inSource = new TreeSet<>();
        try (Stream<Path> files = Files.walk(Path.of("src", "main", "java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher m = route.matcher(Files.readString(file));
                while (m.find()) {
                    inSource.add(m.group(1).toUpperCase(Locale.ROOT) + " " + m.group(2));
                }
            }
        }
        Set<String> inMatrix = new TreeSet<>();
        matrix().forEach(a -> inMatrix.add(a.get()[0] + " " + a.get()[1]));
        assertThat(inMatrix).containsExactlyElementsOf(inSource);
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
