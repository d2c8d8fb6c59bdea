package holdfast.edge.idempotency;

import holdfast.edge.journal.AppendListener;
import holdfast.edge.journal.Journal;
import holdfast.edge.journal.JournalEntry;
import holdfast.edge.journal.JournalReader;
import holdfast.edge.threads.ThreadFailures;
import holdfast.shared.envelope.EventEnvelope;
import holdfast.shared.envelope.Lane;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The idempotency index off the database: {@link KeyRecords} (what each key was journaled as, in journal order,
 * in a memory-mapped file beside the journals) and {@link KeySlots} (the hash table over them, on the heap,
 * rebuilt from the records at start). A key is recorded on the lane's writer thread right after its fsync, in
 * the same batch, at the cost of a few memory writes, and a lookup is a probe or two into memory.
 *
 * <p>Still a projection of the journals. A checkpoint thread makes the records durable every second and then
 * moves the lanes' marks; after a crash, {@link #recover} reads each journal from its mark onwards and records
 * what is missing, so a key journaled just before a kill -9 is known again before the first request. When the
 * files are missing, damaged, or do not belong to these journals (a restored backup), the index is rebuilt
 * from the start of every journal.
 *
 * <p>A match on the 64-bit hash is confirmed against the journal (the key itself is compared) while the
 * journal still holds the event; after retention has removed it, the hash alone decides (a false match needs
 * two keys with the same 64-bit hash).
 *
 * <p>Thread-safe: appends are serialised by a lock; lookups take no lock.
 */
public final class MappedIdempotencyIndex implements IdempotencyIndex, AppendListener {

    private static final Logger LOG = LoggerFactory.getLogger(MappedIdempotencyIndex.class);
    private static final long CHECKPOINT_MILLIS = 1_000;

    private final Path directory;
    private final InFlightKeys inFlight = new InFlightKeys();
    private final long expectedKeys;
    private final ReentrantLock lock = new ReentrantLock();
    private final KeyRecords records;
    private final long[] lastRecord = new long[Lane.values().length]; // guarded by lock
    private volatile KeySlots slots;
    private volatile Map<Lane, Journal> journals = Map.of();
    private final Thread checkpointer;
    private final ThreadFailures failures;
    private volatile boolean closing;

    /**
     * @param directory    where the two files live (created if missing)
     * @param expectedKeys how many keys the slot table is first sized for (it doubles past three quarters)
     */
    public MappedIdempotencyIndex(Path directory, long expectedKeys) {
        this(directory, expectedKeys, ThreadFailures.unexposed());
    }

    /** As above, reporting a failed checkpoint to the node's {@code failures}. */
    /** The node's index in {@code directory}, its first table sized by {@code idempotency.expected-keys}. */
    public static MappedIdempotencyIndex open(Path directory, io.helidon.config.Config idempotency,
                                              ThreadFailures failures) {
        return new MappedIdempotencyIndex(directory, IdempotencySettings.from(idempotency).expectedKeys(), failures);
    }

