package holdfast.edge.sync.fhir;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Client-assigned resource ids, derived from the eventId alone: the same event always becomes the same
 * {@code PUT Type/id}, so a resend or a replay changes nothing on the server. Ids start with a letter (HAPI
 * refuses purely numeric client ids) and stay within FHIR's 64 characters of {@code [A-Za-z0-9.-]}.
 */
final class FhirIds {

    /** The identifier system every resource carries, with the eventId as value. */
    static final String EVENT_SYSTEM = "urn:holdfast:event-id";
    static final String DEVICE_SYSTEM = "urn:holdfast:device-id";

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9.-]{1,48}");

    private FhirIds() {
    }

    /** The event's main resource. */
    static String of(String eventId) {
        return "hf-" + stem(eventId);
    }

    /** The event's {@code n}th observation (0-based): several readings of one message. */
    static String part(String eventId, int n) {
        return "hf-" + stem(eventId) + "-o" + n;
    }

    private static String stem(String eventId) {
        if (SAFE.matcher(eventId).matches()) {
            return eventId;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(eventId.getBytes(StandardCharsets.UTF_8));
            return "h" + HexFormat.of().formatHex(digest, 0, 20);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
