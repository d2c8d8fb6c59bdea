package holdfast.edge.tls;

import holdfast.edge.config.Settings;
import holdfast.edge.config.SettingsException;
import io.helidon.config.Config;
import java.time.Duration;
import java.util.Locale;

/**
 * One listener's TLS settings ({@code http.tls.*} or {@code mllp.tls.*}; defaults documented in
 * {@code config/edge-node.yaml}). Only the shape is checked here; the files are opened by
 * {@link ServerTls#load(TlsSettings)} once, at start-up.
 *
 * @param section          {@code http.tls} or {@code mllp.tls}, for messages
 * @param enabled          false (default): the listener speaks plain TCP
 * @param keystore         the PKCS#12 keystore with the node's private key and certificate chain
 * @param clientAuth       whether clients must present a certificate the trust store vouches for
 * @param truststore       PKCS#12 trust store for client certificates (needed unless clientAuth is NONE)
 * @param handshakeTimeout how long a connection may take to complete its handshake (MLLP listener only: Helidon
 *                         runs the HTTPS handshakes itself and offers no deadline for them)
 */
public record TlsSettings(String section, boolean enabled, StoreFile keystore, ClientAuth clientAuth,
                          StoreFile truststore, Duration handshakeTimeout) {

    /** Whether the listener asks for (OPTIONAL) or insists on (REQUIRED) a client certificate. */
    public enum ClientAuth { NONE, OPTIONAL, REQUIRED }

    public static TlsSettings from(Config tls) {
        String section = tls.key().toString();
        boolean enabled = Settings.bool(tls, "enabled", false);
        StoreFile keystore = StoreFile.from(tls, "keystore");
        ClientAuth clientAuth = Settings.parsed(tls, "client-auth", ClientAuth.NONE, TlsSettings::clientAuth);
        StoreFile truststore = StoreFile.from(tls, "truststore");
        Duration handshake = Duration.ofSeconds(Settings.longIn(tls, "handshake-timeout-seconds", 10, 1, 300));
        if (enabled && keystore.path().isEmpty()) {
            throw new SettingsException(keystore.key(), "must name a PKCS#12 keystore when " + section
                    + ".enabled is true (see docs/tls.md)");
        }
        if (enabled && clientAuth != ClientAuth.NONE && truststore.path().isEmpty()) {
            throw new SettingsException(truststore.key(), "must name a PKCS#12 trust store when " + section
                    + ".client-auth is " + clientAuth.name().toLowerCase(Locale.ROOT));
        }
        return new TlsSettings(section, enabled, keystore, clientAuth, truststore, handshake);
    }

    /** TLS off: what an absent section means. */
    public static TlsSettings disabled(String section) {
        return new TlsSettings(section, false, StoreFile.none(section + ".keystore"), ClientAuth.NONE,
                StoreFile.none(section + ".truststore"), Duration.ofSeconds(10));
    }

    private static ClientAuth clientAuth(String text) {
        try {
            return ClientAuth.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is not one of none, optional, required");
        }
    }
}
