package holdfast.console.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import holdfast.console.client.HttpEdgeNodeClient;
import holdfast.edge.EdgeNode;
import holdfast.edge.config.ConfigLoader;
import holdfast.simulator.LoopbackNodeConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The status view model following a real node's status stream: the node stops (the console shows it cannot
 * reach it, distinct from a degraded node) and starts again on the same port (the feed reconnects by itself).
 */
class StatusFeedIT {

    private static final String ADMIN = "hf_console-feed-admin-token-0123";

    @TempDir
    Path data;

    private final ExecutorService ui = Executors.newSingleThreadExecutor();
    private final ExecutorService background = Executors.newVirtualThreadPerTaskExecutor();
    private StatusViewModel model;

    @AfterEach
    void stop() {
        if (model != null) {
            model.close();
        }
        ui.shutdownNow();
        background.shutdownNow();
    }

    @Test
    void stoppedNodeIsShownUnreachableAndTheFeedReconnectsWhenItIsBack() {
        EdgeNode node = start(0);
        int port = node.httpPort();
        String url = "http://127.0.0.1:" + port;
        model = new StatusViewModel("ward 9", url, new HttpEdgeNodeClient(url, ADMIN), background, ui,
                Clock.systemDefaultZone());
        try {
            model.start();
            awaitBanner("INFO", "Local only");
            assertThat(onUi(() -> model.reachableProperty().get())).isTrue();
        } finally {
            node.close();
        }
        awaitBanner("UNREACHABLE", "Cannot reach ward 9 at " + url + " since");
        assertThat(onUi(() -> model.bannerProperty().get().text())).contains("check that the node is running");
        assertThat(onUi(() -> model.lanes().size())).as("the last known state stays on screen").isEqualTo(3);

        node = start(port);
        try {
            awaitBanner("INFO", "Local only");
            assertThat(onUi(() -> model.reachableProperty().get())).isTrue();
        } finally {
            node.close();
        }
    }

    private EdgeNode start(int port) {
        Map<String, String> config = LoopbackNodeConfig.overrides(data, ADMIN);
        config.put("http.port", String.valueOf(port));
        return EdgeNode.start(ConfigLoader.load(null, Map.of(), config), Clock.systemUTC());
    }

    private void awaitBanner(String severity, String textStart) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Banner banner = onUi(() -> model.bannerProperty().get());
            assertThat(banner.severity()).isEqualTo(severity);
            assertThat(banner.text()).startsWith(textStart);
        });
    }

    private <T> T onUi(java.util.function.Supplier<T> read) {
        return CompletableFuture.supplyAsync(read, ui).join();
    }
}
