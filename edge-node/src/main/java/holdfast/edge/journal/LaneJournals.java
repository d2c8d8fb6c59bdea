package holdfast.edge.journal;

import holdfast.shared.envelope.Lane;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;

/** The node's three lane journals. Thread-safe (immutable map of thread-safe journals). */
public final class LaneJournals implements AutoCloseable {

    private final Map<Lane, Journal> journals;

    public LaneJournals(Map<Lane, ? extends Journal> journals) {
        EnumMap<Lane, Journal> copy = new EnumMap<>(Lane.class);
        copy.putAll(journals);
        for (Lane lane : Lane.values()) {
            if (!copy.containsKey(lane)) {
                throw new IllegalArgumentException("no journal for lane " + lane.wireName());
            }
        }
        this.journals = copy;
    }

    public Journal of(Lane lane) {
        return journals.get(lane);
    }

    public Collection<Journal> all() {
        return journals.values();
    }

    /** Starts every lane's writer; before this the journals can be read but take no appends. */
    public void start() {
        journals.values().forEach(Journal::start);
    }

    @Override
    public void close() {
        journals.values().forEach(Journal::close);
    }
}
