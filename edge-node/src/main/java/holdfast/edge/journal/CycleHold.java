package holdfast.edge.journal;

/** A backup's hold on a lane's cycle files (see {@link Journal#holdCycles()}); closing it releases the hold. */
@FunctionalInterface
public interface CycleHold extends AutoCloseable {

    @Override
    void close();
}
