package holdfast.edge.security;

import holdfast.edge.idempotency.ContentHash;
import holdfast.edge.store.Database;
import holdfast.edge.store.Sql;
import holdfast.shared.api.TokenIssued;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import holdfast.edge.audit.AuditEntry;
import holdfast.edge.audit.AuditLog;
import holdfast.shared.api.TokenSummary;
import java.time.Clock;
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
        boolean revoked = database.transaction("cannot revoke token " + tokenId, c -> {
            boolean changed = Sql.update(c, "UPDATE api_token SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
                    clock.instant(), tokenId) == 1;
            if (changed) {
                audit.append(c, AuditEntry.of(by.tokenId(), by.name(), "token.revoke", "token:" + tokenId, null));
            }
            return changed;
        });
        cache.values().removeIf(p -> p.tokenId().equals(tokenId));
        if (revoked) {
            LOG.info("event=token.revoked tokenId={}", tokenId);
        }
        return revoked;
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
        Optional<Principal> found = database.read("token lookup failed", c -> Sql.first(c,
                "SELECT id, name, role, device_id FROM api_token WHERE token_sha256 = ? AND revoked_at IS NULL",
                rs -> new Principal(rs.getString(1), rs.getString(2), Role.fromWire(rs.getString(3)), rs.getString(4)),
                hash));
        found.ifPresent(p -> cache.put(hash, p));
        return found;
    }

    @Override
    public List<TokenSummary> list() {
        return database.read("cannot list tokens", c -> Sql.list(c,
                "SELECT id, name, role, device_id, created_at, revoked_at FROM api_token ORDER BY created_at, id",
                rs -> new TokenSummary(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        Sql.instant(rs, 5), Sql.instant(rs, 6))));
    }

    private void insert(String id, String name, Role role, String deviceId, String secret, AuditEntry why) {
        database.transaction("cannot store token " + id, c -> {
            Sql.update(c, "INSERT INTO api_token (id, name, role, device_id, token_sha256, created_at) "
                    + "VALUES (?, ?, ?, ?, ?, ?)", id, name, role.wireName(), deviceId, hash(secret), clock.instant());
            audit.append(c, why);
            return null;
        });
    }

    private Optional<String> bootstrapHash() {
        return database.read("cannot read bootstrap token", c -> Sql.first(c,
                "SELECT token_sha256 FROM api_token WHERE id = ?", rs -> rs.getString(1), BOOTSTRAP_ID));
    }

    private void deleteBootstrap() {
        database.transaction("cannot replace bootstrap token",
                c -> Sql.update(c, "DELETE FROM api_token WHERE id = ?", BOOTSTRAP_ID));
        cache.clear();
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
