package holdfast.edge.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import holdfast.edge.support.ApiClient;
import holdfast.edge.support.TestNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeadLetterDiscardIT {

    @TempDir
    Path data;

    @Test
    void operatorDiscardsADeadLetterWithAReasonAndNothingIsDeleted() {
        try (TestNode node = TestNode.start(data)) {
            ApiClient api = node.api();
            assertThat(api.post("/api/v1/observations", TestNode.ADMIN_TOKEN, "not json").status()).isEqualTo(400);
            long id = api.get("/api/v1/dead-letters?status=open", TestNode.ADMIN_TOKEN).json()
                    .get("items").get(0).get("id").asLong();
            String operator = api.post("/api/v1/tokens", TestNode.ADMIN_TOKEN,
                    "{\"role\":\"operator\",\"name\":\"night operator\"}").json().get("token").asText();
            String viewer = api.post("/api/v1/tokens", TestNode.ADMIN_TOKEN,
                    "{\"role\":\"viewer\",\"name\":\"v\"}").json().get("token").asText();

            assertThat(api.post("/api/v1/dead-letters/" + id + "/discard", viewer, "{\"reason\":\"x\"}").status())
                    .isEqualTo(403);
            assertThat(api.post("/api/v1/dead-letters/" + id + "/discard", operator, "{}").status()).isEqualTo(400);
            assertThat(api.post("/api/v1/dead-letters/999/discard", operator, "{\"reason\":\"x\"}").status())
                    .isEqualTo(404);

            ApiClient.Response discarded = api.post("/api/v1/dead-letters/" + id + "/discard", operator,
                    "{\"reason\":\"test traffic from the integration bench\"}");
            assertThat(discarded.status()).as(discarded.body()).isEqualTo(200);
            JsonNode letter = discarded.json();
            assertThat(letter.get("status").asText()).isEqualTo("discarded");
            assertThat(letter.get("resolvedBy").asText()).isEqualTo("night operator");
            assertThat(letter.get("resolutionReason").asText()).isEqualTo("test traffic from the integration bench");
            assertThat(api.post("/api/v1/dead-letters/" + id + "/discard", operator, "{\"reason\":\"again\"}").status())
                    .isEqualTo(409);

            assertThat(api.status(TestNode.ADMIN_TOKEN).get("deadLetters").get("open").asLong()).isZero();
            assertThat(api.get("/api/v1/dead-letters?status=discarded", viewer).json().get("items")).hasSize(1);
            assertThat(api.get("/api/v1/dead-letters/" + id, viewer).json().get("status").asText())
                    .isEqualTo("discarded");
        }
    }
}
