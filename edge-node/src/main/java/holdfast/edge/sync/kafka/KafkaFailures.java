package holdfast.edge.sync.kafka;

import holdfast.edge.sync.SyncOutcome;
import holdfast.edge.sync.UpstreamTrouble;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;

/** What a Kafka failure means for the lane worker: the Kafka counterpart of the HTTP reply classifier. */
final class KafkaFailures {

    private KafkaFailures() {
    }

    static SyncOutcome classify(KafkaException failure) {
        Throwable e = failure.getCause() instanceof KafkaException cause ? cause : failure;
        if (e instanceof AuthenticationException || e instanceof AuthorizationException) {
            return new SyncOutcome.Fatal(403, "Kafka refused our credentials or ACLs (" + name(e) + ")"); // a person
        }
        if (e instanceof RecordTooLargeException) {
            return new SyncOutcome.Split(413, "too large for upstream"); // split; alone → rejected, as with HTTP 413
        }
        if (e instanceof ProducerFencedException) {
            return new SyncOutcome.Retry(null, "Kafka fenced this lane's producer (another process with the same "
                    + "node id?)"); // start again: fence back, re-read progress
        }
        if (e instanceof TimeoutException) {
            return new SyncOutcome.Retry(null, "Kafka did not answer in time", UpstreamTrouble.UNREACHABLE); // broker down or unreachable
        }
        return new SyncOutcome.Retry(null, "Kafka failed: " + name(e)); // transient until proven otherwise
    }

    private static String name(Throwable e) {
        return e.getClass().getSimpleName();
    }
}
