package holdfast.shared.api;

/**
 * One lane as {@code GET /api/v1/status} shows it. {@code appended} is the highest laneSeq in the journal,
 * {@code synced} the events the cloud has answered for; {@code accepting} is false while the lane refuses
 * new events (back-pressure), with the reason in {@code refusing}. {@code drainEtaMs} (extension, null when
 * there is nothing to send or no estimate yet) is how long until this lane's backlog is sent at the rate the
 * node is sending now, with the more urgent lanes' backlogs sent first.
 */
public record LaneStatus(
        String name,
        long appended,
        long synced,
        long backlog,
        long oldestBacklogAgeMs,
        boolean accepting,
        String refusing,
        Long drainEtaMs) {

    /** Without an estimate (kept so that callers from before {@code drainEtaMs} still compile). */
    public LaneStatus(String name, long appended, long synced, long backlog, long oldestBacklogAgeMs,
                      boolean accepting, String refusing) {
        this(name, appended, synced, backlog, oldestBacklogAgeMs, accepting, refusing, null);
    }
}
