package holdfast.edge.ingest.http;

import holdfast.edge.ingest.InvalidInputException;

/**
 * The idempotency key of a reading posted over HTTP. A caller's {@code Idempotency-Key} lives in the caller's
 * own namespace, {@code http:{deviceId}:}: a key without {@code :} is placed there, a key already there is kept,
 * and any other key (another channel's {@code mqtt:}, {@code hl7:}, {@code reconcile:}, or another device's
 * {@code http:}) is refused. Otherwise one sender could make another's input look like a repeat and have it
 * answered "duplicate" and never journaled.
 */
final class CallerKeys {

    private CallerKeys() {
    }

    /**
     * @param supplied the caller's key, or null for the default {@code http:{deviceId}:{messageId}}
     * @throws InvalidInputException when {@code supplied} names a namespace that is not the caller's
     */
    static String of(String supplied, String deviceId, String messageId) {
        String own = "http:" + deviceId + ":";
        if (supplied == null) {
            return own + messageId;
        }
        if (supplied.indexOf(':') < 0) {
            return own + supplied;
        }
        if (supplied.startsWith(own) && supplied.length() > own.length()) {
            return supplied;
        }
        throw new InvalidInputException("Idempotency-Key must stay in the caller's namespace: a key without ':'"
                + " or one starting with http:{deviceId}: of the reading's device");
    }
}
