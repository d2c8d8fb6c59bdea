package holdfast.edge.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The one place that decides what an upstream answer (or failure) means for the sync worker: a list of guard
 * clauses, each with its reason. Thread-safe (stateless apart from the shared mapper).
 */
final class ReplyClassifier {

    private final ObjectMapper mapper;

    ReplyClassifier(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    SyncOutcome classify(int status, String retryAfter, byte[] body) {
        if (status == 200) {
            return answered(body); // the normal case: one verdict per event
        }
        if (status == 401 || status == 403) {
            return new SyncOutcome.Fatal(status, "upstream refused our credentials (" + status + ")" + detail(body));
        }
        if (status == 413) {
            return new SyncOutcome.Split(status, "too large for upstream"); // contract §5: split; alone → rejected
        }
        if (status == 400) {
            return new SyncOutcome.Split(status, "refused by upstream" + detail(body)); // the cloud refuses its shape
        }
        if (status == 429 || status == 503) {
            // Busy, not broken: it answers and says when to come back.
            return new SyncOutcome.Retry(retryAfter(retryAfter), "upstream answered " + status, UpstreamTrouble.BUSY);
        }
        if (status >= 500) {
            // Its fault, maybe transient.
            return new SyncOutcome.Retry(null, "upstream failed (" + status + ")", UpstreamTrouble.FAILING);
        }
        // Anything else (404 from a wrong URL, 3xx, ...) is a misconfiguration a person must see; keep trying.
        return new SyncOutcome.Retry(null, "unexpected answer from upstream (" + status + ")" + detail(body),
                UpstreamTrouble.FAILING);
    }

    SyncOutcome classify(IOException failure) {
        if (failure instanceof HttpTimeoutException) {
            return new SyncOutcome.Retry(null, "upstream did not answer in time", // slow or hung cloud
                    UpstreamTrouble.UNREACHABLE);
        }
        if (failure instanceof java.net.ConnectException) {
            return new SyncOutcome.Retry(null, "upstream refused the connection", UpstreamTrouble.UNREACHABLE); // down
        }
        return new SyncOutcome.Retry(null, "connection to upstream failed: " + failure.getClass().getSimpleName(),
                UpstreamTrouble.UNREACHABLE);
    }

    private SyncOutcome answered(byte[] body) {
        JsonNode results;
        try {
            results = mapper.readTree(body).path("results");
        } catch (IOException e) {
            return new SyncOutcome.Retry(null, "upstream answered 200 with a body that is not JSON");
        }
        if (!results.isArray()) {
            return new SyncOutcome.Retry(null, "upstream answered 200 without a results array");
        }
        List<EventResult> list = new ArrayList<>(results.size());
        for (JsonNode r : results) {
            EventResult.Verdict verdict;
            try {
                verdict = EventResult.Verdict.valueOf(r.path("status").asText("").toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                return new SyncOutcome.Retry(null, "upstream answered an unknown status '" + r.path("status").asText()
                        + "'");
            }
            JsonNode cloud = r.get("cloud");
            list.add(new EventResult(r.path("eventId").asText(null), verdict,
                    r.hasNonNull("reason") ? r.get("reason").asText() : null,
                    cloud == null || cloud.isNull() ? null : cloud));
        }
        return new SyncOutcome.Answered(list);
    }

    private String detail(byte[] body) {
        if (body == null || body.length == 0) {
            return "";
        }
        try {
            JsonNode tree = mapper.readTree(body);
            String text = tree.hasNonNull("detail") ? tree.get("detail").asText()
                    : tree.hasNonNull("reason") ? tree.get("reason").asText() : null;
            return text == null ? "" : ": " + truncate(text);
        } catch (IOException e) {
            return "";
        }
    }

    private static String truncate(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }

    /** Retry-After as seconds or an HTTP date; null when absent or unreadable (the backoff decides then). */
    static Duration retryAfter(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
        } catch (NumberFormatException e) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(ZonedDateTime.now(at.getZone()), at);
                return d.isNegative() ? Duration.ZERO : d;
            } catch (java.time.format.DateTimeParseException unreadable) {
                return null;
            }
        }
    }
}
