package holdfast.simulator.chaos;

import holdfast.simulator.cloud.ReferenceCloud;
import holdfast.simulator.cloud.Receipts;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The reference cloud coming and going on one port and one data dir (a real outage: connections refused), its
 * census disputing every reading of {@link HttpLoad#DISPUTED_BED}, every start recording into the same receipts.
 * {@link #steady()} ends the flapping with the cloud up. Thread-safe.
 */
final class FlappingCloud implements AutoCloseable {

    static final String TOKEN = "chaos-cloud-token";

    private final int port;
    private final Path dir;
    private final Receipts receipts;
    private final Random random;
    private final CountDownLatch steady = new CountDownLatch(1);
    private final Thread thread;
    private ReferenceCloud cloud;
    private int outages;

    FlappingCloud(int port, Path dir, Receipts receipts, long seed) {
        this.port = port;
        this.dir = dir;
        this.receipts = receipts;
        this.random = new Random(seed);
        up();
        this.thread = Thread.ofPlatform().daemon().name("chaos-cloud").start(this::flap);
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    synchronized int outages() {
        return outages;
    }

    /** Stops the flapping and leaves the cloud up. */
    void steady() throws InterruptedException {
        steady.countDown();
        thread.join(60_000);
        synchronized (this) {
            if (cloud == null) {
                up();
            }
        }
    }

    private void flap() {
        try {
            while (!steady.await(3_000 + random.nextInt(5_000), TimeUnit.MILLISECONDS)) {
                synchronized (this) {
                    cloud.close();
                    cloud = null;
                    outages++;
                }
                steady.await(500 + random.nextInt(2_500), TimeUnit.MILLISECONDS); // down, or steady at once
                synchronized (this) {
                    up();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void up() {
        cloud = ReferenceCloud.start(port, dir, TOKEN, receipts);
        cloud.census(Map.of(HttpLoad.DISPUTED_BED, "P777"), List.of());
    }

    @Override
    public void close() {
        steady.countDown();
        try {
            thread.join(60_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            if (cloud != null) {
                cloud.close();
                cloud = null;
            }
        }
    }
}
