package holdfast.edge.journal;

import holdfast.edge.HoldfastException;

/** The lane cannot take appends: it is closed, or a write to disk failed and the lane stopped itself. */
final class JournalUnavailableException extends HoldfastException {
    public JournalUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
