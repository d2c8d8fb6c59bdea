package holdfast.console.format;

import java.time.Clock;
import java.time.Instant;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * Whether a list is current: while the node answers and the last load worked it says nothing; otherwise it says
 * the list is stale and as of when it was loaded (local time with zone). Touched on the UI thread only.
 */
public final class Staleness {

    private final ReadOnlyBooleanProperty reachable;
    private final Clock clock;
    private final ReadOnlyStringWrapper text = new ReadOnlyStringWrapper("");
    private Instant loadedAt;
    private boolean lastLoadFailed;

    public Staleness(ReadOnlyBooleanProperty reachable, Clock clock) {
        this.reachable = reachable;
        this.clock = clock;
        reachable.addListener((obs, was, now) -> update());
    }

    /** Empty while current; else e.g. {@code STALE: the node does not answer; shown as of 4 Dec 14:02:05 CET}. */
    public ReadOnlyStringProperty textProperty() {
        return text.getReadOnlyProperty();
    }

    public void loaded() {
        loadedAt = clock.instant();
        lastLoadFailed = false;
        update();
    }

    public void failed() {
        lastLoadFailed = true;
        update();
    }

    /** When the list was last loaded, or null. */
    public Instant loadedAt() {
        return loadedAt;
    }

    private void update() {
        if (reachable.get() && !lastLoadFailed) {
            text.set("");
            return;
        }
        text.set("\u26A0 STALE: the node does not answer; "
                + (loadedAt == null ? "nothing loaded yet" : "shown as of " + Shown.time(loadedAt, clock.getZone(), "")));
    }
}
