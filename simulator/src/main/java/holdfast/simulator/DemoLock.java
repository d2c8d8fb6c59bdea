package holdfast.simulator;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One demo per data directory: a second {@code ./holdfast demo} is told a demo is running, instead of failing
 * deep inside the node or the reference cloud on a locked database. The operating system drops the lock with
 * the process, however it ends, so a killed demo never leaves a stale one behind.
 */
final class DemoLock {

    private DemoLock() {
    }

    /**
     * Takes the lock, or empty when another process holds it. The caller keeps the lock referenced for as long
     * as the demo runs: an unreachable channel is closed by the JDK, and its lock goes with it.
     */
    static java.util.Optional<FileLock> take(Path dataDir) throws IOException {
        FileChannel channel = FileChannel.open(dataDir.resolve("demo.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock lock = channel.tryLock();
        if (lock == null) {
            channel.close();
        }
        return java.util.Optional.ofNullable(lock);
    }
}