    public MappedIdempotencyIndex(Path directory, long expectedKeys, ThreadFailures failures) {
        this.directory = directory;
        this.failures = failures;
        this.expectedKeys = expectedKeys;
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new holdfast.edge.HoldfastException("cannot create " + directory, e);
        }
        this.records = KeyRecords.open(directory.resolve("keys.records"));
        for (Lane lane : Lane.values()) {
            lastRecord[lane.ordinal()] = records.mark(lane);
        }
        this.slots = openSlots();
        this.checkpointer = Thread.ofPlatform().name("idempotency-checkpoint").daemon(true)
                .unstarted(this::checkpointLoop);
    }

    private KeySlots openSlots() {
        // The table of earlier versions, a mapped file, is not read any more: the records rebuild the table.
        try {
            Files.deleteIfExists(directory.resolve("keys.slots"));
            Files.deleteIfExists(directory.resolve("keys.slots.next"));
        } catch (IOException e) {
            LOG.warn("event=idempotency.old_slots_kept error={}", e.toString());
        }
        long durable = records.count();
        KeySlots fresh = KeySlots.create(KeySlots.slotsFor(Math.max(expectedKeys, 2 * durable)));
        for (long r = 0; r < durable; r++) {
            fresh.insert(records.keyHash(r), r);
        }
        return fresh;
    }

    /**
     * Brings the index up to date with the journals; call once they are open and before accepting events, then
     * {@link #start}. Rebuilds the index from the start of every journal when it does not match them.
     */
    public void recover(Collection<? extends Journal> laneJournals) {
        Map<Lane, Journal> byLane = new EnumMap<>(Lane.class);
        laneJournals.forEach(j -> byLane.put(j.lane(), j));
        this.journals = byLane;
        lock.lock();
        try {
            if (!matches(byLane)) {
                LOG.warn("event=idempotency.rebuild reason=\"the index does not match the journals\"");
                records.clear();
                java.util.Arrays.fill(lastRecord, -1);
                slots = KeySlots.create(KeySlots.slotsFor(expectedKeys));
            }
            for (Journal journal : byLane.values()) {
                catchUp(journal);
            }
        } finally {
            lock.unlock();
        }
        checkpoint();
        LOG.info("event=idempotency.recovered keys={} slots={}", records.count(), slots.capacity());
    }

    /** Whether every lane's mark points at the event the journal holds there. */
    private boolean matches(Map<Lane, Journal> byLane) {
        for (Journal journal : byLane.values()) {
            long mark = lastRecord[journal.lane().ordinal()];
            if (mark < 0) {
                continue;
            }
            long seq = records.laneSeq(mark);
            if (journal.lastSeq() < seq) {
                return false;
            }
            try (JournalReader reader = journal.readerAt(records.journalIndex(mark))) {
                JournalEntry entry = reader.next();
                if (entry != null && (entry.event().laneSeq() != seq
                        || KeyHash.of(entry.event().idempotencyKey(), KeyHash.INDEX_SEED) != records.keyHash(mark))) {
                    return false;
                }
            } catch (IllegalStateException e) {
                // Retention removed the cycle holding the mark: nothing to compare, the sequence agrees.
            }
        }
        return true;
    }

    private void catchUp(Journal journal) {
        long mark = lastRecord[journal.lane().ordinal()];
        long afterSeq = mark < 0 ? 0 : records.laneSeq(mark);
        long recovered = 0;
        JournalReader reader;
        try {
            reader = mark < 0 ? journal.readerAfter(JournalEntry.NO_INDEX) : journal.readerAfter(records.journalIndex(mark));
        } catch (IllegalStateException e) {
            reader = journal.readerAfter(JournalEntry.NO_INDEX);
        }
        try (JournalReader r = reader) {
            JournalEntry entry;
            while ((entry = r.next()) != null) {
                if (entry.event().laneSeq() <= afterSeq || present(entry)) {
                    continue;
                }
                record(entry);
                recovered++;
            }
        }
        LOG.info("event=idempotency.caught_up lane={} fromSeq={} entries={}", journal.lane().wireName(), afterSeq,
                recovered);
    }

    private boolean present(JournalEntry entry) {
        EventEnvelope e = entry.event();
        long hash = KeyHash.of(e.idempotencyKey(), KeyHash.INDEX_SEED);
        boolean[] found = {false};
        slots.candidates(hash, r -> {
            if (records.valid(r) && records.keyHash(r) == hash && records.lane(r) == e.lane()
                    && records.laneSeq(r) == e.laneSeq()) {
                found[0] = true;
            }
        });
        return found[0];
    }

    /** Starts the checkpoint thread (after {@link #recover}). */
    public void start() {
        checkpointer.start();
    }

    @Override
    public Claim claim(String idempotencyKey) {
        CompletableFuture<KnownEvent> mine = new CompletableFuture<>();
        CompletableFuture<KnownEvent> holder = inFlight.reserve(idempotencyKey, mine);
        if (holder != null) {
            return new Claim.Pending(holder);
        }
        Optional<KnownEvent> known;
        try {
            known = find(idempotencyKey);
        } catch (RuntimeException e) {
            inFlight.abandon(idempotencyKey, mine);
            mine.completeExceptionally(e);
            throw e;
        }
        if (known.isPresent()) {
            inFlight.abandon(idempotencyKey, mine);
            mine.complete(known.get());
            return new Claim.Known(known.get());
        }
        return new Claim.Granted(idempotencyKey, mine, inFlight);
    }

    /** Keys claimed and not yet recorded (for tests and the status of a busy node). */
    public int inFlight() {
        return inFlight.size();
    }

    @Override
    public Optional<KnownEvent> find(String idempotencyKey) {
        long hash = KeyHash.of(idempotencyKey, KeyHash.INDEX_SEED);
        List<Long> candidates = new ArrayList<>(1);
        slots.candidates(hash, r -> {
            if (records.valid(r) && records.keyHash(r) == hash) {
                candidates.add(r);
            }
        });
        for (long r : candidates) {
            Optional<KnownEvent> known = confirmed(idempotencyKey, r);
            if (known.isPresent()) {
                return known;
            }
        }
        return Optional.empty();
    }

    /** The record's event if the journal confirms the key (or no longer holds it); empty for another key. */
    private Optional<KnownEvent> confirmed(String key, long r) {
        Lane lane = records.lane(r);
        long journalIndex = records.journalIndex(r);
        Journal journal = journals.get(lane);
        if (journal != null) {
            try (JournalReader reader = journal.readerAt(journalIndex)) {
                JournalEntry entry = reader.next();
                if (entry != null) {
                    EventEnvelope e = entry.event();
                    if (!e.idempotencyKey().equals(key)) {
                        return Optional.empty(); // another key with the same 64-bit hash
                    }
                    return Optional.of(new KnownEvent(key, e.eventId(), lane, e.laneSeq(), journalIndex,
                            ContentHash.of(e)));
                }
            } catch (IllegalStateException e) {
                // retention removed it: the record alone answers
            }
        }
        String eventId = records.eventId(r);
        return Optional.of(new KnownEvent(key, eventId != null ? eventId : "unknown", lane, records.laneSeq(r),
                journalIndex, null));
    }

    @Override
    public void appended(List<JournalEntry> entries) {
        lock.lock();
        try {
            for (JournalEntry entry : entries) {
                record(entry);
            }
        } finally {
            lock.unlock();
        }
        List<String> keys = new ArrayList<>(entries.size());
        for (JournalEntry entry : entries) {
            keys.add(entry.event().idempotencyKey());
        }
        inFlight.indexed(keys);
    }

    /** Under the lock. */
    private void record(JournalEntry entry) {
        EventEnvelope e = entry.event();
        long hash = KeyHash.of(e.idempotencyKey(), KeyHash.INDEX_SEED);
        KeySlots s = slots;
        if (!s.hasRoomForOneMore()) {
            s = grow(s);
        }
        long r = records.append(hash, e.eventId(), e.lane(), e.laneSeq(), entry.index());
        s.insert(hash, r);
        lastRecord[e.lane().ordinal()] = r;
    }

    /**
     * A table twice the size, built aside from the records. Under the lock: lookups go on in the old table
     * meanwhile (it holds every key recorded so far), appends wait (tens of milliseconds per million keys).
     */
    private KeySlots grow(KeySlots old) {
        long started = System.nanoTime();
        KeySlots bigger = KeySlots.create(Math.max(old.capacity() * 2, KeySlots.slotsFor(records.count() + 1)));
        long count = records.count();
        for (long r = 0; r < count; r++) {
            bigger.insert(records.keyHash(r), r);
        }
        slots = bigger;
        LOG.info("event=idempotency.grown keys={} slots={} ms={}", count, bigger.capacity(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        return bigger;
    }

    private void checkpointLoop() {
        while (!closing) {
            try {
                Thread.sleep(CHECKPOINT_MILLIS);
                checkpoint();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // The journals hold everything; the next checkpoint or the next start's catch-up covers it.
                failures.failed(checkpointer.getName(), e);
            }
        }
    }

    /** Makes the records durable and moves the marks. */
    private void checkpoint() {
        long count;
        long[] marks;
        lock.lock();
        try {
            count = records.count();
            marks = lastRecord.clone();
        } finally {
            lock.unlock();
        }
        synchronized (records) {
            if (count > records.durableCount()) {
                records.commit(count, marks);
            }
        }
    }

    /** Keys recorded, bytes of slots, bytes of records: what the index costs (for benchmarks and status). */
    public Footprint footprint() {
        lock.lock();
        try {
            return new Footprint(records.count(), slots.bytes(), records.bytesUsed());
        } finally {
            lock.unlock();
        }
    }

    /** @param slotBytes resident once warm; @param recordBytes on disk, read only to answer a repeated key */
    public record Footprint(long keys, long slotBytes, long recordBytes) {
    }

    @Override
    public void close() {
        closing = true;
        checkpointer.interrupt();
        try {
            checkpointer.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        checkpoint();
        records.close();
    }
}
