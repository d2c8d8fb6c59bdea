package holdfast.edge.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import holdfast.edge.support.ApiClient;
import holdfast.edge.support.MutableClock;
import holdfast.edge.support.TestNode;
import holdfast.edge.support.TestTimes;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Break-glass on a real node with an injectable clock: elevation, its limits, expiry by itself, audit. */
class BreakGlassIT {

    @TempDir
    Path data;
    MutableClock clock;
    TestNode node;
    String operator;

    @BeforeEach
    void start() {
        clock = new MutableClock(TestTimes.at("08:00:00"));
        node = TestNode.start(data, Map.of("security.break-glass-default-minutes", "30",
                "security.break-glass-max-minutes", "60"), clock);
        operator = token("operator", "night-nurse-it");
    }

    @AfterEach
    void stop() {
        node.close();
    }

    @Test
    void operatorElevatedByBreakGlassActsAsAdminUntilItExpiresByItself() {
        assertThat(node.api().get("/api/v1/tokens", operator).status()).as("before").isEqualTo(403);

        ApiClient.Response granted = node.api().post("/api/v1/break-glass", operator,
                "{\"reason\":\"admin unreachable, ward display token lost\"}");
        assertThat(granted.status()).as(granted.body()).isEqualTo(201);
        assertThat(Instant.parse(granted.json().get("expiresAt").asText()))
                .isEqualTo(TestTimes.at("08:30:00"));

        assertThat(node.api().get("/api/v1/tokens", operator).status()).as("elevated").isEqualTo(200);
        JsonNode shown = node.api().status(TestNode.ADMIN_TOKEN).get("breakGlass");
        assertThat(shown).hasSize(1);
        assertThat(shown.get(0).get("actor").asText()).isEqualTo("night-nurse-it");
        assertThat(shown.get(0).get("reason").asText()).contains("ward display token lost");
        // What the elevated operator does is audited under the elevation.
        String issued = node.api().post("/api/v1/tokens", operator, "{\"role\":\"device\",\"name\":\"display-2\"}")
                .json().get("id").asText();
        assertThat(auditRows()).contains("token.issue token:" + issued + " by night-nurse-it (break-glass)");

        clock.advance(Duration.ofMinutes(29));
        assertThat(node.api().get("/api/v1/tokens", operator).status()).as("29 min later").isEqualTo(200);
        clock.advance(Duration.ofMinutes(1));
        assertThat(node.api().get("/api/v1/tokens", operator).status()).as("at expiry").isEqualTo(403);
        assertThat(node.api().status(TestNode.ADMIN_TOKEN).get("breakGlass")).isEmpty();
        assertThat(node.api().get("/api/v1/status", operator).status()).as("still an operator").isEqualTo(200);

        List<String> audit = auditRows();
        assertThat(audit).anySatisfy(r -> assertThat(r).startsWith("break_glass.start ").endsWith("by night-nurse-it"));
        assertThat(audit).anySatisfy(r -> assertThat(r).startsWith("break_glass.expired ").endsWith("by node"));
    }

    @Test
    void elevationsEndEarlyAndSurviveARestartUntilTheirExpiry() {
        assertThat(node.api().post("/api/v1/break-glass", operator, "{\"reason\":\"r\",\"minutes\":10}").status())
                .isEqualTo(201);
        node.close();
        node = TestNode.start(data, Map.of(), clock);
        assertThat(node.api().get("/api/v1/tokens", operator).status()).as("after restart").isEqualTo(200);

        assertThat(node.api().delete("/api/v1/break-glass", operator).status()).isEqualTo(204);
        assertThat(node.api().get("/api/v1/tokens", operator).status()).as("ended").isEqualTo(403);
        assertThat(node.api().delete("/api/v1/break-glass", operator).status()).as("nothing to end").isEqualTo(404);
        assertThat(auditRows()).anySatisfy(r -> assertThat(r).startsWith("break_glass.ended ")
                .endsWith("by night-nurse-it (break-glass)"));
    }

    @Test
    void breakGlassIsRefusedWithoutReasonBeyondTheMaximumTwiceOrForOtherRoles() {
        assertThat(node.api().post("/api/v1/break-glass", operator, "{}").status()).isEqualTo(400);
        assertThat(node.api().post("/api/v1/break-glass", operator, "{\"reason\":\" \"}").status()).isEqualTo(400);
        assertThat(node.api().post("/api/v1/break-glass", operator, "{\"reason\":\"r\",\"minutes\":61}").status())
                .isEqualTo(400);
        assertThat(node.api().post("/api/v1/break-glass", operator, "{\"reason\":\"r\",\"minutes\":\"x\"}").status())
                .isEqualTo(400);
        assertThat(node.api().post("/api/v1/break-glass", token("viewer", "v"), "{\"reason\":\"r\"}").status())
                .isEqualTo(403);
        assertThat(node.api().post("/api/v1/break-glass", token("device", "d"), "{\"reason\":\"r\"}").status())
                .isEqualTo(403);
        assertThat(node.api().post("/api/v1/break-glass", TestNode.ADMIN_TOKEN, "{\"reason\":\"r\"}").status())
                .as("admins need no elevation").isEqualTo(403);
        assertThat(node.api().post("/api/v1/break-glass", operator, "{\"reason\":\"r\"}").status()).isEqualTo(201);
        assertThat(node.api().post("/api/v1/break-glass", operator, "{\"reason\":\"r\"}").status()).isEqualTo(409);
    }

    private String token(String role, String name) {
        ApiClient.Response r = node.api().post("/api/v1/tokens", TestNode.ADMIN_TOKEN,
                "{\"role\":\"" + role + "\",\"name\":\"" + name + "\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("token").asText();
    }

    /** Audit rows as "action target by actor". */
    private List<String> auditRows() {
        List<String> out = new ArrayList<>();
        node.api().get("/api/v1/audit", TestNode.ADMIN_TOKEN).json().get("items").forEach(r ->
                out.add(r.get("action").asText() + " " + r.get("target").asText() + " by " + r.get("actor").asText()));
        return out;
    }
}
