package holdfast.edge.canary;

import holdfast.edge.HoldfastException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The mark that makes a message a canary: sender id {@value #SENDER} and a message id
 * {@code canary-{path}-{probeId}-{mac}}, where {@code mac} is an HMAC-SHA256 of path and probe id under a key only
 * the node knows ({@code canary.key} in the data dir, private like every file there). Any sender may use the id;
 * only the node can make the mark, so a forged canary stays an ordinary reading and is never hidden from the
 * clinical projections. The key outlives restarts, so a canary redelivered after one is still recognised.
 * Thread-safe.
 */
final class CanaryMark {

    /** The sender id canaries use on every path: device id (HTTP, MQTT), MSH-3 sending application (HL7). */
    public static final String SENDER = "holdfast-canary";
    private static final Pattern MESSAGE_ID = Pattern.compile("canary-(http|mqtt|hl7)-([0-9a-f-]{1,40})-([0-9a-f]{16})");

    private final byte[] key;

    CanaryMark(byte[] key) {
        this.key = key.clone();
    }

    /** The node's mark, with its key read from (or first written to) {@code keyFile}. */
    public static CanaryMark load(Path keyFile) {
        try {
            if (!Files.exists(keyFile)) {
                byte[] fresh = new byte[32];
                new SecureRandom().nextBytes(fresh);
                Path tmp = keyFile.resolveSibling(keyFile.getFileName() + ".tmp");
                Files.deleteIfExists(tmp);
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(tmp, HexFormat.of().formatHex(fresh));
                Files.move(tmp, keyFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
            return new CanaryMark(HexFormat.of().parseHex(Files.readString(keyFile).trim()));
        } catch (IOException | IllegalArgumentException e) {
            throw new HoldfastException("cannot read or create the canary key " + keyFile, e);
        }
    }

    /** The message id of the canary {@code probeId} on {@code path}. */
    String messageId(String path, String probeId) {
        return "canary-" + path + "-" + probeId + "-" + mac(path, probeId);
    }

    /** The probe a sender and message id name, when they carry the node's own mark for {@code channel}. */
    public Optional<Probe> read(String channel, String sender, String messageId) {
        if (!SENDER.equals(sender) || messageId == null) {
            return Optional.empty();
        }
        Matcher m = MESSAGE_ID.matcher(messageId);
        if (!m.matches() || !m.group(1).equals(channel)) {
            return Optional.empty();
        }
        byte[] expected = mac(m.group(1), m.group(2)).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, m.group(3).getBytes(StandardCharsets.US_ASCII))
                ? Optional.of(new Probe(m.group(1), m.group(2))) : Optional.empty();
    }

    private String mac(String path, String probeId) {
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] sum = hmac.doFinal((path + ":" + probeId).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sum, 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    /** One canary: the path it was sent on and its id. */
    public record Probe(String path, String probeId) {
    }
}
