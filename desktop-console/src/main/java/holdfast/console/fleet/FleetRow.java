package holdfast.console.fleet;

import holdfast.console.connection.NodeConnection;
import java.time.Instant;

/**
 * One node on the fleet overview. {@code severity} is {@code OK}, {@code WARNING}, {@code ALERT},
 * {@code UNREACHABLE}, {@code REFUSED} or {@code CONNECTING}; {@code state} says it in words; {@code mode} and
 * {@code worst} are as of {@code lastContact} (null: never reached), marked stale when the node does not answer now.
 */
public record FleetRow(NodeConnection node, String severity, String state, String mode, String worst,
                       Instant lastContact, boolean stale) {
}
