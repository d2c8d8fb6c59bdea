package holdfast.simulator.chaos;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/** The pause between two inputs of one sender: load pacing, not synchronisation. */
final class Pace {

    private Pace() {
    }

    static void pause(Duration d) {
        LockSupport.parkNanos(d.toNanos());
    }
}
