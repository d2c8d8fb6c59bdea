package holdfast.edge;

import holdfast.edge.config.ConfigLoader;
import io.helidon.config.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Starts one edge node in the foreground. Configuration: {@code --config FILE}, else {@code HOLDFAST_CONFIG},
 * else {@code config/edge-node.yaml} when it exists; environment variables override it (contract §1).
 */
public final class EdgeNodeMain {

    private static final Logger LOG = LoggerFactory.getLogger(EdgeNodeMain.class);

    private EdgeNodeMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        EdgeNode node;
        try {
            Config config = ConfigLoader.load(configFile(args), System.getenv(), Map.of());
            node = EdgeNode.start(config, Clock.systemUTC());
        } catch (RuntimeException | Error e) {
            LOG.error("event=node.start_failed error=\"{}\"", e.getMessage(), e);
            System.err.println("Holdfast edge node did not start: " + e.getMessage());
            exitWithin(2, Duration.ofSeconds(10));
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            node.close();
            stopped.countDown();
        }, "shutdown"));
        System.out.println("Holdfast edge node " + node.settings().nodeId() + " listening on " + node.httpScheme()
                + "://" + node.settings().httpHost() + ":" + node.httpPort() + " (data: " + node.settings().dataDir() + ")");
        stopped.await();
    }

    /**
     * Exits; should a shutdown hook of a library hang, halts after {@code grace}. A node that failed to start
     * must end, so its service manager can restart it and its operator sees the failure.
     */
    private static void exitWithin(int status, Duration grace) {
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(grace); // a deadline for the exit, not synchronisation
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Runtime.getRuntime().halt(status);
        }, "exit-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        System.exit(status);
    }

    private static Path configFile(String[] args) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals("--config")) {
                return Path.of(args[i + 1]);
            }
        }
        String env = System.getenv("HOLDFAST_CONFIG");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        Path standard = Path.of("config", "edge-node.yaml");
        return Files.isRegularFile(standard) ? standard : null;
    }
}
