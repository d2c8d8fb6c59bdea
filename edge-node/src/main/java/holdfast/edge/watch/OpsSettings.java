package holdfast.edge.watch;

import holdfast.edge.config.Settings;
import io.helidon.config.Config;
import java.time.Duration;

/**
 * {@code ops.*}: operator alerts. {@code min-duration-seconds} (default 10) a condition must hold before it is
 * raised, {@code clear-after-seconds} (30) it must be gone before it is cleared; per condition thresholds; an
 * optional {@code webhook-url} told of every raise and clear. {@code tls-expiry-days} (30) and
 * {@code clock-skew-max-seconds} (30): 0 turns that check off.
 */
public record OpsSettings(boolean enabled, Duration checkInterval, Duration minDuration, Duration clearAfter,
                          Duration cloudUnreachableFor, Duration criticalBacklogAge, int deadLettersCount,
                          Duration deadLettersWindow, int reconciliationsCount, Duration reconciliationsWindow,
                          int diskFreePercent, Duration auditVerifyEvery, String webhookUrl, int webhookRetries,
                          Duration tlsExpiryWarning, Duration clockSkewMax) {

    public static OpsSettings from(Config ops) {
        return new OpsSettings(Settings.bool(ops, "enabled", true),
                Duration.ofMillis(Settings.longIn(ops, "check-interval-ms", 1000, 50, 60_000)),
                Duration.ofSeconds(Settings.longIn(ops, "min-duration-seconds", 10, 0, 86_400)),
                Duration.ofSeconds(Settings.longIn(ops, "clear-after-seconds", 30, 0, 86_400)),
                Duration.ofSeconds(Settings.longIn(ops, "cloud-unreachable-seconds", 300, 0, 7 * 86_400)),
                Duration.ofSeconds(Settings.longIn(ops, "critical-backlog-age-seconds", 60, 1, 86_400)),
                Settings.intIn(ops, "dead-letters-count", 10, 1, 1_000_000),
                Duration.ofMinutes(Settings.longIn(ops, "dead-letters-minutes", 10, 1, 1440)),
                Settings.intIn(ops, "reconciliations-count", 50, 1, 1_000_000),
                Duration.ofMinutes(Settings.longIn(ops, "reconciliations-minutes", 5, 1, 1440)),
                Settings.intIn(ops, "disk-free-percent", 10, 0, 99),
                Duration.ofMinutes(Settings.longIn(ops, "audit-verify-minutes", 60, 1, 7 * 1440)),
                Settings.string(ops, "webhook-url", ""),
                Settings.intIn(ops, "webhook-retries", 3, 0, 10),
                Duration.ofDays(Settings.longIn(ops, "tls-expiry-days", 30, 0, 3650)),
                Duration.ofSeconds(Settings.longIn(ops, "clock-skew-max-seconds", 30, 0, 86_400)));
    }
}
