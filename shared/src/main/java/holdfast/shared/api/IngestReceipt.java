package holdfast.shared.api;

/** Answer to an accepted or repeated post: the event's id and lane, and whether it was seen before. */
public record IngestReceipt(String eventId, String lane, boolean duplicate) {
}
