package holdfast.edge.projection;

import holdfast.edge.journal.Journal;
import holdfast.edge.journal.JournalEntry;
import holdfast.edge.journal.JournalReader;
import holdfast.edge.journal.LaneJournals;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads every lane once, from its oldest entry, and hands each entry to every projection. */
public final class JournalPass {

    private static final Logger LOG = LoggerFactory.getLogger(JournalPass.class);

    private JournalPass() {
    }

    /** What the pass read, for the start-up log and the benchmark. */
    public record Result(long entries, long millis) {
    }

    public static Result run(LaneJournals journals, List<? extends Projection> projections) {
        long started = System.nanoTime();
        long entries = 0;
        for (Journal journal : journals.all()) {
            try (JournalReader reader = journal.readerAfter(JournalEntry.NO_INDEX)) {
                JournalEntry entry;
                while ((entry = reader.next()) != null) {
                    entries++;
                    for (Projection p : projections) {
                        p.replayed(entry);
                    }
                }
            }
        }
        for (Projection p : projections) {
            p.replayDone();
        }
        Result result = new Result(entries, (System.nanoTime() - started) / 1_000_000);
        LOG.info("event=projections.rebuilt entries={} millis={} projections={}", result.entries(), result.millis(),
                projections.stream().map(Projection::name).toList());
        return result;
    }
}
