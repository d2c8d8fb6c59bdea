package holdfast.edge.reconcile;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Open reconciliations grouped by cause, largest group first: the same verdict, lane, place (bed, or device
 * when no bed is known) and reason. One wrong census entry opens one reconciliation per reading; grouped, it is
 * one line a person can resolve at once. The cloud's reason names the moment of each event, so times are
 * replaced by {@code {time}} before comparing.
 */
final class ReconciliationGroups {

    /** How many open reconciliations one request looks at; {@code truncated} says when there were more. */
    static final int MAX_SCANNED = 5000;

    private static final Pattern ISO_TIME =
            Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:\\d{2})?");

    /** The shared cause and everything an operator needs to decide on the group. */
    public record Group(String verdict, String lane, String ward, String bed, String deviceId, String reason,
                        int count, Instant oldestOpenedAt, Instant newestOpenedAt, List<Long> ids) {
    }

    private record Key(String verdict, String lane, String ward, String bed, String deviceId, String reason) {
    }

    private ReconciliationGroups() {
    }

    static Map<String, Object> of(List<Reconciliation> open) {
        Map<Key, List<Reconciliation>> byCause = new LinkedHashMap<>();
        for (Reconciliation r : open) {
            byCause.computeIfAbsent(keyOf(r), k -> new ArrayList<>()).add(r);
        }
        List<Group> groups = new ArrayList<>(byCause.size());
        byCause.forEach((k, members) -> groups.add(new Group(k.verdict(), k.lane(), k.ward(), k.bed(), k.deviceId(),
                k.reason(), members.size(),
                members.stream().map(Reconciliation::openedAt).min(Comparator.naturalOrder()).orElse(null),
                members.stream().map(Reconciliation::openedAt).max(Comparator.naturalOrder()).orElse(null),
                members.stream().map(Reconciliation::id).sorted().toList())));
        groups.sort(Comparator.comparingInt(Group::count).reversed()
                .thenComparing(Group::oldestOpenedAt, Comparator.nullsLast(Comparator.naturalOrder())));
        return Map.of("groups", groups, "scanned", open.size(), "truncated", open.size() >= MAX_SCANNED);
    }

    private static Key keyOf(Reconciliation r) {
        String ward = r.subject() == null ? null : r.subject().ward();
        String bed = r.subject() == null ? null : r.subject().bed();
        String device = r.subject() == null || bed != null ? null : r.subject().deviceId();
        String reason = r.reason() == null ? null : ISO_TIME.matcher(r.reason()).replaceAll("{time}");
        return new Key(r.verdict(), r.lane(), ward, bed, device, reason);
    }
}
