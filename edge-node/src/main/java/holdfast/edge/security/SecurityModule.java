package holdfast.edge.security;

import holdfast.edge.HoldfastException;
import holdfast.edge.audit.AuditLog;
import holdfast.edge.module.Module;
import holdfast.edge.store.Database;
import io.helidon.config.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may do what: hashed API tokens and break-glass, both in H2 and audited. On first start it writes a
 * bootstrap admin token to {@code dataDir/admin-token} (mode 600). Reads {@code security}.
 */
public final class SecurityModule implements Module {

    private static final Logger LOG = LoggerFactory.getLogger(SecurityModule.class);

    private final H2TokenStore tokens;
    private final BreakGlass breakGlass;

    private SecurityModule(H2TokenStore tokens, BreakGlass breakGlass) {
        this.tokens = tokens;
        this.breakGlass = breakGlass;
    }

    public static SecurityModule build(Config config, Path dataDir, Database database, AuditLog audit, Clock clock) {
        SecuritySettings settings = SecuritySettings.from(config.get("security"));
        H2TokenStore tokens = new H2TokenStore(database, audit, clock);
        BreakGlass breakGlass = new BreakGlass(database, audit, clock, settings);
        tokens.ensureBootstrapAdmin(settings.adminToken()).ifPresent(secret -> writeAdminToken(dataDir, secret));
        return new SecurityModule(tokens, breakGlass);
    }

    public H2TokenStore tokens() {
        return tokens;
    }

    public BreakGlass breakGlass() {
        return breakGlass;
    }

    @Override
    public void close() {
    }

    private static void writeAdminToken(Path dataDir, String secret) {
        Path file = dataDir.resolve("admin-token");
        try {
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, secret + "\n");
            LOG.info("event=security.bootstrap_token_written file={}", file);
        } catch (IOException e) {
            throw new HoldfastException("cannot write the bootstrap admin token to " + file, e);
        }
    }
}
