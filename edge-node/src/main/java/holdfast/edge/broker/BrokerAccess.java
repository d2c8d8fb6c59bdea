package holdfast.edge.broker;

import holdfast.edge.security.Principal;
import holdfast.edge.security.Role;
import holdfast.edge.security.TokenStore;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may do what on the embedded broker (contract §2). The MQTT password is an API token:
 * <ul>
 *   <li>a {@code device} token connects with username = its bound deviceId (an unbound one: any deviceId) and
 *       may only publish to {@code holdfast/v1/devices/{username}/…}; it subscribes to nothing;</li>
 *   <li>a {@code viewer}, {@code operator} or {@code admin} token, any username, may only subscribe to
 *       {@code holdfast/v1/alerts/#} and {@code holdfast/v1/ops/#}; it publishes nothing;</li>
 *   <li>the node itself ({@link NodeCredential}) may do anything; its client ids are reserved for it;</li>
 *   <li>a client without a password is refused, unless the site allowed anonymous access: then it may publish
 *       readings and alarms for any device and subscribe to alerts and ops, like an unbound device plus a
 *       display, but never read readings or publish alerts.</li>
 * </ul>
 * The token is looked up at every connection, so a revoked token is refused at the next one.
 * <p>Devices wait for the node: while the node's own subscriber has not yet resumed its session on this broker
 * (after every start of the broker), a client that would publish readings is refused with "server unavailable"
 * and connects again, as devices do after any broker restart. A reading accepted in that moment would wait in a
 * queue the node is about to take over, and once in 100 kills of a node under load such a reading, acknowledged
 * by the broker, never reached the node. Displays and the node's own clients are not held. Thread-safe.
 */
public final class BrokerAccess {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerAccess.class);

    static final String ALERTS = "holdfast/v1/alerts/#";
    static final String OPS = "holdfast/v1/ops/#";
    private static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9._~-]{1,128}");
    private static final Refused NODE_STARTING = new Refused(Reason.NODE_STARTING,
            "the node is resuming its session on this broker; connect again shortly");

    private final TokenStore tokens;
    private final NodeCredential node;
    private final Set<String> reservedClientIds;
    private final boolean allowAnonymous;
    private volatile boolean devicesAdmitted;

    /** @param reservedClientIds client ids only the node may use (its persistent session lives under one) */
    public BrokerAccess(TokenStore tokens, NodeCredential node, Set<String> reservedClientIds, boolean allowAnonymous) {
        this(tokens, node, reservedClientIds, allowAnonymous, false);
    }

    /** @param waitForNode devices are refused until {@link #admitDevices()}: the node's subscriber uses this broker */
    public BrokerAccess(TokenStore tokens, NodeCredential node, Set<String> reservedClientIds, boolean allowAnonymous,
                        boolean waitForNode) {
        this.tokens = tokens;
        this.node = node;
        this.reservedClientIds = Set.copyOf(reservedClientIds);
        this.allowAnonymous = allowAnonymous;
        this.devicesAdmitted = !waitForNode;
    }

    /** The node's subscriber has resumed its session: devices may connect from now on (again: no change). */
    public void admitDevices() {
        if (!devicesAdmitted) {
            devicesAdmitted = true;
            LOG.info("event=broker.devices_admitted cause=\"the node's subscriber resumed its session\"");
        }
    }

    /** Decides a CONNECT: refused with a reason, or granted with the topics the client may use. */
    public Decision decide(String clientId, String username, byte[] password) {
        String user = username == null ? "" : username;
        if (password != null && password.length > 0 && node.matches(user, password)) {
            return new Granted("node", List.of(new Grant("#", Activity.ALL)));
        }
        if (reservedClientIds.contains(clientId)) {
            return new Refused(Reason.CLIENT_ID_RESERVED, "client id is reserved for the node");
        }
        if (password == null || password.length == 0) {
            if (!allowAnonymous) {
                return new Refused(Reason.NOT_AUTHORIZED, "anonymous clients are not allowed; the password is an API token");
            }
            if (!devicesAdmitted) {
                return NODE_STARTING;
            }
            return new Granted("anonymous", List.of(
                    new Grant("holdfast/v1/devices/+/observations", Activity.PUBLISH),
                    new Grant("holdfast/v1/devices/+/alarms", Activity.PUBLISH),
                    new Grant(ALERTS, Activity.SUBSCRIBE), new Grant(OPS, Activity.SUBSCRIBE)));
        }
        Optional<Principal> principal = tokens.authenticate(new String(password, StandardCharsets.UTF_8));
        if (principal.isEmpty()) {
            return new Refused(Reason.BAD_CREDENTIALS, "unknown or revoked token");
        }
        Principal p = principal.get();
        if (p.role() == Role.DEVICE) {
            if (!DEVICE_ID.matcher(user).matches() || !p.mayActFor(user)) {
                return new Refused(Reason.NOT_AUTHORIZED, "a device token connects with username = its deviceId");
            }
            if (!devicesAdmitted) {
                return NODE_STARTING;
            }
            return new Granted("device " + user, List.of(
                    new Grant("holdfast/v1/devices/" + user + "/#", Activity.PUBLISH)));
        }
        return new Granted(p.role().wireName(), List.of(
                new Grant(ALERTS, Activity.SUBSCRIBE), new Grant(OPS, Activity.SUBSCRIBE)));
    }

    /** The answer to a CONNECT. */
    public sealed interface Decision permits Granted, Refused {
    }

    /** Let in, allowed exactly {@code grants}; {@code who} names the kind of client for the log. */
    public record Granted(String who, List<Grant> grants) implements Decision {
        public Granted {
            grants = List.copyOf(grants);
        }
    }

    /** Turned away at CONNECT. */
    public record Refused(Reason reason, String message) implements Decision {
    }

    /** Why a CONNECT was refused (mapped to a CONNACK reason code). */
    public enum Reason { BAD_CREDENTIALS, NOT_AUTHORIZED, CLIENT_ID_RESERVED, NODE_STARTING }

    /** An MQTT topic filter and what the client may do on it. */
    public record Grant(String topicFilter, Activity activity) {
    }

    /** Publish, subscribe, or both. */
    public enum Activity { PUBLISH, SUBSCRIBE, ALL }
}
