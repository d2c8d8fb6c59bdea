package holdfast.console.client;

/** A live status feed being followed; closing it stops the feed's thread. Thread-safe. */
@FunctionalInterface
public interface StatusSubscription extends AutoCloseable {

    @Override
    void close();
}
