package holdfast.console.status;

import holdfast.console.client.EdgeNodeClient;
import holdfast.console.client.NodeUnreachableException;
import holdfast.console.client.StatusListener;
import holdfast.shared.api.LaneStatus;
import holdfast.shared.api.NodeStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.scene.chart.XYChart;

/**
 * The node's live state for the banner and the lanes screen: follows the node's status stream
 * ({@link #start()}, reconnecting by itself) or polls {@code /api/v1/status} ({@link #refresh()}) on the
 * background executor, and applies what it learns on the UI executor. A node that does not answer is shown
 * as unreachable, distinct from one that answers DEGRADED. The backlog chart comes from the node's own
 * history ({@link LaneHistoryViewModel}). State is only touched on the UI executor; {@link #start()}, {@link #refresh()} and
 * {@link #close()} may be called from any thread.
 */
public final class StatusViewModel implements AutoCloseable {

    private final String nodeName;
    private final String url;
    private final EdgeNodeClient client;
    private final Executor background;
    private final Executor ui;
    private final Clock clock;
    private final AtomicBoolean inFlight = new AtomicBoolean();
    private final ReadOnlyObjectWrapper<Banner> banner = new ReadOnlyObjectWrapper<>(
            new Banner("INFO", "\u2026", "Connecting\u2026"));
    private final ReadOnlyObjectWrapper<NodeStatus> status = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyBooleanWrapper reachable = new ReadOnlyBooleanWrapper(false);
    private final ObservableList<LaneRow> lanes = FXCollections.observableArrayList();
    private final LaneHistoryViewModel history;
    private NodeStatus previous;
    private Instant previousAt;
    private Instant unreachableSince;
    private double drainRate;
    private volatile holdfast.console.client.StatusSubscription feed;

    public StatusViewModel(String nodeName, String url, EdgeNodeClient client, Executor background, Executor ui,
                           Clock clock) {
        this.nodeName = nodeName;
        this.url = url;
        this.client = client;
        this.background = background;
        this.ui = ui;
        this.clock = clock;
        this.history = new LaneHistoryViewModel(client, background, ui, clock);
    }

    /** The backlog chart, from the history the node keeps. */
    public LaneHistoryViewModel history() {
        return history;
    }

    public ReadOnlyObjectProperty<Banner> bannerProperty() {
        return banner.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<NodeStatus> statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty reachableProperty() {
        return reachable.getReadOnlyProperty();
    }

    public ObservableList<LaneRow> lanes() {
        return lanes;
    }

    public ObservableList<XYChart.Series<Number, Number>> backlogChart() {
        return history.series();
    }

    /** Follows the node's live status until {@link #close()}; does not block. */
    public void start() {
        feed = client.watchStatus(new StatusListener() {
            @Override
            public void status(NodeStatus s) {
                ui.execute(() -> apply(s));
            }

            @Override
            public void unreachable(String error) {
                ui.execute(() -> StatusViewModel.this.unreachable(error));
            }

            @Override
            public void refused(String error) {
                ui.execute(() -> StatusViewModel.this.refused(error));
            }
        });
    }

    /** Stops following the node (the feed's thread ends). */
    @Override
    public void close() {
        holdfast.console.client.StatusSubscription f = feed;
        feed = null;
        if (f != null) {
            f.close();
        }
    }

    /** Asks the node for its status once; a poll still in flight is not doubled. */
    public void refresh() {
        if (!inFlight.compareAndSet(false, true)) {
            return;
        }
        background.execute(() -> {
            try {
                NodeStatus s = client.status();
                ui.execute(() -> apply(s));
            } catch (NodeUnreachableException e) {
                ui.execute(() -> unreachable(e.getMessage()));
            } catch (holdfast.console.client.ApiException e) {
                ui.execute(() -> refused(e.getMessage()));
            } finally {
                inFlight.set(false);
            }
        });
    }

    private void apply(NodeStatus s) {
        Instant now = clock.instant();
        List<LaneRow> rows = new ArrayList<>();
        double syncedPerSecond = 0;
        for (LaneStatus lane : s.lanes()) {
            double ingest = 0;
            double sync = 0;
            if (previous != null) {
                double seconds = Math.max(0.001, (now.toEpochMilli() - previousAt.toEpochMilli()) / 1000.0);
                LaneStatus before = previous.lanes().stream().filter(l -> l.name().equals(lane.name())).findFirst()
                        .orElse(lane);
                ingest = Math.max(0, lane.appended() - before.appended()) / seconds;
                sync = Math.max(0, lane.synced() - before.synced()) / seconds;
            }
            syncedPerSecond += sync;
            rows.add(new LaneRow(lane.name(), lane.appended(), lane.synced(), lane.backlog(),
                    lane.oldestBacklogAgeMs(), ingest, sync, lane.accepting()));
        }
        drainRate = Math.max(drainRate, syncedPerSecond);
        lanes.setAll(rows);
        previous = s;
        previousAt = now;
        unreachableSince = null;
        status.set(s);
        reachable.set(true);
        banner.set(Banner.of(s, drainRate, clock.getZone()));
        history.refreshIfDue();
    }

    private void unreachable(String error) {
        if (unreachableSince == null) {
            unreachableSince = clock.instant();
        }
        reachable.set(false);
        banner.set(Banner.unreachable(nodeName, url, unreachableSince, clock.getZone(), error));
        history.markStale();
    }

    private void refused(String error) {
        unreachableSince = null;
        reachable.set(false);
        banner.set(new Banner("ALERT", "\u26D4", nodeName + " (" + url + ") answers but refuses this console: "
                + error));
    }
}
