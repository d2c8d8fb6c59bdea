package holdfast.console.status;

import holdfast.console.client.EdgeNodeClient;
import holdfast.shared.api.LaneHistoryItem;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.scene.chart.XYChart;

/**
 * The backlog chart from the history the node keeps (per lane and minute, a day long), so it shows wall-clock
 * time, survives a node switch or a console restart, and shows the night's outage to whoever opens it in the
 * morning. Reloaded every {@link #RELOAD} while the node answers; when it does not, the last chart stays with
 * the time it was true. X values are epoch seconds (minute starts); the view formats them as local times.
 */
public final class LaneHistoryViewModel {

    public static final int HOUR = 60;
    public static final int DAY = 1440;
    static final Duration RELOAD = Duration.ofSeconds(15);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss z");

    private final EdgeNodeClient client;
    private final Executor background;
    private final Executor ui;
    private final Clock clock;
    private final IntegerProperty minutes = new SimpleIntegerProperty(HOUR);
    private final ObservableList<XYChart.Series<Number, Number>> series = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper caption = new ReadOnlyStringWrapper("Backlog per lane: loading\u2026");
    private final ReadOnlyBooleanWrapper stale = new ReadOnlyBooleanWrapper(false);
    private final AtomicBoolean inFlight = new AtomicBoolean();
    private Instant loadedAt;
    private Instant requestedAt;

    public LaneHistoryViewModel(EdgeNodeClient client, Executor background, Executor ui, Clock clock) {
        this.client = client;
        this.background = background;
        this.ui = ui;
        this.clock = clock;
        minutes.addListener((obs, old, now) -> refresh());
    }

    /** How far back the chart goes: {@link #HOUR} or {@link #DAY}. */
    public IntegerProperty minutesProperty() {
        return minutes;
    }

    public ObservableList<XYChart.Series<Number, Number>> series() {
        return series;
    }

    public ReadOnlyStringProperty captionProperty() {
        return caption.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty staleProperty() {
        return stale.getReadOnlyProperty();
    }

    /** The zone times are shown in (the console's). */
    public java.time.ZoneId zone() {
        return clock.getZone();
    }

    /** The left and right ends of the time axis, in epoch seconds. */
    public long[] range() {
        long now = clock.instant().getEpochSecond();
        return new long[] {now - minutes.get() * 60L, now};
    }

    /** Reloads when the last load is older than {@link #RELOAD}; called on each status the node sends. */
    void refreshIfDue() {
        if (requestedAt == null || Duration.between(requestedAt, clock.instant()).compareTo(RELOAD) >= 0) {
            refresh();
        }
    }

    public void refresh() {
        if (!inFlight.compareAndSet(false, true)) {
            return;
        }
        requestedAt = clock.instant();
        int span = minutes.get();
        background.execute(() -> {
            try {
                LaneHistoryItem history = client.lanesHistory(span);
                ui.execute(() -> apply(history, span));
            } catch (RuntimeException e) {
                ui.execute(this::markStale);
            } finally {
                inFlight.set(false);
            }
        });
    }

    /** The node could not be reached: keep the chart, say since when it is true. */
    void markStale() {
        stale.set(true);
        caption.set("Backlog per lane, " + spanWords() + (loadedAt == null ? ": the node has not been reached yet"
                : ": as of " + ZonedDateTime.ofInstant(loadedAt, clock.getZone()).format(TIME)
                        + " (the node is not answering)"));
    }

    private void apply(LaneHistoryItem history, int span) {
        if (span != minutes.get()) {
            return; // the range changed while this loaded; its own load follows
        }
        for (Map.Entry<String, List<LaneHistoryItem.Minute>> lane : history.lanes().entrySet()) {
            XYChart.Series<Number, Number> s = series.stream().filter(x -> x.getName().equals(lane.getKey()))
                    .findFirst().orElseGet(() -> {
                        XYChart.Series<Number, Number> created = new XYChart.Series<>();
                        created.setName(lane.getKey());
                        series.add(created);
                        return created;
                    });
            s.getData().setAll(lane.getValue().stream()
                    .map(m -> new XYChart.Data<Number, Number>(m.minute().getEpochSecond(), m.backlog())).toList());
        }
        series.sort(java.util.Comparator.comparingInt(s -> order(s.getName())));
        loadedAt = clock.instant();
        stale.set(false);
        caption.set("Backlog per lane, " + spanWords() + " (events waiting to sync, local time)");
    }

    private String spanWords() {
        return minutes.get() >= DAY ? "last 24 hours" : "last hour";
    }

    private static int order(String lane) {
        return switch (lane) {
            case "critical" -> 0;
            case "standard" -> 1;
            default -> 2;
        };
    }
}
