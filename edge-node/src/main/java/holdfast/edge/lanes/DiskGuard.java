package holdfast.edge.lanes;

import holdfast.shared.envelope.Lane;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Watches free space under the data dir and says which lanes must refuse new events. Thresholds are per
 * lane so the batch lane gives way first, then standard, while critical keeps a reserve. Free space is
 * sampled at most every {@code checkIntervalMillis} so the check costs nothing on the hot path.
 * Thread-safe.
 */
public final class DiskGuard {

    private final DiskSettings settings;
    private final LongSupplier freeBytes;
    private volatile long lastFree;
    private volatile long lastCheckNanos;

    public DiskGuard(DiskSettings settings, LongSupplier freeBytes) {
        this.settings = settings;
        this.freeBytes = freeBytes;
        this.lastFree = freeBytes.getAsLong();
        this.lastCheckNanos = System.nanoTime();
    }

    /** Free space on the file store holding {@code dataDir}. */
    public static LongSupplier freeSpaceOf(Path dataDir) {
        return () -> {
            try {
                FileStore store = Files.getFileStore(dataDir);
                return store.getUsableSpace();
            } catch (IOException e) {
                return 0;
            }
        };
    }

    public long freeBytes() {
        long now = System.nanoTime();
        if (now - lastCheckNanos > settings.checkIntervalMillis() * 1_000_000L) {
            lastFree = freeBytes.getAsLong();
            lastCheckNanos = now;
        }
        return lastFree;
    }

    /** Why the lane must refuse new events now, or empty when it may accept them. */
    public Optional<String> refusal(Lane lane) {
        long free = freeBytes();
        long min = settings.minFreeBytes(lane);
        if (free < min) {
            return Optional.of("disk free " + (free >> 20) + " MiB is below the " + lane.wireName()
                    + " lane's watermark of " + (min >> 20) + " MiB");
        }
        return Optional.empty();
    }
}
