package holdfast.console.client;

import holdfast.shared.api.NodeStatus;

/**
 * Told what a live status feed sees. Called on the feed's own thread, never on the JavaFX thread: hand the
 * values to the UI executor.
 */
public interface StatusListener {

    /** The node's status, as {@code GET /api/v1/status} would answer it now. */
    void status(NodeStatus status);

    /** The node does not answer (refused, reset, silent); the feed keeps trying to reconnect. */
    void unreachable(String error);

    /** The node answers but refuses the feed (e.g. the token was revoked); the feed keeps trying. */
    void refused(String error);
}
