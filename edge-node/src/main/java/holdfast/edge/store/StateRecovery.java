package holdfast.edge.store;

import java.nio.file.Path;
import java.time.Instant;

/**
 * The node found its database damaged at start and rebuilt it from the control journal by itself.
 *
 * @param at          when the rebuild finished
 * @param cause       what the database said, without any data (exception class and message)
 * @param movedAside  where the damaged file was kept (never deleted)
 * @param replayed    control-journal entries applied
 * @param skipped     entries the fresh database refused (logged with their index; expected 0)
 * @param millis      how long the rebuild took
 */
public record StateRecovery(Instant at, String cause, Path movedAside, int replayed, int skipped, long millis) {
}
