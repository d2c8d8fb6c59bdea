package holdfast.shared.envelope;

import java.util.Objects;

/**
 * Where an event came from: the channel ({@code mqtt}, {@code hl7}, {@code http}, {@code node}), the sending
 * system (device id, HL7 application) and the sender's own message id.
 */
public record Source(String channel, String system, String messageId) {
    public Source {
        Objects.requireNonNull(channel, "source.channel");
    }
}
