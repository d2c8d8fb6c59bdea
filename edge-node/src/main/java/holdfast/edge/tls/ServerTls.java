package holdfast.edge.tls;

import holdfast.edge.config.SettingsException;
import io.helidon.common.tls.Tls;
import io.helidon.common.tls.TlsClientAuth;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A listener's TLS, loaded and checked once at start-up: the server's key and certificate chain from the
 * keystore, TLSv1.3 and TLSv1.2 only, and client certificates checked against the trust store when asked
 * for. Certificates are read at start-up only: a renewed keystore takes effect on restart (docs/tls.md).
 * Immutable and thread-safe.
 */
public final class ServerTls {

    /** Older protocol versions are refused: TLSv1.0/1.1 are deprecated (RFC 8996). */
    static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private static final Logger LOG = LoggerFactory.getLogger(ServerTls.class);
    private static final Duration EXPIRY_WARNING = Duration.ofDays(30);

    private final TlsSettings settings;
    private final SSLContext context;
    private final Instant notAfter;

    private ServerTls(TlsSettings settings, SSLContext context, Instant notAfter) {
        this.settings = settings;
        this.context = context;
        this.notAfter = notAfter;
    }

    /** Opens the keystore (and trust store); any problem stops start-up naming the key to fix. */
    public static ServerTls load(TlsSettings settings, Clock clock) {
        if (!settings.enabled()) {
            throw new IllegalStateException(settings.section() + " is not enabled");
        }
        KeyStore keys = Pkcs12.open(settings.keystore());
        X509Certificate certificate = serverCertificate(keys, settings.keystore());
        try {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            try {
                kmf.init(keys, Pkcs12.password(settings.keystore()));
            } catch (UnrecoverableKeyException e) {
                throw new SettingsException(settings.keystore().passwordKey(), "the private key in "
                        + settings.keystore().path().orElseThrow()
                        + " has a password other than the keystore's; PKCS#12 for the node needs one password");
            }
            TrustManager[] trust = null; // no client certificates asked for: the trust managers are never used
            if (settings.clientAuth() != TlsSettings.ClientAuth.NONE) {
                trust = trustManagers(settings.truststore());
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), trust, null);
            logLoaded(settings, certificate, clock.instant());
            return new ServerTls(settings, context, certificate.getNotAfter().toInstant());
        } catch (GeneralSecurityException e) {
            throw new SettingsException(settings.keystore().key(), "cannot be used for TLS (" + e.getMessage() + ")");
        }
    }

    public TlsSettings settings() {
        return settings;
    }

    /** When the listener's certificate expires (it is read at start-up only: a renewal counts after a restart). */
    public Instant notAfter() {
        return notAfter;
    }

    SSLContext context() {
        return context;
    }

    /** The same key material for Helidon's HTTP listener. */
    public Tls helidonTls() {
        return Tls.builder()
                .sslContext(context)
                .enabledProtocols(PROTOCOLS)
                .clientAuth(switch (settings.clientAuth()) {
                    case NONE -> TlsClientAuth.NONE;
                    case OPTIONAL -> TlsClientAuth.OPTIONAL;
                    case REQUIRED -> TlsClientAuth.REQUIRED;
                })
                .build();
    }

    /** Server-side parameters for one accepted connection. */
    SSLParameters parameters() {
        SSLParameters parameters = context.getDefaultSSLParameters();
        parameters.setProtocols(PROTOCOLS.toArray(String[]::new));
        parameters.setNeedClientAuth(settings.clientAuth() == TlsSettings.ClientAuth.REQUIRED);
        if (settings.clientAuth() == TlsSettings.ClientAuth.OPTIONAL) {
            parameters.setWantClientAuth(true);
        }
        return parameters;
    }

    private static X509Certificate serverCertificate(KeyStore keys, StoreFile store) {
        try {
            for (String alias : Collections.list(keys.aliases())) {
                if (keys.isKeyEntry(alias)) {
                    Certificate[] chain = keys.getCertificateChain(alias);
                    if (chain != null && chain.length > 0 && chain[0] instanceof X509Certificate leaf) {
                        return leaf;
                    }
                }
            }
        } catch (GeneralSecurityException e) {
            throw new SettingsException(store.key(), "cannot list the entries of " + store.path().orElseThrow());
        }
        throw new SettingsException(store.key(), store.path().orElseThrow() + " holds no private key with a"
                + " certificate (a trust store given as keystore?); see docs/tls.md");
    }

    private static TrustManager[] trustManagers(StoreFile store) throws GeneralSecurityException {
        KeyStore trusted = Pkcs12.open(store);
        boolean any = false;
        for (String alias : Collections.list(trusted.aliases())) {
            any |= trusted.isCertificateEntry(alias);
        }
        if (!any) {
            throw new SettingsException(store.key(), store.path().orElseThrow() + " holds no trusted certificate");
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
        return tmf.getTrustManagers();
    }

    private static void logLoaded(TlsSettings settings, X509Certificate certificate, Instant now) {
        Instant notAfter = certificate.getNotAfter().toInstant();
        LOG.info("event=tls.loaded listener={} subject=\"{}\" notAfter={} clientAuth={}", settings.section(),
                certificate.getSubjectX500Principal().getName(), notAfter, settings.clientAuth());
        // Clients will refuse an expired certificate; start anyway (ingest on other channels goes on) but say so.
        if (notAfter.isBefore(now)) {
            LOG.error("event=tls.certificate_expired listener={} notAfter={}", settings.section(), notAfter);
        } else if (notAfter.isBefore(now.plus(EXPIRY_WARNING))) {
            LOG.warn("event=tls.certificate_expires_soon listener={} notAfter={}", settings.section(), notAfter);
        }
    }
}
