package holdfast.simulator.cloud;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the reference cloud in the foreground: {@code --port N} (default 9090, env {@code HOLDFAST_CLOUD_PORT}),
 * {@code --data-dir D} (default {@code ./data/cloud}, env {@code HOLDFAST_CLOUD_DATA_DIR}), {@code --token T}
 * (env {@code HOLDFAST_CLOUD_TOKEN}, default {@code cloud-dev-token}). Binds 127.0.0.1 only.
 */
public final class ReferenceCloudMain {

    private ReferenceCloudMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        int port = Integer.parseInt(option(args, "port", env("HOLDFAST_CLOUD_PORT", "9090")));
        Path dir = Path.of(option(args, "data-dir", env("HOLDFAST_CLOUD_DATA_DIR", "./data/cloud")));
        String token = option(args, "token", env("HOLDFAST_CLOUD_TOKEN", "cloud-dev-token"));
        ReferenceCloud cloud = ReferenceCloud.start(port, dir, token);
        System.out.println("reference cloud listening on " + cloud.url() + " (admin: " + cloud.url() + "/admin/stats)");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            cloud.close();
            stopped.countDown();
        }, "cloud-shutdown"));
        stopped.await();
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    private static String option(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals("--" + name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
