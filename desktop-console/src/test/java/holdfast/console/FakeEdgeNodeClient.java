package holdfast.console;

import holdfast.console.client.ApiException;
import holdfast.console.client.EdgeNodeClient;
import holdfast.console.client.NodeUnreachableException;
import holdfast.shared.api.CallerIdentity;
import holdfast.shared.api.DeadLetterItem;
import holdfast.shared.api.LaneStatus;
import holdfast.shared.api.NodeMode;
import holdfast.shared.api.NodeStatus;
import holdfast.shared.api.OpenCount;
import holdfast.shared.api.ReconciliationItem;
import holdfast.shared.api.UpstreamStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A scripted node for view-model tests: answers what the test set, records what was asked. */
public final class FakeEdgeNodeClient implements EdgeNodeClient {

    public NodeStatus status;
    public boolean unreachable;
    public String role = "operator";
    public final List<ReconciliationItem> reconciliations = new ArrayList<>();
    public final List<String> resolved = new ArrayList<>();
    public ApiException resolveFailure;

    public static NodeStatus status(NodeMode mode, long... backlogs) {
        List<LaneStatus> lanes = new ArrayList<>();
        String[] names = {"critical", "standard", "batch"};
        for (int i = 0; i < 3; i++) {
            long backlog = i < backlogs.length ? backlogs[i] : 0;
            lanes.add(new LaneStatus(names[i], 100 + backlog, 100, backlog, backlog > 0 ? 5_000 : 0, true, null));
        }
        boolean degraded = mode == NodeMode.DEGRADED;
        return new NodeStatus("edge-1", mode, Instant.parse("2026-11-23T08:14:00Z"), degraded
                ? "cloud unreachable (connection refused); buffering locally" : null,
                degraded ? new UpstreamStatus("DISCONNECTED", null, "connection refused", "UNREACHABLE", null)
                        : new UpstreamStatus("CONNECTED", null, null),
                lanes, new OpenCount(0), new OpenCount(0), 1L << 40);
    }

    @Override
    public NodeStatus status() {
        if (unreachable) {
            throw new NodeUnreachableException("cannot reach http://127.0.0.1:1: ConnectException", null);
        }
        return status;
    }

    public int whoAmICalls;
    public final List<DeadLetterItem> deadLetters = new ArrayList<>();
    public holdfast.console.client.StatusListener watcher;

    @Override
    public CallerIdentity whoAmI() {
        whoAmICalls++;
        if (unreachable) {
            throw new NodeUnreachableException("cannot reach http://127.0.0.1:1: ConnectException", null);
        }
        return new CallerIdentity("t1", "test", role);
    }

    @Override
    public List<DeadLetterItem> deadLetters(String s) {
        if (unreachable) {
            throw new NodeUnreachableException("cannot reach http://127.0.0.1:1: ConnectException", null);
        }
        return List.copyOf(deadLetters);
    }

    @Override
    public void reprocessDeadLetter(long id, String reason) {
        if (resolveFailure != null) {
            throw resolveFailure;
        }
        resolved.add("reprocess " + id + ":" + reason);
        deadLetters.removeIf(d -> d.id() == id);
    }

    /** Remembers the listener: the test plays the node's stream by calling it. */
    @Override
    public holdfast.console.client.StatusSubscription watchStatus(holdfast.console.client.StatusListener listener) {
        watcher = listener;
        return () -> watcher = null;
    }

    @Override
    public List<ReconciliationItem> reconciliations(String s) {
        return List.copyOf(reconciliations);
    }

    public final List<holdfast.shared.api.AlertItem> alerts = new ArrayList<>();

    @Override
    public List<holdfast.shared.api.AlertItem> alerts(String status) {
        if (unreachable) {
            throw new NodeUnreachableException("cannot reach http://127.0.0.1:1: ConnectException", null);
        }
        return alerts.stream().filter(a -> a.status().equals(status)).toList();
    }

    @Override
    public void acknowledgeAlert(long id) {
        resolved.add("alert " + id);
        alerts.removeIf(a -> a.id() == id);
    }

    public final List<holdfast.shared.api.DeviceItem> devices = new ArrayList<>();
    public final List<holdfast.shared.api.SenderItem> senders = new ArrayList<>();
    public final List<holdfast.shared.api.OperatorAlertItem> operatorAlerts = new ArrayList<>();
    public final List<String> operatorAcknowledged = new ArrayList<>();

    @Override
    public List<holdfast.shared.api.DeviceItem> devices() {
        check();
        return List.copyOf(devices);
    }

    @Override
    public List<holdfast.shared.api.SenderItem> senders() {
        check();
        return List.copyOf(senders);
    }

    @Override
    public List<holdfast.shared.api.OperatorAlertItem> operatorAlerts(String status) {
        check();
        return List.copyOf(operatorAlerts);
    }

    @Override
    public void acknowledgeOperatorAlert(long id, String reason) {
        check();
        operatorAcknowledged.add(id + ":" + reason);
    }

    private void check() {
        if (unreachable) {
            throw new holdfast.console.client.NodeUnreachableException("cannot reach the fake node", null);
        }
    }

    @Override
    public int acknowledgeAlerts(List<Long> ids, String reason) {
        int done = 0;
        for (long id : ids) {
            if (alerts.removeIf(a -> a.id() == id)) {
                resolved.add("alert " + id + ":" + reason);
                done++;
            }
        }
        return done;
    }

    @Override
    public void discardDeadLetter(long id, String reason) {
        resolved.add("dead-letter " + id + ":" + reason);
        deadLetters.removeIf(d -> d.id() == id);
    }

    @Override
    public void resolve(long id, String action, String reason, String patientId, String encounterId) {
        if (resolveFailure != null) {
            throw resolveFailure;
        }
        resolved.add(id + ":" + action + ":" + reason);
        reconciliations.removeIf(r -> r.id() == id);
    }

    public final List<holdfast.shared.api.ReconciliationGroupItem> groups = new ArrayList<>();

    @Override
    public List<holdfast.shared.api.ReconciliationGroupItem> reconciliationGroups() {
        if (unreachable) {
            throw new NodeUnreachableException("cannot reach http://127.0.0.1:1: ConnectException", null);
        }
        return List.copyOf(groups);
    }

    @Override
    public int resolveAll(List<Long> ids, String action, String reason, String patientId, String encounterId) {
        int done = 0;
        for (long id : ids) {
            if (reconciliations.removeIf(r -> r.id() == id)) {
                resolved.add(id + ":" + action + ":" + reason);
                done++;
            }
        }
        groups.removeIf(g -> g.ids().equals(ids));
        return done;
    }

    public holdfast.shared.api.LaneHistoryItem history = new holdfast.shared.api.LaneHistoryItem(60, null,
            java.util.Map.of());

    @Override
    public holdfast.shared.api.LaneHistoryItem lanesHistory(int minutes) {
        if (unreachable) {
            throw new NodeUnreachableException("cannot reach http://127.0.0.1:1: ConnectException", null);
        }
        return history;
    }
}
