package holdfast.edge.sync;

import static org.assertj.core.api.Assertions.assertThat;

import holdfast.shared.envelope.EnvelopeCodec;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReplyClassifierTest {

    private final ReplyClassifier classifier = new ReplyClassifier(EnvelopeCodec.newMapper());

    @Test
    void okAnswerCarriesOneVerdictPerEventWithTheCloudsView() {
        SyncOutcome outcome = classifier.classify(200, null, bytes("{\"results\":["
                + "{\"eventId\":\"a\",\"status\":\"accepted\"},{\"eventId\":\"b\",\"status\":\"duplicate\"},"
                + "{\"eventId\":\"c\",\"status\":\"conflict\",\"reason\":\"bed held\",\"cloud\":{\"patientId\":\"P777\"}},"
                + "{\"eventId\":\"d\",\"status\":\"rejected\",\"reason\":\"unknown device\"}]}"));
        assertThat(outcome).isInstanceOf(SyncOutcome.Answered.class);
        var results = ((SyncOutcome.Answered) outcome).results();
        assertThat(results).extracting(EventResult::verdict).containsExactly(EventResult.Verdict.ACCEPTED,
                EventResult.Verdict.DUPLICATE, EventResult.Verdict.CONFLICT, EventResult.Verdict.REJECTED);
        assertThat(results.get(2).cloud().get("patientId").asText()).isEqualTo("P777");
        assertThat(results.get(3).reason()).isEqualTo("unknown device");
    }

    @Test
    void unreadableOkAnswerIsRetriedNotTrusted() {
        assertThat(classifier.classify(200, null, bytes("<html>"))).isInstanceOf(SyncOutcome.Retry.class);
        assertThat(classifier.classify(200, null, bytes("{\"results\":[{\"eventId\":\"a\",\"status\":\"maybe\"}]}")))
                .isInstanceOf(SyncOutcome.Retry.class);
    }

    @Test
    void refusedCredentialsStopSending() {
        assertThat(classifier.classify(401, null, bytes("{\"detail\":\"token expired\"}")))
                .isEqualTo(new SyncOutcome.Fatal(401, "upstream refused our credentials (401): token expired"));
        assertThat(classifier.classify(403, null, new byte[0])).isInstanceOf(SyncOutcome.Fatal.class);
    }

    @Test
    void tooLargeAndBadShapeSplitTheBatch() {
        assertThat(classifier.classify(413, null, new byte[0]))
                .isEqualTo(new SyncOutcome.Split(413, "too large for upstream"));
        assertThat(classifier.classify(400, null, bytes("{\"detail\":\"event x malformed\"}")))
                .isEqualTo(new SyncOutcome.Split(400, "refused by upstream: event x malformed"));
    }

    @Test
    void busyCloudIsRetriedAfterItsRetryAfter() {
        assertThat(classifier.classify(429, "3", new byte[0]))
                .isEqualTo(new SyncOutcome.Retry(Duration.ofSeconds(3), "upstream answered 429", UpstreamTrouble.BUSY));
        SyncOutcome.Retry unavailable = (SyncOutcome.Retry) classifier.classify(503, null, new byte[0]);
        assertThat(unavailable.after()).isNull();
        assertThat(unavailable.trouble()).as("busy even without a Retry-After").isEqualTo(UpstreamTrouble.BUSY);
        assertThat(ReplyClassifier.retryAfter("not a date")).isNull();
    }

    @Test
    void serverErrorsFailTheBatchAndTransportFailuresMakeTheCloudUnreachable() {
        assertThat(classifier.classify(500, null, new byte[0]))
                .isEqualTo(new SyncOutcome.Retry(null, "upstream failed (500)", UpstreamTrouble.FAILING));
        assertThat(((SyncOutcome.Retry) classifier.classify(404, null, new byte[0])).trouble())
                .isEqualTo(UpstreamTrouble.FAILING);
        assertThat(classifier.classify(new HttpTimeoutException("slow")))
                .isEqualTo(new SyncOutcome.Retry(null, "upstream did not answer in time", UpstreamTrouble.UNREACHABLE));
        assertThat(classifier.classify(new ConnectException("refused")))
                .isEqualTo(new SyncOutcome.Retry(null, "upstream refused the connection", UpstreamTrouble.UNREACHABLE));
        assertThat(((SyncOutcome.Retry) classifier.classify(new IOException("reset"))).trouble())
                .isEqualTo(UpstreamTrouble.UNREACHABLE);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
