package holdfast.console.format;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.StringProperty;

/**
 * How a screen loads its list from the node: the call on the background executor, the result shown on the UI
 * executor with the list marked current, and a failed call marking it stale and saying so in the screen's
 * message ({@code Could not load devices: ...}) while the last good list stays. Touched on the UI thread only,
 * except {@code fetch}, which runs in the background.
 */
public final class ListLoad {

    private final String what;
    private final Executor background;
    private final Executor ui;
    private final Staleness staleness;
    private final StringProperty message;

    /**
     * @param what      what the list holds, for the message ({@code devices})
     * @param reachable whether the node answers now (the status feed's view), for the stale mark
     * @param message   the screen's message line
     */
    public ListLoad(String what, ReadOnlyBooleanProperty reachable, Executor background, Executor ui, Clock clock,
                    StringProperty message) {
        this.what = what;
        this.background = background;
        this.ui = ui;
        this.staleness = new Staleness(reachable, clock);
        this.message = message;
    }

    /** Loads with {@code fetch} in the background, then hands the result to {@code show} on the UI executor. */
    public <T> void load(Supplier<T> fetch, Consumer<T> show) {
        background.execute(() -> {
            try {
                T loaded = fetch.get();
                ui.execute(() -> {
                    staleness.loaded(); // first: show() may say "as of" the time of this load
                    show.accept(loaded);
                });
            } catch (RuntimeException e) {
                ui.execute(() -> {
                    staleness.failed();
                    message.set("Could not load " + what + ": " + e.getMessage());
                });
            }
        });
    }

    /** The stale mark, empty while the list is current (see {@link Staleness#textProperty()}). */
    public ReadOnlyStringProperty staleProperty() {
        return staleness.textProperty();
    }

    /** When the list was last loaded, or null. */
    public Instant loadedAt() {
        return staleness.loadedAt();
    }
}
