package holdfast.edge.broker;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The credential the node's own MQTT clients (subscriber, alert publisher) present to the embedded broker:
 * 32 random bytes made at every start and kept in memory only, never written anywhere, so no other process on
 * the machine can act as the node. Immutable; {@link #toString()} leaves the secret out.
 */
public record NodeCredential(String username, String secret) {

    public static final String USERNAME = "holdfast-node";

    public static NodeCredential generate() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return new NodeCredential(USERNAME, Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    /** Constant-time: the answer must not reveal how much of the secret was right. */
    boolean matches(String user, byte[] password) {
        return MessageDigest.isEqual(user.getBytes(StandardCharsets.UTF_8), username.getBytes(StandardCharsets.UTF_8))
                & MessageDigest.isEqual(password, secret.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "NodeCredential[username=" + username + "]";
    }
}
