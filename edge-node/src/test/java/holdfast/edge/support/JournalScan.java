package holdfast.edge.support;

import holdfast.edge.journal.AppendListener;
import holdfast.edge.journal.ChronicleJournal;
import holdfast.edge.journal.JournalEntry;
import holdfast.edge.journal.JournalReader;
import holdfast.edge.journal.JournalSettings;
import holdfast.shared.envelope.EnvelopeCodec;
import holdfast.shared.envelope.EventEnvelope;
import holdfast.shared.envelope.Lane;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads every event straight from the lane journals under a (stopped) node's data dir. */
public final class JournalScan {
    private JournalScan() {
    }

    public static List<EventEnvelope> all(Path dataDir) {
        List<EventEnvelope> events = new ArrayList<>();
        for (Lane lane : Lane.values()) {
            events.addAll(lane(dataDir, lane));
        }
        return events;
    }

    public static List<EventEnvelope> lane(Path dataDir, Lane lane) {
        Path dir = dataDir.resolve("journals").resolve(lane.wireName());
        List<EventEnvelope> events = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return events;
        }
        try (ChronicleJournal journal = new ChronicleJournal(lane, dir, JournalSettings.defaults(), new EnvelopeCodec(),
                AppendListener.NONE); JournalReader reader = journal.readerAfter(JournalEntry.NO_INDEX)) {
            JournalEntry entry;
            while ((entry = reader.next()) != null) {
                events.add(entry.event());
            }
        }
        return events;
    }
}
