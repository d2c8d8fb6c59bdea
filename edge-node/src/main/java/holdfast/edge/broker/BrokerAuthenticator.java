package holdfast.edge.broker;

import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthInput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthOutput;
import com.hivemq.extension.sdk.api.auth.parameter.TopicPermission;
import com.hivemq.extension.sdk.api.packets.auth.DefaultAuthorizationBehaviour;
import com.hivemq.extension.sdk.api.packets.auth.ModifiableDefaultPermissions;
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import com.hivemq.extension.sdk.api.services.builder.Builders;
import holdfast.edge.broker.BrokerAccess.Decision;
import holdfast.edge.broker.BrokerAccess.Grant;
import holdfast.edge.broker.BrokerAccess.Granted;
import holdfast.edge.broker.BrokerAccess.Refused;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies {@link BrokerAccess} to every CONNECT: a refused client gets its CONNACK reason code; a granted one
 * gets its topic permissions as HiveMQ default permissions with default behaviour DENY, so everything not
 * granted is refused by the broker itself (a SUBSCRIBE gets a failure code, a PUBLISH closes an MQTT 3
 * connection). Refusals are counted, not logged one by one. Thread-safe.
 */
final class BrokerAuthenticator implements SimpleAuthenticator {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerAuthenticator.class);

    private final BrokerAccess access;
    private final LongAdder refused;

    BrokerAuthenticator(BrokerAccess access, LongAdder refused) {
        this.access = access;
        this.refused = refused;
    }

    @Override
    public void onConnect(SimpleAuthInput input, SimpleAuthOutput output) {
        String clientId = input.getConnectPacket().getClientId();
        String user = input.getConnectPacket().getUserName().orElse(null);
        byte[] password = input.getConnectPacket().getPassword().map(BrokerAuthenticator::bytes).orElse(null);
        Decision decision;
        try {
            decision = access.decide(clientId, user, password);
        } catch (RuntimeException e) {
            // e.g. the token store is unavailable: refuse rather than let an unchecked client in
            LOG.warn("event=broker.auth_failed error={}", e.getClass().getName());
            refused.increment();
            output.failAuthentication(ConnackReasonCode.SERVER_UNAVAILABLE, "cannot check the token now");
            return;
        }
        switch (decision) {
            case Refused r -> {
                refused.increment();
                LOG.debug("event=broker.refused reason={}", r.reason());
                output.failAuthentication(code(r.reason()), r.message());
            }
            case Granted g -> {
                ModifiableDefaultPermissions permissions = output.getDefaultPermissions();
                for (Grant grant : g.grants()) {
                    permissions.add(Builders.topicPermission().topicFilter(grant.topicFilter())
                            .type(TopicPermission.PermissionType.ALLOW)
                            .activity(switch (grant.activity()) {
                                case PUBLISH -> TopicPermission.MqttActivity.PUBLISH;
                                case SUBSCRIBE -> TopicPermission.MqttActivity.SUBSCRIBE;
                                case ALL -> TopicPermission.MqttActivity.ALL;
                            })
                            .build());
                }
                permissions.setDefaultBehaviour(DefaultAuthorizationBehaviour.DENY);
                output.authenticateSuccessfully();
            }
        }
    }

    private static ConnackReasonCode code(BrokerAccess.Reason reason) {
        return switch (reason) {
            case BAD_CREDENTIALS -> ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD;
            case NOT_AUTHORIZED -> ConnackReasonCode.NOT_AUTHORIZED;
            case CLIENT_ID_RESERVED -> ConnackReasonCode.CLIENT_IDENTIFIER_NOT_VALID;
            case NODE_STARTING -> ConnackReasonCode.SERVER_UNAVAILABLE;
        };
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] b = new byte[buffer.remaining()];
        buffer.duplicate().get(b);
        return b;
    }
}
