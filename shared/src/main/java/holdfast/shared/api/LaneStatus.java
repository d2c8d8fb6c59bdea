package holdfast.shared.api;

/**
 * One lane as {@code GET /api/v1/status} shows it. {@code appended} is the highest laneSeq in the journal,
 * {@code synced} the events the cloud has answered for; {@code accepting} is false while the lane refuses
 * new events (back-pressure), with the reason in {@code refusing}.
 */
public record LaneStatus(
        String name,
        long appended,
        long synced,
        long backlog,
        long oldestBacklogAgeMs,
        boolean accepting,
        String refusing) {
}
