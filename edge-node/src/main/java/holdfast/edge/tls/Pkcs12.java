package holdfast.edge.tls;

import holdfast.edge.config.SettingsException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.util.List;

/**
 * Opens a {@link StoreFile} as a PKCS#12 key store and turns each way it can fail into a
 * {@link SettingsException} naming the key an operator has to fix (path, password or password file).
 */
final class Pkcs12 {

    private Pkcs12() {
    }

    static KeyStore open(StoreFile store) {
        Path path = store.path().orElseThrow(() -> new SettingsException(store.key(), "is not set"));
        if (!Files.isRegularFile(path)) {
            throw new SettingsException(store.key(), "file " + path.toAbsolutePath() + " does not exist");
        }
        char[] password = password(store);
        try (InputStream in = Files.newInputStream(path)) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(in, password);
            return keys;
        } catch (AccessDeniedException e) {
            throw new SettingsException(store.key(), "file " + path.toAbsolutePath() + " is not readable by the node");
        } catch (IOException e) {
            // The JDK reports a wrong password as an IOException caused by UnrecoverableKeyException.
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw new SettingsException(store.passwordKey(), "wrong password for " + path.toAbsolutePath());
            }
            throw new SettingsException(store.key(), path.toAbsolutePath() + " is not a readable PKCS#12 file ("
                    + e.getMessage() + ")");
        } catch (GeneralSecurityException e) {
            throw new SettingsException(store.key(), "cannot open " + path.toAbsolutePath() + " (" + e.getMessage() + ")");
        }
    }

    static char[] password(StoreFile store) {
        if (store.passwordFile().isPresent()) {
            Path file = store.passwordFile().get();
            try {
                List<String> lines = Files.readAllLines(file);
                if (lines.isEmpty() || lines.get(0).isEmpty()) {
                    throw new SettingsException(store.key() + "-password-file", "file " + file + " is empty");
                }
                return lines.get(0).toCharArray();
            } catch (NoSuchFileException e) {
                throw new SettingsException(store.key() + "-password-file", "file " + file + " does not exist");
            } catch (IOException e) {
                throw new SettingsException(store.key() + "-password-file", "cannot read " + file + " (" + e + ")");
            }
        }
        if (store.password().isEmpty()) {
            throw new SettingsException(store.key() + "-password", "no password given: set " + store.key()
                    + "-password or " + store.key() + "-password-file");
        }
        return store.password().toCharArray();
    }
}
