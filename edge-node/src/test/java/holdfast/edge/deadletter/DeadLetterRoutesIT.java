package holdfast.edge.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import holdfast.edge.security.Role;
import holdfast.edge.support.ApiClient;
import holdfast.edge.support.RouteHarness;
import holdfast.edge.support.TestNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dead-letter routes alone over the real H2 store (no node): who may see and close a dead letter, that a
 * discard needs a reason, keeps the row and is audited, and that a closed or truncated one is not taken in again.
 */
class DeadLetterRoutesIT {

    @TempDir
    Path data;

    @Test
    void operatorDiscardsADeadLetterWithAReasonAndNothingIsDeleted() {
        try (RouteHarness h = serve()) {
            long id = record(h, false);
            String operator = h.token(Role.OPERATOR, "night operator");
            String viewer = h.token(Role.VIEWER, "v");

            assertThat(h.post("/api/v1/dead-letters/" + id + "/discard", viewer, "{\"reason\":\"x\"}").status())
                    .isEqualTo(403);
            assertThat(h.post("/api/v1/dead-letters/" + id + "/discard", operator, "{}").status()).isEqualTo(400);
            assertThat(h.post("/api/v1/dead-letters/999/discard", operator, "{\"reason\":\"x\"}").status())
                    .isEqualTo(404);

            ApiClient.Response discarded = h.post("/api/v1/dead-letters/" + id + "/discard", operator,
                    "{\"reason\":\"test traffic from the integration bench\"}");
            assertThat(discarded.status()).as(discarded.body()).isEqualTo(200);
            JsonNode letter = discarded.json();
            assertThat(letter.get("status").asText()).isEqualTo("discarded");
            assertThat(letter.get("resolvedBy").asText()).isEqualTo("night operator");
            assertThat(letter.get("resolutionReason").asText()).isEqualTo("test traffic from the integration bench");
            assertThat(h.post("/api/v1/dead-letters/" + id + "/discard", operator, "{\"reason\":\"again\"}").status())
                    .isEqualTo(409);
            assertThat(h.post("/api/v1/dead-letters/" + id + "/reprocess", operator, "{\"reason\":\"now\"}").status())
                    .as("a discarded letter is not taken in again").isEqualTo(409);

            assertThat(h.get("/api/v1/dead-letters?status=open", viewer).json().get("items")).isEmpty();
            assertThat(h.get("/api/v1/dead-letters?status=discarded", viewer).json().get("items")).hasSize(1);
            assertThat(h.get("/api/v1/dead-letters/" + id, viewer).json().get("status").asText())
                    .isEqualTo("discarded");
            assertThat(actions(h)).contains("deadletter.discard");
        }
    }

    @Test
    void aTruncatedDeadLetterCannotBeReprocessedAndStaysOpen() {
        try (RouteHarness h = serve()) {
            long id = record(h, true);
            String operator = h.token(Role.OPERATOR, "night operator");
            ApiClient.Response r = h.post("/api/v1/dead-letters/" + id + "/reprocess", operator,
                    "{\"reason\":\"sender fixed\"}");
            assertThat(r.status()).as(r.body()).isEqualTo(409);
            assertThat(r.json().get("detail").asText()).contains("ask the sender to send it again");
            assertThat(h.get("/api/v1/dead-letters/" + id, operator).json().get("status").asText()).isEqualTo("open");
        }
    }

    @Test
    void unknownIdsStatusesAndCallersAreRefusedPlainly() {
        try (RouteHarness h = serve()) {
            assertThat(h.get("/api/v1/dead-letters/not-a-number", TestNode.ADMIN_TOKEN).status()).isEqualTo(404);
            assertThat(h.get("/api/v1/dead-letters?status=lost", TestNode.ADMIN_TOKEN).status()).isEqualTo(400);
            assertThat(h.get("/api/v1/dead-letters", null).status()).isEqualTo(401);
            assertThat(h.post("/api/v1/dead-letters/1/reprocess", TestNode.ADMIN_TOKEN, "{\"reason\":\"x\"}")
                    .status()).isEqualTo(404);
        }
    }

    private RouteHarness serve() {
        return RouteHarness.open(data).mount(h -> {
            H2DeadLetters deadLetters = new H2DeadLetters(h.database(), h.audit(), h.clock());
            return new DeadLetterRoutes(deadLetters, h.problems(), new DeadLetterReprocessor(deadLetters, Map.of()))
                    .mount(h.guard(), h.json());
        });
    }

    private static long record(RouteHarness h, boolean truncated) {
        byte[] raw = "not json".getBytes(StandardCharsets.UTF_8);
        return new H2DeadLetters(h.database(), h.audit(), h.clock()).record(new DeadLetter(h.clock().instant(),
                "http", "monitor-7", "corr-1", null, "00".repeat(32), raw.length, "application/json",
                "body is not JSON", "standard", raw, truncated));
    }

    private static List<String> actions(RouteHarness h) {
        List<String> out = new ArrayList<>();
        h.audit().between(java.time.Instant.EPOCH, h.clock().instant().plusSeconds(60), 100)
                .forEach(e -> out.add(e.action()));
        return out;
    }
}
