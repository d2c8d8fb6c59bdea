package holdfast.console.status;

/** One lane as the lanes table shows it, with rates worked out between two polls. */
public record LaneRow(String name, long appended, long synced, long backlog, long oldestBacklogAgeMs,
                      double ingestPerSecond, double syncPerSecond, boolean accepting) {
}
