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
import java.sql.Statement;
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
 * read each journal from its mark onwards, skipping keys it already holds.
 *
 * <p>Thread-safe. The queue of entries waiting to be indexed is bounded by the journals' own back-pressure:
 * only journaled events are recorded.
 */
public final class H2IdempotencyIndex implements IdempotencyIndex, AppendListener {

    private static final Logger LOG = LoggerFactory.getLogger(H2IdempotencyIndex.class);
    private static final int MAX_BATCH = 4000;
    private static final long GATHER_NANOS = TimeUnit.MILLISECONDS.toNanos(25);
    private static final String INSERT_KEY = "INSERT INTO idempotency_key (key_hash, idem_key, event_id, lane, "
            + "lane_seq, journal_index, content_hash) VALUES (?, ?, ?, ?, ?, ?, ?)";
    private static final String FIND = "SELECT event_id, lane, lane_seq, journal_index, content_hash "
            + "FROM idempotency_key WHERE key_hash = ? AND idem_key = ?";
    private static final String MERGE_MARK = "MERGE INTO index_mark (lane, lane_seq, journal_index) KEY (lane) "
            + "VALUES (?, ?, ?)";

    private final Database database;
    private final InFlightKeys inFlight;
    private final KeyFilter filter;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread indexer;
    private volatile boolean closing;
    private long loadedKeys;

    /**
     * @param expectedKeys how many keys the in-memory filter is sized for (more only costs extra queries)
     */
    public H2IdempotencyIndex(Database database, InFlightKeys inFlight, long expectedKeys) {
        this.database = database;
        this.inFlight = inFlight;
        this.filter = new KeyFilter(expectedKeys);
        this.indexer = Thread.ofPlatform().name("idempotency-indexer").daemon(true).unstarted(this::indexLoop);
    }

    /**
     * Brings the index up to date with the journals and loads every key into the filter; call before accepting
     * events, then {@link #start}. The index is only a projection of the journals: should reading or catching it
     * up fail (H2 has been seen to leave this table's secondary index pointing at rows that are gone after a
     * kill -9), the two tables are dropped, created afresh and rebuilt from the start of every journal rather
     * than leaving the node unable to start.
     */
    public void recover(Collection<? extends Journal> journals) {
        try {
            for (Journal journal : journals) {
                recover(journal, mark(journal.lane()));
            }
            loadFilter();
        } catch (HoldfastException e) {
            LOG.error("event=idempotency.recovery_failed action=rebuild_from_journals error=\"{}\"", describe(e), e);
            recreateTables();
            for (Journal journal : journals) {
                recover(journal, new long[] {0, JournalEntry.NO_INDEX});
            }
            loadFilter();
            LOG.warn("event=idempotency.rebuilt keys={}", loadedKeys);
        }
    }

