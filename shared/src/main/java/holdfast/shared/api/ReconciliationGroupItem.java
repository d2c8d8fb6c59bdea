package holdfast.shared.api;

import java.time.Instant;
import java.util.List;

/**
 * Open reconciliations that share one cause, as {@code GET /api/v1/reconciliations/groups} lists them: the same
 * verdict, lane, place (bed, or device when no bed is known) and reason (times folded to {@code {time}}).
 */
public record ReconciliationGroupItem(String verdict, String lane, String ward, String bed, String deviceId,
                                      String reason, int count, Instant oldestOpenedAt, Instant newestOpenedAt,
                                      List<Long> ids) {

    public ReconciliationGroupItem {
        ids = ids == null ? List.of() : List.copyOf(ids);
    }

    /** The place in words: the bed, else the device, else "no bed or device". */
    public String where() {
        return bed != null ? (ward == null ? "" : ward + " / ") + bed
                : deviceId != null ? "device " + deviceId : "no bed or device";
    }
}
