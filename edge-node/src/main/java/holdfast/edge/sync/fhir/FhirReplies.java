package holdfast.edge.sync.fhir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import holdfast.edge.sync.EventResult;
import holdfast.edge.sync.SyncOutcome;
import holdfast.edge.sync.UpstreamTrouble;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The one place that decides what a FHIR server's answer to a batch's transaction means: a list of guard
 * clauses, each with its reason. A transaction is all or nothing, so a 4xx with an OperationOutcome says one of
 * the batch's events is bad without saying which: the batch is split (the lane worker halves it until the bad
 * event stands alone), and an event alone gets its verdict from the OperationOutcome: {@code conflict} when
 * the server knows no patient or encounter by the census's id, {@code rejected} otherwise. Thread-safe.
 */
final class FhirReplies {

    /** HAPI's wording (HAPI-1091, HAPI-1094) and the spec's for a reference that resolves to nothing. */
    private static final Pattern MISSING_REFERENCE = Pattern.compile(
            "(Patient|Encounter)[?/].*(No resources match|not found|does not exist|Unknown resource)",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final int MAX_REASON = 300;

    private final ObjectMapper mapper;

    FhirReplies(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    SyncOutcome classify(int status, String retryAfter, byte[] body, List<String> eventIds) {
        if (status == 200) {
            return answered(body, eventIds); // the transaction committed: every event is on the server
        }
        if (status == 401 || status == 403) {
            return new SyncOutcome.Fatal(status, "FHIR server refused our credentials (" + status + ")");
        }
        if (status == 413) {
            return eventIds.size() > 1 ? new SyncOutcome.Split(status, "too large for the FHIR server")
                    : rejected(eventIds, "too large for the FHIR server");
        }
        if (status == 429 || status == 503) {
            return new SyncOutcome.Retry(retryAfter(retryAfter), "FHIR server answered " + status,
                    UpstreamTrouble.BUSY); // busy, not broken
        }
        if (status >= 500) {
            return new SyncOutcome.Retry(null, "FHIR server failed (" + status + ")",
                    UpstreamTrouble.FAILING);
        }
        String diagnostics = status >= 400 ? outcome(body) : null;
        if (diagnostics == null) {
            // A 4xx without an OperationOutcome (a wrong base URL, a proxy) says nothing about our events.
            return new SyncOutcome.Retry(null, "unexpected answer from the FHIR server (" + status + ")",
                    UpstreamTrouble.FAILING);
        }
        if (eventIds.size() > 1) {
            return new SyncOutcome.Split(status, "refused by the FHIR server: " + diagnostics);
        }
        if (MISSING_REFERENCE.matcher(diagnostics).find()) {
            return new SyncOutcome.Answered(List.of(new EventResult(eventIds.get(0), EventResult.Verdict.CONFLICT,
                    "FHIR server (" + status + "): " + diagnostics, null)));
        }
        return rejected(eventIds, "FHIR server (" + status + "): " + diagnostics);
    }

    SyncOutcome classify(IOException failure) {
        if (failure instanceof HttpTimeoutException) {
            return new SyncOutcome.Retry(null, "FHIR server did not answer in time", UpstreamTrouble.UNREACHABLE);
        }
        if (failure instanceof java.net.ConnectException) {
            return new SyncOutcome.Retry(null, "FHIR server refused the connection", UpstreamTrouble.UNREACHABLE);
        }
        return new SyncOutcome.Retry(null, "connection to the FHIR server failed: "
                + failure.getClass().getSimpleName(), UpstreamTrouble.UNREACHABLE);
    }

    private SyncOutcome answered(byte[] body, List<String> eventIds) {
        JsonNode tree;
        try {
            tree = mapper.readTree(body);
        } catch (IOException e) {
            return new SyncOutcome.Retry(null, "FHIR server answered 200 with a body that is not JSON");
        }
        if (!"transaction-response".equals(tree.path("type").asText())) {
            return new SyncOutcome.Retry(null, "FHIR server answered 200 without a transaction-response");
        }
        List<EventResult> results = new ArrayList<>(eventIds.size());
        for (String id : eventIds) {
            results.add(new EventResult(id, EventResult.Verdict.ACCEPTED, null, null));
        }
        return new SyncOutcome.Answered(results);
    }

    private static SyncOutcome rejected(List<String> eventIds, String reason) {
        return new SyncOutcome.Answered(List.of(new EventResult(eventIds.get(0), EventResult.Verdict.REJECTED,
                truncate(reason), null)));
    }

    /** The OperationOutcome's diagnostics (distinct, joined), or null when the body is not one. */
    private String outcome(byte[] body) {
        try {
            JsonNode tree = mapper.readTree(body);
            if (tree == null || !"OperationOutcome".equals(tree.path("resourceType").asText())) {
                return null;
            }
            Set<String> texts = new LinkedHashSet<>();
            for (JsonNode issue : tree.path("issue")) {
                String text = issue.hasNonNull("diagnostics") ? issue.get("diagnostics").asText()
                        : issue.path("details").path("text").asText(issue.path("code").asText(""));
                if (!text.isBlank()) {
                    texts.add(text);
                }
            }
            return truncate(texts.isEmpty() ? "OperationOutcome without diagnostics" : String.join("; ", texts));
        } catch (IOException e) {
            return null;
        }
    }

    private static String truncate(String text) {
        return text.length() > MAX_REASON ? text.substring(0, MAX_REASON) + "…" : text;
    }

    static Duration retryAfter(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
        } catch (NumberFormatException e) {
            return null; // an HTTP date: the lane's backoff decides
        }
    }
}
