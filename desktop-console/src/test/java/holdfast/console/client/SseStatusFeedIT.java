package holdfast.console.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import holdfast.console.FakeEdgeNodeClient;
import holdfast.shared.api.NodeMode;
import holdfast.shared.api.NodeStatus;
import holdfast.shared.envelope.EnvelopeCodec;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The status feed against a real loopback server that misbehaves the ways networks do. */
class SseStatusFeedIT {

    private final ObjectMapper mapper = EnvelopeCodec.newMapper();
    private final BlockingQueue<String> heard = new LinkedBlockingQueue<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private HttpServer server;
    private SseStatusFeed feed;

    @AfterEach
    void stop() {
        if (feed != null) {
            feed.close();
        }
        release.countDown();
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void silentStreamIsDroppedAndReopened() throws Exception {
        String event = "event: status\ndata: " + mapper.writeValueAsString(FakeEdgeNodeClient.status(NodeMode.ONLINE))
                + "\n\n";
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/v1/status/stream", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            out.write(event.getBytes(StandardCharsets.UTF_8));
            out.flush();
            try {
                release.await(); // then nothing more, without closing: a stuck node or network path
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        feed = open(server.getAddress().getPort());

        assertThat(next()).isEqualTo("status ONLINE");
        assertThat(next()).startsWith("unreachable no status for 1 s");
        assertThat(next()).as("reconnected by itself").isEqualTo("status ONLINE");
    }

    @Test
    void nodeWithoutTheStreamIsPolled() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        server.start();
        feed = open(server.getAddress().getPort());
        assertThat(next()).isEqualTo("status DEGRADED");
        assertThat(next()).isEqualTo("status DEGRADED");
    }

    @Test
    void nodeThatIsNotListeningIsReportedUnreachable() throws Exception {
        int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        feed = open(port);
        assertThat(next()).isEqualTo("unreachable connection refused");
    }

    private SseStatusFeed open(int port) {
        return new SseStatusFeed(HttpClient.newHttpClient(), URI.create("http://127.0.0.1:" + port
                + "/api/v1/status/stream"), "hf_token", mapper, () -> FakeEdgeNodeClient.status(NodeMode.DEGRADED),
                new StatusListener() {
                    @Override
                    public void status(NodeStatus status) {
                        heard.add("status " + status.mode());
                    }

                    @Override
                    public void unreachable(String error) {
                        heard.add("unreachable " + error);
                    }

                    @Override
                    public void refused(String error) {
                        heard.add("refused " + error);
                    }
                }, Duration.ofSeconds(1));
    }

    private String next() throws InterruptedException {
        String line = heard.poll(15, TimeUnit.SECONDS);
        assertThat(line).as("the feed said something within the deadline").isNotNull();
        return line;
    }
}
