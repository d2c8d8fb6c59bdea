package holdfast.edge.census;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Who was in a bed, when. Bed ids use the contract §2 form ({@code ICU-3}). Implementations are thread-safe. */
public interface Census {

    /** The stay covering {@code at} in {@code bed} (from inclusive, to exclusive), if any. */
    Optional<Stay> occupantAt(String bed, Instant at);

    /** Where {@code patientId} was at {@code at}: the stay covering it, if any. */
    Optional<Stay> stayOf(String patientId, Instant at);

    /** Every stay in {@code bed}, oldest first. */
    List<Stay> history(String bed);
}
