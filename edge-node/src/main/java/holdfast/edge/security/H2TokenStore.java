package holdfast.edge.security;

import holdfast.edge.HoldfastException;
import holdfast.edge.idempotency.ContentHash;
import holdfast.edge.store.Database;
import holdfast.shared.api.TokenIssued;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import holdfast.edge.audit.AuditEntry;
import holdfast.edge.audit.AuditLog;
import holdfast.shared.api.TokenSummary;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tokens in the {@code api_token} table. Secrets are 32 random bytes (URL-safe base64, prefixed {@code hf_});
 * only their SHA-256 is stored. Successful look-ups are cached by hash so a busy device does not cost a query
 * per post; revocation evicts the cache. Thread-safe.
 */
public final class H2TokenStore implements TokenStore {

    private static final Logger LOG = LoggerFactory.getLogger(H2TokenStore.class);
    static final String BOOTSTRAP_ID = "bootstrap-admin";

    private final Database database;
    private final AuditLog audit;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final ConcurrentHashMap<String, Principal> cache = new ConcurrentHashMap<>();

    public H2TokenStore(Database database, AuditLog audit, Clock clock) {
        this.database = database;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public TokenIssued issue(String name, Role role, String deviceId, Principal by) {
        String secret = newSecret();
        String id = UUID.randomUUID().toString();
        insert(id, name, role, deviceId, secret, AuditEntry.of(by.tokenId(), by.name(), "token.issue", "token:" + id,
                "role " + role.wireName() + (deviceId != null ? ", bound to one device" : "")));
        LOG.info("event=token.issued tokenId={} role={} boundToDevice={}", id, role.wireName(), deviceId != null);
        return new TokenIssued(id, secret);
    }

    /**
     * Makes sure the bootstrap admin token exists. With {@code configured} set, that secret becomes the
     * bootstrap token (replacing an older one); otherwise a token is generated on first start only.
     *
     * @return the new secret when one was generated, else empty
     */
    public Optional<String> ensureBootstrapAdmin(String configured) {
        Optional<String> existingHash = bootstrapHash();
        if (configured != null && !configured.isBlank()) {
            if (existingHash.filter(h -> h.equals(hash(configured))).isEmpty()) {
                deleteBootstrap();
                insert(BOOTSTRAP_ID, "bootstrap admin", Role.ADMIN, null, configured,
                        AuditEntry.of(null, "node", "token.bootstrap", "token:" + BOOTSTRAP_ID, "configured"));
            }
            return Optional.empty();
        }
        if (existingHash.isPresent()) {
            return Optional.empty();
        }
        String secret = newSecret();
        insert(BOOTSTRAP_ID, "bootstrap admin", Role.ADMIN, null, secret,
                AuditEntry.of(null, "node", "token.bootstrap", "token:" + BOOTSTRAP_ID, "generated on first start"));
        return Optional.of(secret);
    }

    @Override
    public boolean revoke(String tokenId, Principal by) {
        try (Connection c = database.connection();
             PreparedStatement s = c.prepareStatement(
                     "UPDATE api_token SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")) {
            c.setAutoCommit(false);
            s.setObject(1, clock.instant().atOffset(ZoneOffset.UTC));
            s.setString(2, tokenId);
            boolean revoked = s.executeUpdate() == 1;
            if (revoked) {
                audit.append(c, AuditEntry.of(by.tokenId(), by.name(), "token.revoke", "token:" + tokenId, null));
            }
            Database.commitDurably(c);
            cache.values().removeIf(p -> p.tokenId().equals(tokenId));
            if (revoked) {
                LOG.info("event=token.revoked tokenId={}", tokenId);
            }
            return revoked;
        } catch (SQLException e) {
            throw new HoldfastException("cannot revoke token " + tokenId, e);
        }
    }

    @Override
    public Optional<Principal> authenticate(String secret) {
        if (secret == null || secret.isBlank() || secret.length() > 200) {
            return Optional.empty();
        }
        String hash = hash(secret);
        Principal cached = cache.get(hash);
        if (cached != null) {
            return Optional.of(cached);
        }
        try (Connection c = database.connection();
             PreparedStatement s = c.prepareStatement(
                     "SELECT id, name, role, device_id FROM api_token WHERE token_sha256 = ? AND revoked_at IS NULL")) {
            s.setString(1, hash);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Principal p = new Principal(rs.getString(1), rs.getString(2), Role.fromWire(rs.getString(3)),
                        rs.getString(4));
                cache.put(hash, p);
                return Optional.of(p);
            }
        } catch (SQLException e) {
            throw new HoldfastException("token lookup failed", e);
        }
    }

    @Override
    public List<TokenSummary> list() {
        try (Connection c = database.connection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT id, name, role, device_id, created_at, revoked_at FROM api_token ORDER BY created_at, id")) {
            List<TokenSummary> out = new ArrayList<>();
            while (rs.next()) {
                OffsetDateTime revoked = rs.getObject(6, OffsetDateTime.class);
                out.add(new TokenSummary(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getObject(5, OffsetDateTime.class).toInstant(), revoked == null ? null : revoked.toInstant()));
            }
            return out;
        } catch (SQLException e) {
            throw new HoldfastException("cannot list tokens", e);
        }
    }

    private void insert(String id, String name, Role role, String deviceId, String secret, AuditEntry why) {
        try (Connection c = database.connection();
             PreparedStatement s = c.prepareStatement("INSERT INTO api_token (id, name, role, device_id, "
                     + "token_sha256, created_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            c.setAutoCommit(false);
            s.setString(1, id);
            s.setString(2, name);
            s.setString(3, role.wireName());
            s.setString(4, deviceId);
            s.setString(5, hash(secret));
            s.setObject(6, clock.instant().atOffset(ZoneOffset.UTC));
            s.executeUpdate();
            audit.append(c, why);
            Database.commitDurably(c);
        } catch (SQLException e) {
            throw new HoldfastException("cannot store token " + id, e);
        }
    }

    private Optional<String> bootstrapHash() {
        try (Connection c = database.connection();
             PreparedStatement s = c.prepareStatement("SELECT token_sha256 FROM api_token WHERE id = ?")) {
            s.setString(1, BOOTSTRAP_ID);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new HoldfastException("cannot read bootstrap token", e);
        }
    }

    private void deleteBootstrap() {
        try (Connection c = database.connection();
             PreparedStatement s = c.prepareStatement("DELETE FROM api_token WHERE id = ?")) {
            c.setAutoCommit(false);
            s.setString(1, BOOTSTRAP_ID);
            s.executeUpdate();
            Database.commitDurably(c);
            cache.clear();
        } catch (SQLException e) {
            throw new HoldfastException("cannot replace bootstrap token", e);
        }
    }

    private String newSecret() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return "hf_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String hash(String secret) {
        return ContentHash.of(secret.getBytes(StandardCharsets.UTF_8));
    }
}
