package holdfast.edge.broker;

import static org.assertj.core.api.Assertions.assertThat;

import holdfast.edge.broker.BrokerAccess.Activity;
import holdfast.edge.broker.BrokerAccess.Grant;
import holdfast.edge.broker.BrokerAccess.Granted;
import holdfast.edge.broker.BrokerAccess.Reason;
import holdfast.edge.broker.BrokerAccess.Refused;
import holdfast.edge.security.Principal;
import holdfast.edge.security.Role;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BrokerAccessTest {

    private static final NodeCredential NODE = new NodeCredential(NodeCredential.USERNAME, "node-secret");
    private static final Map<String, Principal> TOKENS = Map.of(
            "t-mon-07", new Principal("1", "mon-07", Role.DEVICE, "mon-07"),
            "t-any-device", new Principal("2", "gateway", Role.DEVICE, null),
            "t-viewer", new Principal("3", "display", Role.VIEWER, null),
            "t-admin", new Principal("4", "admin", Role.ADMIN, null));

    private final BrokerAccess access = new BrokerAccess(new MapTokens(TOKENS), NODE, Set.of("holdfast-edge-1"), false);

    @Test
    void boundDeviceTokenPublishesOnlyUnderItsOwnDevice() {
        assertThat(access.decide("c", "mon-07", bytes("t-mon-07"))).isEqualTo(
                new Granted("device mon-07", List.of(new Grant("holdfast/v1/devices/mon-07/#", Activity.PUBLISH))));
        assertThat(access.decide("c", "mon-01", bytes("t-mon-07"))).isInstanceOf(Refused.class);
        assertThat(access.decide("c", "mon-01", bytes("t-any-device")))
                .isEqualTo(new Granted("device mon-01", List.of(new Grant("holdfast/v1/devices/mon-01/#", Activity.PUBLISH))));
        assertThat(access.decide("c", "#", bytes("t-any-device"))).as("a wildcard is no device id")
                .isInstanceOf(Refused.class);
        assertThat(access.decide("c", "a/b", bytes("t-any-device"))).isInstanceOf(Refused.class);
    }

    @Test
    void viewersAndAboveOnlySubscribeToAlertsAndOps() {
        List<Grant> displays = List.of(new Grant("holdfast/v1/alerts/#", Activity.SUBSCRIBE),
                new Grant("holdfast/v1/ops/#", Activity.SUBSCRIBE));
        assertThat(((Granted) access.decide("c", "anything", bytes("t-viewer"))).grants()).isEqualTo(displays);
        assertThat(((Granted) access.decide("c", null, bytes("t-admin"))).grants()).isEqualTo(displays);
    }

    @Test
    void theNodesClientIdsAreItsAloneAndAnonymousClientsAreRefusedByDefault() {
        assertThat(access.decide("holdfast-edge-1", "mon-07", bytes("t-mon-07")))
                .isEqualTo(new Refused(Reason.CLIENT_ID_RESERVED, "client id is reserved for the node"));
        assertThat(access.decide("holdfast-edge-1", NodeCredential.USERNAME, bytes("node-secret")))
                .isEqualTo(new Granted("node", List.of(new Grant("#", Activity.ALL))));
        assertThat(access.decide("holdfast-edge-1", NodeCredential.USERNAME, bytes("node-secreT")))
                .isInstanceOf(Refused.class);
        assertThat(access.decide("c", null, null)).extracting(d -> ((Refused) d).reason()).isEqualTo(Reason.NOT_AUTHORIZED);
        assertThat(access.decide("c", "mon-07", bytes("wrong"))).extracting(d -> ((Refused) d).reason())
                .isEqualTo(Reason.BAD_CREDENTIALS);
    }

    @Test
    void anonymousAccessWhenASiteTurnsItOnNeverReadsReadingsNorPublishesAlerts() {
        BrokerAccess open = new BrokerAccess(new MapTokens(TOKENS), NODE, Set.of("holdfast-edge-1"), true);
        Granted anonymous = (Granted) open.decide("legacy-monitor", null, null);
        assertThat(anonymous.grants()).containsExactly(
                new Grant("holdfast/v1/devices/+/observations", Activity.PUBLISH),
                new Grant("holdfast/v1/devices/+/alarms", Activity.PUBLISH),
                new Grant("holdfast/v1/alerts/#", Activity.SUBSCRIBE),
                new Grant("holdfast/v1/ops/#", Activity.SUBSCRIBE));
        assertThat(open.decide("holdfast-edge-1", null, null)).isInstanceOf(Refused.class);
    }

    @Test
    void devicesWaitUntilTheNodesSubscriberHasResumedItsSessionWhileDisplaysAndTheNodeGetIn() {
        BrokerAccess waiting = new BrokerAccess(new MapTokens(TOKENS), NODE, Set.of("holdfast-edge-1"), true, true);
        Refused starting = new Refused(Reason.NODE_STARTING,
                "the node is resuming its session on this broker; connect again shortly");
        assertThat(waiting.decide("c", "mon-07", bytes("t-mon-07"))).isEqualTo(starting);
        assertThat(waiting.decide("legacy-monitor", null, null)).as("anonymous devices too").isEqualTo(starting);
        assertThat(waiting.decide("c", "display", bytes("t-viewer"))).isInstanceOf(Granted.class);
        assertThat(waiting.decide("holdfast-edge-1", NodeCredential.USERNAME, bytes("node-secret")))
                .isInstanceOf(Granted.class);
        assertThat(waiting.decide("c", "mon-07", bytes("wrong"))).as("a bad token is told so, not to wait")
                .extracting(d -> ((Refused) d).reason()).isEqualTo(Reason.BAD_CREDENTIALS);

        waiting.admitDevices();
        assertThat(waiting.decide("c", "mon-07", bytes("t-mon-07"))).isInstanceOf(Granted.class);
        assertThat(waiting.decide("legacy-monitor", null, null)).isInstanceOf(Granted.class);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
