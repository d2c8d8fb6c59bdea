package holdfast.edge.security;

import static org.assertj.core.api.Assertions.assertThat;

import holdfast.edge.support.ApiClient;
import holdfast.edge.support.Readings;
import holdfast.edge.support.TestNode;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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

    @ParameterizedTest(name = "{0} {1}: none={2} bad={3} device={4} viewer={5} operator={6} admin={7}")
    @CsvSource(textBlock = """
            POST,   /api/v1/observations, 401, 401, 202, 403, 403, 202
            GET,    /api/v1/status,       401, 401, 403, 200, 200, 200
            GET,    /api/v1/dead-letters, 401, 401, 403, 200, 200, 200
            POST,   /api/v1/tokens,       401, 401, 403, 403, 403, 201
            DELETE, /api/v1/tokens/{id},  401, 401, 403, 403, 403, 204
            """)
    void everyEndpointAnswersEveryRoleAsSpecified(String method, String path, int none, int bad, int device,
                                                 int viewer, int operator, int admin) {
        assertThat(call(method, path, null)).as("no token").isEqualTo(none);
        assertThat(call(method, path, "hf_not-a-real-token")).as("unknown token").isEqualTo(bad);
        assertThat(call(method, path, TOKENS.get(Role.DEVICE))).as("device").isEqualTo(device);
        assertThat(call(method, path, TOKENS.get(Role.VIEWER))).as("viewer").isEqualTo(viewer);
        assertThat(call(method, path, TOKENS.get(Role.OPERATOR))).as("operator").isEqualTo(operator);
        assertThat(call(method, path, TOKENS.get(Role.ADMIN))).as("admin").isEqualTo(admin);
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
            case "POST" -> path.endsWith("tokens")
                    ? node.api().post(path, token, "{\"role\":\"viewer\",\"name\":\"m-" + SEQ.incrementAndGet() + "\"}").status()
                    : node.api().post(path, token, Readings.heartRate("mon-1", "auth-" + SEQ.incrementAndGet())).status();
            case "GET" -> node.api().get(path, token).status();
            case "DELETE" -> node.api().delete(path.replace("{id}", victim()), token).status();
            default -> throw new IllegalArgumentException(method);
        };
    }

    /** A fresh token to delete, so each DELETE has something to revoke. */
    private String victim() {
        return node.api().post("/api/v1/tokens", TestNode.ADMIN_TOKEN,
                "{\"role\":\"viewer\",\"name\":\"victim-" + SEQ.incrementAndGet() + "\"}").json().get("id").asText();
    }
}