    private void recover(Journal journal, long[] mark) {
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
                    write(batch, true);
                    recovered += batch.size();
                    batch.clear();
                }
            }
        }
        write(batch, true);
        recovered += batch.size();
        LOG.info("event=idempotency.recovered lane={} fromSeq={} entries={}", journal.lane().wireName(),
                mark[0], recovered);
    }

    /**
     * Drops and re-creates the index tables (the same shape as migration V1): DROP does not read a damaged
     * index, where DELETE would.
     */
    private void recreateTables() {
        try (Connection c = database.projectionConnection(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS idempotency_key");
            s.execute("DROP TABLE IF EXISTS index_mark");
            s.execute("CREATE TABLE idempotency_key (key_hash BIGINT NOT NULL, idem_key VARCHAR(600) NOT NULL, "
                    + "event_id VARCHAR(36) NOT NULL, lane VARCHAR(16) NOT NULL, lane_seq BIGINT NOT NULL, "
                    + "journal_index BIGINT NOT NULL, content_hash VARCHAR(64))");
            s.execute("CREATE INDEX idempotency_key_hash ON idempotency_key (key_hash)");
            s.execute("CREATE TABLE index_mark (lane VARCHAR(16) PRIMARY KEY, lane_seq BIGINT NOT NULL, "
                    + "journal_index BIGINT NOT NULL)");
            s.execute("CHECKPOINT SYNC");
        } catch (SQLException e) {
            throw new HoldfastException("cannot re-create the idempotency index tables", e);
        }
    }

    private static String describe(Throwable t) {
        StringBuilder sb = new StringBuilder(String.valueOf(t.getMessage()));
        for (Throwable c = t.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            sb.append(" <- ").append(c.getClass().getSimpleName()).append(": ").append(c.getMessage());
        }
        return sb.toString();
    }

    /** Starts the indexer thread (after {@link #recover}). */
    public void start() {
        indexer.start();
    }

    private void loadFilter() {
        long loaded = 0;
        try (Connection c = database.projectionConnection(); Statement s = c.createStatement()) {
            s.setFetchSize(10_000);
            try (ResultSet rs = s.executeQuery("SELECT idem_key FROM idempotency_key")) {
                while (rs.next()) {
                    filter.add(rs.getString(1));
                    loaded++;
                }
            }
        } catch (SQLException e) {
            throw new HoldfastException("cannot load idempotency keys", e);
        }
        loadedKeys = loaded;
        LOG.info("event=idempotency.filter_loaded keys={}", loaded);
    }

    @Override
    public void expect(String idempotencyKey) {
        filter.add(idempotencyKey);
    }

    @Override
    public Optional<KnownEvent> find(String idempotencyKey) {
        if (!filter.mightContain(idempotencyKey)) {
            return Optional.empty();
        }
        try (Connection c = database.projectionConnection();
             PreparedStatement s = c.prepareStatement(FIND)) {
            s.setLong(1, KeyHash.of(idempotencyKey, KeyHash.INDEX_SEED));
            s.setString(2, idempotencyKey);
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
                // Gather for a moment: one commit per few hundred keys instead of per handful is what keeps
                // indexing cheap. Nothing waits on this (in-flight keys cover the gap), so latency is free.
                long until = System.nanoTime() + GATHER_NANOS;
                while (batch.size() < MAX_BATCH) {
                    queue.drainTo(batch, MAX_BATCH - batch.size());
                    long left = until - System.nanoTime();
                    if (left <= 0 || batch.size() >= MAX_BATCH) {
                        break;
                    }
                    Pending next = queue.poll(left, TimeUnit.NANOSECONDS);
                    if (next != null) {
                        batch.add(next);
                    }
                }
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

    /** Records journaled entries; in steady state every key is new, the pipeline made sure of it. */
    private void write(List<Pending> batch) {
        write(batch, false);
    }

    /**
     * @param recovering true while re-indexing after a crash: entries between the mark and what the index
     *                   already holds may be there, and are skipped rather than recorded twice
     */
    private void write(List<Pending> batch, boolean recovering) {
        if (batch.isEmpty()) {
            return;
        }
        Map<Lane, JournalEntry> lastPerLane = new EnumMap<>(Lane.class);
        try (Connection c = database.projectionConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement keys = c.prepareStatement(INSERT_KEY);
                 PreparedStatement marks = c.prepareStatement(MERGE_MARK)) {
                for (Pending p : batch) {
                    EventEnvelope e = p.entry().event();
                    lastPerLane.merge(e.lane(), p.entry(),
                            (a, b) -> a.event().laneSeq() >= b.event().laneSeq() ? a : b);
                    if (recovering && present(c, e.idempotencyKey())) {
                        continue;
                    }
                    keys.setLong(1, KeyHash.of(e.idempotencyKey(), KeyHash.INDEX_SEED));
                    keys.setString(2, e.idempotencyKey());
                    keys.setString(3, e.eventId());
                    keys.setString(4, e.lane().wireName());
                    keys.setLong(5, e.laneSeq());
                    keys.setLong(6, p.entry().index());
                    keys.setString(7, ContentHash.of(e));
                    keys.addBatch();
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

    private static boolean present(Connection c, String key) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(FIND)) {
            s.setLong(1, KeyHash.of(key, KeyHash.INDEX_SEED));
            s.setString(2, key);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }

    private long[] mark(Lane lane) {
        try (Connection c = database.projectionConnection();
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
