package holdfast.edge.idempotency;

import holdfast.edge.HoldfastException;
import holdfast.edge.journal.AppendListener;
import holdfast.edge.journal.Journal;
import holdfast.edge.journal.JournalEntry;
import holdfast.edge.journal.JournalReader;
import holdfast.edge.store.Database;
import holdfast.shared.envelope.EventEnvelope;
import holdfast.shared.envelope.Lane;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The idempotency index in H2, written in batches by one indexer thread. Each batch inserts its keys and
 * moves the lane's {@code index_mark} in the same transaction, so after a crash {@link #recover} only has to
 * read each journal from its mark onwards; MERGE makes re-indexing an entry harmless.
 *
 * <p>Thread-safe. The queue of entries waiting to be indexed is bounded by the journals' own back-pressure:
 * only journaled events are recorded.
 */
public final class H2IdempotencyIndex implements IdempotencyIndex, AppendListener {

    private static final Logger LOG = LoggerFactory.getLogger(H2IdempotencyIndex.class);
    private static final int MAX_BATCH = 2000;
    private static final String MERGE_KEY = "MERGE INTO idempotency_key (idem_key, event_id, lane, lane_seq, "
            + "journal_index, content_hash) KEY (idem_key) VALUES (?, ?, ?, ?, ?, ?)";
    private static final String MERGE_MARK = "MERGE INTO index_mark (lane, lane_seq, journal_index) KEY (lane) "
            + "VALUES (?, ?, ?)";

    private final Database database;
    private final InFlightKeys inFlight;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread indexer;
    private volatile boolean closing;

    public H2IdempotencyIndex(Database database, InFlightKeys inFlight) {
        this.database = database;
        this.inFlight = inFlight;
        this.indexer = Thread.ofPlatform().name("idempotency-indexer").daemon(true).unstarted(this::indexLoop);
    }

    /** Brings the index up to date with the journals; call before accepting events, then {@link #start}. */
    public void recover(Collection<? extends Journal> journals) {
        for (Journal journal : journals) {
            long[] mark = mark(journal.lane());
            long recovered = 0;
            List<Pending> batch = new ArrayList<>();
            try (JournalReader reader = journal.readerAfter(mark[1])) {
                JournalEntry entry;
                while ((entry = reader.next()) != null) {
                    if (entry.event().laneSeq() <= mark[0]) {
                        continue;
                    }
                    batch.add(new Pending(entry));
                    if (batch.size() == MAX_BATCH) {
                        write(batch);
                        recovered += batch.size();
                        batch.clear();
                    }
                }
            }
            write(batch);
            recovered += batch.size();
            LOG.info("event=idempotency.recovered lane={} fromSeq={} entries={}", journal.lane().wireName(),
                    mark[0], recovered);
        }
    }

    public void start() {
        indexer.start();
    }

    @Override
    public Optional<KnownEvent> find(String idempotencyKey) {
        try (Connection c = database.connection();
             PreparedStatement s = c.prepareStatement("SELECT event_id, lane, lane_seq, journal_index, content_hash "
                     + "FROM idempotency_key WHERE idem_key = ?")) {
            s.setString(1, idempotencyKey);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new KnownEvent(idempotencyKey, rs.getString(1), Lane.fromWire(rs.getString(2)),
                        rs.getLong(3), rs.getLong(4), rs.getString(5)));
            }
        } catch (SQLException e) {
            throw new HoldfastException("idempotency lookup failed", e);
        }
    }

    @Override
    public void appended(List<JournalEntry> entries) {
        for (JournalEntry entry : entries) {
            queue.add(new Pending(entry));
        }
    }

    @Override
    public void close() {
        closing = true;
        if (indexer.isAlive()) {
            try {
                indexer.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void indexLoop() {
        List<Pending> batch = new ArrayList<>(MAX_BATCH);
        while (!closing || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(50, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                write(batch);
                inFlight.indexed(batch.stream().map(p -> p.entry().event().idempotencyKey()).toList());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // The journal still holds these events; recovery at the next start indexes them. Until then,
                // keep their in-flight reservations so duplicates are still recognised.
                LOG.error("event=idempotency.index_failed entries={} error={}", batch.size(), e.toString(), e);
            }
            batch.clear();
        }
    }

    private void write(List<Pending> batch) {
        if (batch.isEmpty()) {
            return;
        }
        Map<Lane, JournalEntry> lastPerLane = new EnumMap<>(Lane.class);
        try (Connection c = database.connection()) {
            c.setAutoCommit(false);
            try (PreparedStatement keys = c.prepareStatement(MERGE_KEY);
                 PreparedStatement marks = c.prepareStatement(MERGE_MARK)) {
                for (Pending p : batch) {
                    EventEnvelope e = p.entry().event();
                    keys.setString(1, e.idempotencyKey());
                    keys.setString(2, e.eventId());
                    keys.setString(3, e.lane().wireName());
                    keys.setLong(4, e.laneSeq());
                    keys.setLong(5, p.entry().index());
                    keys.setString(6, ContentHash.of(e));
                    keys.addBatch();
                    lastPerLane.merge(e.lane(), p.entry(),
                            (a, b) -> a.event().laneSeq() >= b.event().laneSeq() ? a : b);
                }
                keys.executeBatch();
                for (JournalEntry last : lastPerLane.values()) {
                    marks.setString(1, last.event().lane().wireName());
                    marks.setLong(2, last.event().laneSeq());
                    marks.setLong(3, last.index());
                    marks.addBatch();
                }
                marks.executeBatch();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new HoldfastException("idempotency index write failed", e);
        }
    }

    private long[] mark(Lane lane) {
        try (Connection c = database.connection();
             PreparedStatement s = c.prepareStatement("SELECT lane_seq, journal_index FROM index_mark WHERE lane = ?")) {
            s.setString(1, lane.wireName());
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? new long[] {rs.getLong(1), rs.getLong(2)} : new long[] {0, JournalEntry.NO_INDEX};
            }
        } catch (SQLException e) {
            throw new HoldfastException("cannot read index mark of lane " + lane.wireName(), e);
        }
    }

    private record Pending(JournalEntry entry) {
    }
}
