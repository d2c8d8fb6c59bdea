package holdfast.edge.audit;

import holdfast.edge.config.Settings;
import io.helidon.config.Config;
import java.time.Duration;

/**
 * {@code audit.*}: {@code read-coalesce-seconds} (default 300) is the window in which repeated reads of the same
 * patient-identifying resource by the same token make one audit row, not one per request (a console refreshing
 * every second would otherwise bury the trail). 0 audits every read.
 */
public record AuditSettings(Duration readCoalesce) {

    public static AuditSettings defaults() {
        return new AuditSettings(Duration.ofSeconds(300));
    }

    public static AuditSettings from(Config audit) {
        return new AuditSettings(Duration.ofSeconds(Settings.longIn(audit, "read-coalesce-seconds", 300, 0, 86_400)));
    }
}
