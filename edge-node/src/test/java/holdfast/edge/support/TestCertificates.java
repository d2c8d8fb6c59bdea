package holdfast.edge.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Throwaway PKCS#12 material made with the running JDK's {@code keytool}, the same commands docs/tls.md gives
 * a ward for a self-signed pilot: a keystore (private key + self-signed certificate for 127.0.0.1/localhost)
 * and a trust store holding only that certificate. Not thread-safe (tests call it from one thread).
 */
public final class TestCertificates {

    public static final String PASSWORD = "test-only-pass";

    /** A keystore and the trust store that vouches for its certificate. */
    public record Pair(Path keystore, Path truststore) {
        /** A client-side context: trusts {@link #truststore}, and presents {@code clientKeystore} when given. */
        public SSLContext clientContext(Path clientKeystore) {
            return context(clientKeystore, truststore);
        }

        public SSLContext clientContext() {
            return context(null, truststore);
        }
    }

    private TestCertificates() {
    }

    /** {@code dir/name.p12} (CN=name, SAN 127.0.0.1 and localhost) and {@code dir/name-trust.p12}. */
    public static Pair create(Path dir, String name) {
        Path keystore = dir.resolve(name + ".p12");
        Path certificate = dir.resolve(name + ".crt");
        Path truststore = dir.resolve(name + "-trust.p12");
        keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=" + name + ", OU=Holdfast test", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                "-validity", "60", "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", PASSWORD, "-keypass", PASSWORD);
        keytool("-exportcert", "-rfc", "-alias", name, "-keystore", keystore.toString(), "-storepass", PASSWORD,
                "-file", certificate.toString());
        keytool("-importcert", "-noprompt", "-alias", name, "-file", certificate.toString(),
                "-storetype", "PKCS12", "-keystore", truststore.toString(), "-storepass", PASSWORD);
        return new Pair(keystore, truststore);
    }

    /**
     * The production procedure of docs/tls.md, 1b: a stand-in hospital CA signs the ward's CSR and the reply is
     * imported over the chain. The trust store holds only the CA's certificate, so a client that trusts it
     * proves the node presents a chain that leads to the CA.
     */
    public static Pair createSignedByCa(Path dir, String name) {
        Path ca = dir.resolve(name + "-ca.p12");
        Path caCertificate = dir.resolve(name + "-ca.crt");
        Path keystore = dir.resolve(name + ".p12");
        Path request = dir.resolve(name + ".csr");
        Path signed = dir.resolve(name + "-signed.crt");
        Path truststore = dir.resolve(name + "-ca-trust.p12");
        String san = "SAN=ip:127.0.0.1,dns:localhost";
        keytool("-genkeypair", "-alias", "hospital-ca", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=Test Hospital Root CA", "-ext", "bc:c", "-validity", "60", "-storetype", "PKCS12",
                "-keystore", ca.toString(), "-storepass", PASSWORD);
        keytool("-exportcert", "-rfc", "-alias", "hospital-ca", "-keystore", ca.toString(), "-storepass", PASSWORD,
                "-file", caCertificate.toString());
        keytool("-genkeypair", "-alias", "holdfast", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=" + name + ", OU=Holdfast test", "-ext", san, "-validity", "60",
                "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", PASSWORD);
        keytool("-certreq", "-alias", "holdfast", "-keystore", keystore.toString(), "-storepass", PASSWORD,
                "-ext", san, "-file", request.toString());
        keytool("-gencert", "-rfc", "-alias", "hospital-ca", "-keystore", ca.toString(), "-storepass", PASSWORD,
                "-infile", request.toString(), "-outfile", signed.toString(), "-validity", "60", "-ext", san,
                "-ext", "eku=serverAuth");
        keytool("-importcert", "-noprompt", "-alias", "hospital-root-ca", "-file", caCertificate.toString(),
                "-keystore", keystore.toString(), "-storepass", PASSWORD);
        keytool("-importcert", "-alias", "holdfast", "-file", signed.toString(),
                "-keystore", keystore.toString(), "-storepass", PASSWORD);
        keytool("-importcert", "-noprompt", "-alias", "hospital-root-ca", "-file", caCertificate.toString(),
                "-storetype", "PKCS12", "-keystore", truststore.toString(), "-storepass", PASSWORD);
        return new Pair(keystore, truststore);
    }

    /** Runs keytool from the JDK running the tests, failing the test with its output when it fails. */
    public static void keytool(String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("keytool did not finish: " + command);
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IllegalStateException("keytool failed: " + command + "\n" + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static SSLContext context(Path keystore, Path truststore) {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(load(truststore));
            KeyManagerFactory kmf = null;
            if (keystore != null) {
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(load(keystore), PASSWORD.toCharArray());
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyStore load(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, PASSWORD.toCharArray());
            return store;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
