package holdfast.edge.module;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The parts a module (or the node) opened, closed in reverse order of opening: a sender closes before what it
 * sends through. One part failing to close is logged and does not keep the others open. Not thread-safe: a
 * module is built and closed by one thread.
 */
public final class Parts implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Parts.class);

    private final Deque<AutoCloseable> opened = new ArrayDeque<>();

    /**
     * Runs a module's factory with fresh parts; when the factory fails half-way, what it had opened is closed
     * again before the failure goes on, so no writer thread keeps the JVM up after a failed start.
     */
    public static <T> T build(Function<Parts, T> factory) {
        Parts parts = new Parts();
        try {
            return factory.apply(parts);
        } catch (RuntimeException | Error e) {
            parts.close();
            throw e;
        }
    }

    /** Records a part that is open now; returns it, so it can be opened and recorded in one expression. */
    public <T extends AutoCloseable> T push(T part) {
        opened.push(part);
        return part;
    }

    @Override
    public void close() {
        while (!opened.isEmpty()) {
            AutoCloseable part = opened.pop();
            try {
                part.close();
            } catch (Exception | Error e) {
                LOG.warn("event=node.close_failed component={} error={}", part.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
