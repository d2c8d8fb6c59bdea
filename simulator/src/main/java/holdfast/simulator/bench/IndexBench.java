package holdfast.simulator.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import holdfast.edge.idempotency.MappedIdempotencyIndex;
import holdfast.edge.journal.JournalEntry;
import holdfast.shared.envelope.EventEnvelope;
import holdfast.shared.envelope.EventKind;
import holdfast.shared.envelope.Lane;
import holdfast.shared.envelope.Source;
import holdfast.shared.envelope.Subject;
import holdfast.shared.envelope.UuidV7Generator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ./holdfast bench index [--keys 10000000]}: what the idempotency index costs for that many keys. Records
 * the keys as the lane writers do (batches of 1,000 after each fsync), then prints the slot table and record
 * file sizes per key, the process's resident memory before and after (anonymous and file-backed apart), the
 * heap in use, and the lookup rate for known and for new keys. No journals: a found key is answered from the
 * index's own record, which is the path a lookup takes once retention has removed the journal cycle.
 */
final class IndexBench {

    private IndexBench() {
    }

    static void main(String[] args) throws Exception {
        BenchArgs a = new BenchArgs(args);
        long keys = a.integer("keys", 10_000_000);
        Path dir = Files.createTempDirectory("holdfast-bench-index");
        System.out.printf("holdfast bench index: %,d keys, data in %s%n", keys, dir);
        UuidV7Generator ids = new UuidV7Generator();
        ObjectNode payload = JsonNodeFactory.instance.objectNode().put("deviceId", "dev");
        Instant now = Instant.now();
        Rss before = Rss.read();
        long heapBefore = heapUsed();
        try (MappedIdempotencyIndex index = new MappedIdempotencyIndex(dir, keys)) {
            index.recover(List.of());
            index.start();
            long start = System.nanoTime();
            List<JournalEntry> batch = new ArrayList<>(1000);
            for (long i = 0; i < keys; i++) {
                String device = "dev-" + (i % 5000);
                String key = "mqtt:" + device + ":m-" + i;
                batch.add(new JournalEntry(new EventEnvelope(ids.nextString(), key, 1, Lane.STANDARD, i + 1,
                        EventKind.OBSERVATION, new Source("mqtt", device, "m-" + i), "c", null, now, now,
                        new Subject(null, null, "ICU", null, device), payload, null), i));
                if (batch.size() == 1000) {
                    index.appended(batch);
                    batch.clear();
                }
            }
            index.appended(batch);
            double insertSeconds = (System.nanoTime() - start) / 1e9;
            System.gc();
            Rss after = Rss.read();
            MappedIdempotencyIndex.Footprint f = index.footprint();
            System.out.printf("recorded %,d keys in %.1f s (%,.0f keys/s)%n", f.keys(), insertSeconds,
                    f.keys() / insertSeconds);
            System.out.printf("slot table: %,d bytes, %.1f bytes per key (resident once warm)%n", f.slotBytes(),
                    (double) f.slotBytes() / f.keys());
            System.out.printf("records:    %,d bytes, %.1f bytes per key (on disk; read to answer a repeat)%n",
                    f.recordBytes(), (double) f.recordBytes() / f.keys());
            System.out.printf("process RSS grew %,d MB: anonymous %+,d MB, file-backed %+,d MB (%.1f bytes per key);"
                            + " heap in use %+,d MB%n", (after.total() - before.total()) >> 20,
                    (after.anon() - before.anon()) >> 20, (after.file() - before.file()) >> 20,
                    (double) (after.total() - before.total()) / f.keys(), (heapUsed() - heapBefore) >> 20);
            int probes = 1_000_000;
            long found = 0;
            start = System.nanoTime();
            for (int i = 0; i < probes; i++) {
                long k = (i * 7919L) % keys;
                if (index.find("mqtt:dev-" + (k % 5000) + ":m-" + k).isPresent()) {
                    found++;
                }
            }
            double knownRate = probes / ((System.nanoTime() - start) / 1e9);
            long falsePositives = 0;
            start = System.nanoTime();
            for (int i = 0; i < probes; i++) {
                if (index.find("mqtt:new-" + i + ":x").isPresent()) {
                    falsePositives++;
                }
            }
            double newRate = probes / ((System.nanoTime() - start) / 1e9);
            System.out.printf("lookups: known keys %,.0f/s (%,d of %,d found), new keys %,.0f/s (%d wrongly found)%n",
                    knownRate, found, probes, newRate, falsePositives);
        } finally {
            DataDirs.delete(dir);
        }
    }

    private static long heapUsed() {
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    /** VmRSS split as /proc/self/status reports it. */
    private record Rss(long anon, long file) {
        long total() {
            return anon + file;
        }

        static Rss read() throws IOException {
            long anon = 0;
            long file = 0;
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("RssAnon:")) {
                    anon = kib(line);
                } else if (line.startsWith("RssFile:") || line.startsWith("RssShmem:")) {
                    file += kib(line);
                }
            }
            return new Rss(anon, file);
        }

        private static long kib(String line) {
            return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
    }
}
