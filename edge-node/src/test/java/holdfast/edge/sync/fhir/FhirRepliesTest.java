package holdfast.edge.sync.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import holdfast.edge.sync.EventResult;
import holdfast.edge.sync.SyncOutcome;
import holdfast.edge.sync.UpstreamTrouble;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class FhirRepliesTest {

    private static final String MISSING_PATIENT = "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":"
            + "\"error\",\"code\":\"processing\",\"diagnostics\":\"HAPI-1091: Invalid match URL "
            + "\\\"Patient?identifier=urn:holdfast:patient-id|P404\\\" - No resources match this search\"}]}";
    private static final String SITE_RULE = "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":"
            + "\"error\",\"code\":\"processing\",\"diagnostics\":\"Site rule: code refused\"}]}";

    private final FhirReplies replies = new FhirReplies(new ObjectMapper());

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aCommittedTransactionAcceptsEveryEvent() {
        SyncOutcome o = replies.classify(200, null, bytes("{\"resourceType\":\"Bundle\",\"type\":\"transaction-response\"}"),
                List.of("a", "b"));
        assertThat(o).isInstanceOf(SyncOutcome.Answered.class);
        assertThat(((SyncOutcome.Answered) o).results()).extracting(EventResult::verdict)
                .containsExactly(EventResult.Verdict.ACCEPTED, EventResult.Verdict.ACCEPTED);
    }

    @Test
    void aRefusedBatchIsSplitUntilTheBadEventStandsAlone() {
        assertThat(replies.classify(422, null, bytes(SITE_RULE), List.of("a", "b"))).isInstanceOf(SyncOutcome.Split.class);
        SyncOutcome alone = replies.classify(422, null, bytes(SITE_RULE), List.of("b"));
        EventResult r = ((SyncOutcome.Answered) alone).results().get(0);
        assertThat(r.verdict()).isEqualTo(EventResult.Verdict.REJECTED);
        assertThat(r.reason()).isEqualTo("FHIR server (422): Site rule: code refused");
    }

    @Test
    void anUnknownPatientIsAConflict() {
        EventResult r = ((SyncOutcome.Answered) replies.classify(404, null, bytes(MISSING_PATIENT), List.of("a")))
                .results().get(0);
        assertThat(r.verdict()).isEqualTo(EventResult.Verdict.CONFLICT);
        assertThat(r.reason()).contains("No resources match");
    }

    @Test
    void aFourHundredFourWithoutAnOperationOutcomeIsAWrongUrlNotABadEvent() {
        SyncOutcome o = replies.classify(404, null, bytes("<html>not found</html>"), List.of("a"));
        assertThat(o).isInstanceOf(SyncOutcome.Retry.class);
        assertThat(((SyncOutcome.Retry) o).trouble()).isEqualTo(UpstreamTrouble.FAILING);
    }

    @Test
    void busyAndBrokenServersAreRetriedAndCredentialsStopSending() {
        SyncOutcome busy = replies.classify(429, "7", bytes(""), List.of("a"));
        assertThat(((SyncOutcome.Retry) busy).after()).isEqualTo(Duration.ofSeconds(7));
        assertThat(((SyncOutcome.Retry) busy).trouble()).isEqualTo(UpstreamTrouble.BUSY);
        assertThat(((SyncOutcome.Retry) replies.classify(500, null, bytes(SITE_RULE), List.of("a"))).trouble())
                .isEqualTo(UpstreamTrouble.FAILING);
        assertThat(replies.classify(401, null, bytes(""), List.of("a"))).isInstanceOf(SyncOutcome.Fatal.class);
        assertThat(replies.classify(403, null, bytes(""), List.of("a"))).isInstanceOf(SyncOutcome.Fatal.class);
    }

    @Test
    void tooLargeSplitsAndAloneIsRejected() {
        assertThat(replies.classify(413, null, bytes(""), List.of("a", "b"))).isInstanceOf(SyncOutcome.Split.class);
        assertThat(((SyncOutcome.Answered) replies.classify(413, null, bytes(""), List.of("a"))).results().get(0)
                .verdict()).isEqualTo(EventResult.Verdict.REJECTED);
    }
}
