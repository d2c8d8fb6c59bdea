package holdfast.edge.broker;

import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthInput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthOutput;
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Lets every client in when the broker is anonymous (loopback devices, the default), otherwise only clients
 * presenting the configured username and password. Registered explicitly so that the broker's behaviour
 * never depends on which extensions happen to be installed. Stateless and thread-safe.
 */
final class BrokerAuthenticator implements SimpleAuthenticator {

    private final BrokerSettings settings;

    BrokerAuthenticator(BrokerSettings settings) {
        this.settings = settings;
    }

    @Override
    public void onConnect(SimpleAuthInput input, SimpleAuthOutput output) {
        if (settings.anonymous()) {
            output.authenticateSuccessfully();
            return;
        }
        String user = input.getConnectPacket().getUserName().orElse("");
        byte[] password = input.getConnectPacket().getPassword().map(BrokerAuthenticator::bytes).orElse(new byte[0]);
        // Constant-time comparison: the answer must not reveal how much of the password was right.
        boolean ok = MessageDigest.isEqual(user.getBytes(StandardCharsets.UTF_8),
                settings.username().getBytes(StandardCharsets.UTF_8))
                & MessageDigest.isEqual(password, settings.password().getBytes(StandardCharsets.UTF_8));
        if (ok) {
            output.authenticateSuccessfully();
        } else {
            output.failAuthentication(ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD, "bad username or password");
        }
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] b = new byte[buffer.remaining()];
        buffer.duplicate().get(b);
        return b;
    }
}
