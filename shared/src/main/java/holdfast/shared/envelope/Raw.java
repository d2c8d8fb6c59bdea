package holdfast.shared.envelope;

import java.util.Base64;
import java.util.Objects;

/** The bytes as received, kept so that the cloud (and a person) can always see the original. */
public record Raw(String contentType, String base64) {
    public Raw {
        Objects.requireNonNull(contentType, "raw.contentType");
        Objects.requireNonNull(base64, "raw.base64");
    }

    public static Raw of(String contentType, byte[] bytes) {
        return new Raw(contentType, Base64.getEncoder().encodeToString(bytes));
    }

    public byte[] bytes() {
        return Base64.getDecoder().decode(base64);
    }
}
