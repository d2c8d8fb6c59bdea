package holdfast.edge.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/**
 * A validated {@code POST /api/v1/reconciliations/{id}/resolve} body: the action, the person's reason, and for
 * {@code reattribute} the patient (and encounter, when known) the event really belongs to.
 */
record ResolveCommand(Action action, String reason, String patientId, String encounterId) {

    /** The four resolutions of contract §4. */
    public enum Action {
        RESEND, REATTRIBUTE, VOID, ACCEPT;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Parses and checks a request body; the exception's message says what is wrong, in plain words. */
    public static ResolveCommand parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new IllegalArgumentException("body must be a JSON object");
        }
        String actionText = body.path("action").asText("");
        Action action;
        try {
            action = Action.valueOf(actionText.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("action must be one of resend, reattribute, void, accept");
        }
        String reason = text(body, "reason");
        if (reason == null || reason.length() > 2000) {
            throw new IllegalArgumentException("reason is required (at most 2000 characters)");
        }
        String patientId = text(body, "patientId");
        String encounterId = text(body, "encounterId");
        if (action == Action.REATTRIBUTE && patientId == null) {
            throw new IllegalArgumentException("reattribute needs patientId (and encounterId if known)");
        }
        if (action != Action.REATTRIBUTE && (patientId != null || encounterId != null)) {
            throw new IllegalArgumentException("patientId and encounterId go with reattribute only");
        }
        if (patientId != null && patientId.length() > 128 || encounterId != null && encounterId.length() > 128) {
            throw new IllegalArgumentException("patientId and encounterId are at most 128 characters");
        }
        return new ResolveCommand(action, reason, patientId, encounterId);
    }

    private static String text(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || !node.isTextual() || node.asText().isBlank()) {
            return null;
        }
        return node.asText().trim();
    }
}
