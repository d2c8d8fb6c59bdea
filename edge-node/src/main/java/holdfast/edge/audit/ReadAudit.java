package holdfast.edge.audit;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Audits reads that return patient-identifying data (census, alerts, reconciliations): one {@code read} row
 * per token and resource per coalescing window, written durably before the data is returned. Thread-safe.
 */
public final class ReadAudit {

    /** Past this many remembered (token, resource) pairs, the memory of who read what recently is cleared. */
    private static final int MAX_REMEMBERED = 10_000;

    private final AuditLog audit;
    private final Clock clock;
    private final AuditSettings settings;
    private final Map<String, Instant> lastAudited = new ConcurrentHashMap<>();

    public ReadAudit(AuditLog audit, Clock clock, AuditSettings settings) {
        this.audit = audit;
        this.clock = clock;
        this.settings = settings;
    }

    /** Records that {@code actor} read {@code resource}, unless it did so within the coalescing window. */
    public void read(String actorId, String actor, String resource) {
        Instant now = clock.instant();
        String key = actorId + "|" + resource;
        Instant last = lastAudited.get(key);
        if (last != null && now.isBefore(last.plus(settings.readCoalesce()))) {
            return;
        }
        if (lastAudited.size() >= MAX_REMEMBERED) {
            lastAudited.clear(); // at worst a few reads are audited twice; memory stays bounded
        }
        audit.append(AuditEntry.of(actorId, actor, "read", resource, null));
        lastAudited.put(key, now);
    }
}
