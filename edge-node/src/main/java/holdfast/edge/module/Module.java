package holdfast.edge.module;

/**
 * One feature, built by its own factory from its settings and the few ports it needs. Building it opens what
 * it needs (files, tables, executors) but sends or listens to nothing; {@link #start()} does, so the root
 * decides the order in which the node comes alive. {@link #close()} stops what it started and closes what it
 * opened, in reverse order, and never throws: one part failing to close must not keep the others open.
 */
public interface Module extends AutoCloseable {

    /** Starts the module's threads and listeners; the default has none to start. */
    default void start() {
    }

    @Override
    void close();
}
