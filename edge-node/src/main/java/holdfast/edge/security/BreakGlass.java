package holdfast.edge.security;

import holdfast.edge.audit.AuditEntry;
import holdfast.edge.audit.AuditLog;
import holdfast.edge.store.Database;
import holdfast.edge.store.Sql;
import holdfast.shared.api.BreakGlassItem;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Break-glass: an operator elevates to admin for a limited time, giving a reason, when the ward needs an admin
 * action and no admin is at hand. The elevation ends by itself at its expiry (checked against the clock on
 * every use, so it never outlives its time even if nobody looks) or earlier when its holder ends it. Start,
 * early end and expiry are each written to the audit trail in the same transaction as the elevation's row.
 * Active elevations are kept in memory too, so the per-request check costs no query. Thread-safe.
 */
public final class BreakGlass {

    private static final Logger LOG = LoggerFactory.getLogger(BreakGlass.class);

    private final Database database;
    private final AuditLog audit;
    private final Clock clock;
    private final SecuritySettings settings;
    private final Map<String, BreakGlassItem> activeByToken = new ConcurrentHashMap<>();

    public BreakGlass(Database database, AuditLog audit, Clock clock, SecuritySettings settings) {
        this.database = database;
        this.audit = audit;
        this.clock = clock;
        this.settings = settings;
        for (BreakGlassItem open : openRows()) {
            activeByToken.put(open.tokenId(), open);
        }
    }

    /** The outcome of asking to elevate. */
    public sealed interface Request permits Granted, Refused {
    }

    public record Granted(BreakGlassItem elevation) implements Request {
    }

    public record Refused(Why why, String detail) implements Request {
    }

    /** Why an elevation was refused. */
    public enum Why { NOT_AN_OPERATOR, ALREADY_ELEVATED, INVALID }

    /**
     * Elevates {@code who} (an operator) to admin for {@code duration} (the configured default when null).
     * Refused for other roles, a blank reason, a duration over the maximum, or when already elevated.
     */
    public synchronized Request elevate(Principal who, String reason, Duration duration) {
        if (active(who.tokenId()).isPresent()) {
            return new Refused(Why.ALREADY_ELEVATED,
                    "this token is already elevated; end it first or wait for it to expire");
        }
        if (who.role() != Role.OPERATOR) {
            return new Refused(Why.NOT_AN_OPERATOR,
                    "only an operator token can break glass (this one is " + who.role().wireName() + ")");
        }
        if (reason == null || reason.isBlank() || reason.length() > 2000) {
            return new Refused(Why.INVALID, "a reason is required (at most 2000 characters)");
        }
        Duration d = duration == null ? settings.breakGlassDefault() : duration;
        if (d.isNegative() || d.isZero() || d.compareTo(settings.breakGlassMax()) > 0) {
            return new Refused(Why.INVALID, "minutes must be from 1 to " + settings.breakGlassMax().toMinutes());
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Instant expires = now.plus(d);
        long id = database.transaction("cannot record the break-glass elevation", c -> {
            long key = Sql.insert(c, "INSERT INTO break_glass (token_id, actor, reason, started_at, expires_at) "
                    + "VALUES (?, ?, ?, ?, ?)", who.tokenId(), who.name(), reason, now, expires);
            audit.append(c, AuditEntry.of(who.tokenId(), who.name(), "break_glass.start", "break-glass:" + key,
                    reason + " (until " + expires + ")"));
            return key;
        });
        BreakGlassItem item = new BreakGlassItem(id, who.tokenId(), who.name(), reason, now, expires);
        activeByToken.put(who.tokenId(), item);
        LOG.warn("event=break_glass.start breakGlassId={} tokenId={} expiresAt={}", id, who.tokenId(), expires);
        return new Granted(item);
    }

    /** The token's elevation if it is still running; one found expired is ended (and audited) on the way. */
    public Optional<BreakGlassItem> active(String tokenId) {
        BreakGlassItem item = activeByToken.get(tokenId);
        if (item == null) {
            return Optional.empty();
        }
        if (clock.instant().isBefore(item.expiresAt())) {
            return Optional.of(item);
        }
        finish(item, "expired", null, null);
        return Optional.empty();
    }

    /** Every running elevation, oldest first; ends those past their expiry. */
    public List<BreakGlassItem> activeAll() {
        List<BreakGlassItem> out = new ArrayList<>();
        for (String token : List.copyOf(activeByToken.keySet())) {
            active(token).ifPresent(out::add);
        }
        out.sort(Comparator.comparing(BreakGlassItem::startedAt));
        return out;
    }

    /** Ends {@code who}'s elevation now. False when it has none running. */
    public boolean end(Principal who) {
        Optional<BreakGlassItem> item = active(who.tokenId());
        return item.isPresent() && finish(item.get(), "ended", who.tokenId(), who.name());
    }

    private synchronized boolean finish(BreakGlassItem item, String cause, String actorId, String actor) {
        if (activeByToken.get(item.tokenId()) != item) {
            return false; // another thread finished it first
        }
        Instant at = "expired".equals(cause) ? item.expiresAt() : clock.instant();
        boolean ended = database.transaction("cannot end break-glass elevation " + item.id(), c -> {
            boolean changed = Sql.update(c, "UPDATE break_glass SET ended_at = ?, end_cause = ? WHERE id = ? "
                    + "AND ended_at IS NULL", at, cause, item.id()) == 1;
            if (changed) {
                audit.append(c, AuditEntry.of(actorId, actor == null ? "node" : actor, "break_glass." + cause,
                        "break-glass:" + item.id(), "elevation of token " + item.tokenId() + " (" + item.actor()
                                + ")"));
            }
            return changed;
        });
        activeByToken.remove(item.tokenId(), item);
        LOG.warn("event=break_glass.{} breakGlassId={} tokenId={}", cause, item.id(), item.tokenId());
        return ended;
    }

    private List<BreakGlassItem> openRows() {
        return database.read("cannot read break-glass elevations", c -> Sql.list(c,
                "SELECT id, token_id, actor, reason, started_at, expires_at FROM break_glass WHERE ended_at IS NULL",
                rs -> new BreakGlassItem(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        Sql.instant(rs, 5), Sql.instant(rs, 6))));
    }
}
