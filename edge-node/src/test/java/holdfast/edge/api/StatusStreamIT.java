package holdfast.edge.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import holdfast.edge.support.Readings;
import holdfast.edge.support.TestNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The status stream over a real socket, read line by line the way the console reads it. */
class StatusStreamIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String END = "<end of stream>";

    @TempDir
    Path data;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void viewerReceivesTheStatusAtOnceAndAgainWhenItChanges() throws Exception {
        try (TestNode node = TestNode.start(data)) {
            String viewer = token(node, "viewer");
            HttpResponse<Stream<String>> response = open(node, viewer);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
            BlockingQueue<String> lines = drain(response.body());

            JsonNode first = nextStatus(lines);
            JsonNode polled = node.api().status(viewer);
            assertThat(first.get("nodeId").asText()).isEqualTo(polled.get("nodeId").asText());
            assertThat(first.get("mode").asText()).isEqualTo(polled.get("mode").asText());
            assertThat(first.get("lanes")).hasSize(3);
            long before = first.get("lanes").get(1).get("appended").asLong();

            assertThat(node.api().post("/api/v1/observations", TestNode.ADMIN_TOKEN,
                    Readings.heartRate("mon-41", "s-1")).status()).isEqualTo(202);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            long appended = before;
            while (appended == before && System.nanoTime() < deadline) {
                appended = nextStatus(lines).get("lanes").get(1).get("appended").asLong();
            }
            assertThat(appended).isEqualTo(before + 1);
            response.body().close();
        }
    }

    @Test
    void closingTheClientEndsTheStreamOnTheNode() throws Exception {
        try (TestNode node = TestNode.start(data)) {
            HttpResponse<Stream<String>> response = open(node, TestNode.ADMIN_TOKEN);
            BlockingQueue<String> lines = drain(response.body());
            nextStatus(lines);
            assertThat(node.node().statusStream().openStreams()).isEqualTo(1);
            response.body().close();
            await().atMost(Duration.ofSeconds(10)).until(() -> node.node().statusStream().openStreams() == 0);
        }
    }

    @Test
    void closingTheNodeEndsEveryStream() throws Exception {
        BlockingQueue<String> lines;
        try (TestNode node = TestNode.start(data)) {
            lines = drain(open(node, TestNode.ADMIN_TOKEN).body());
            nextStatus(lines);
        }
        String line;
        do {
            line = lines.poll(10, TimeUnit.SECONDS);
            assertThat(line).as("the stream ends within the deadline").isNotNull();
        } while (!line.equals(END));
    }

    @Test
    void revokingTheTokenEndsItsStream() throws Exception {
        try (TestNode node = TestNode.start(data)) {
            com.fasterxml.jackson.databind.JsonNode issued = node.api().post("/api/v1/tokens", TestNode.ADMIN_TOKEN,
                    "{\"role\":\"viewer\",\"name\":\"night viewer\"}").json();
            BlockingQueue<String> lines = drain(open(node, issued.get("token").asText()).body());
            nextStatus(lines);
            assertThat(node.api().delete("/api/v1/tokens/" + issued.get("id").asText(), TestNode.ADMIN_TOKEN).status())
                    .isEqualTo(204);
            String line;
            do {
                line = lines.poll(15, TimeUnit.SECONDS);
                assertThat(line).as("the stream ends within the deadline").isNotNull();
            } while (!line.equals(END));
        }
    }

    @Test
    void streamNeedsAViewerToken() throws Exception {
        try (TestNode node = TestNode.start(data)) {
            assertThat(http.send(request(node, null), HttpResponse.BodyHandlers.discarding()).statusCode())
                    .isEqualTo(401);
            assertThat(http.send(request(node, token(node, "device")), HttpResponse.BodyHandlers.discarding())
                    .statusCode()).isEqualTo(403);
        }
    }

    private HttpResponse<Stream<String>> open(TestNode node, String token) throws IOException, InterruptedException {
        return http.send(request(node, token), HttpResponse.BodyHandlers.ofLines());
    }

    private static HttpRequest request(TestNode node, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.node().httpPort()
                + "/api/v1/status/stream")).header("Accept", "text/event-stream");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b.build();
    }

    /** Reads the body's lines on a virtual thread into a queue; {@link #END} marks the end of the body. */
    private static BlockingQueue<String> drain(Stream<String> body) {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread.ofVirtual().start(() -> {
            try {
                body.forEach(lines::add);
            } catch (RuntimeException e) {
                // closed by the test: the end of the stream all the same
            } finally {
                lines.add(END);
            }
        });
        return lines;
    }

    /** The data of the next {@code status} event, within a deadline. */
    private static JsonNode nextStatus(BlockingQueue<String> lines) throws Exception {
        String event = null;
        while (true) {
            String line = lines.poll(10, TimeUnit.SECONDS);
            assertThat(line).as("an event within the deadline").isNotNull().isNotEqualTo(END);
            if (line.startsWith("event:")) {
                event = line.substring(6).trim();
            } else if (line.startsWith("data:") && "status".equals(event)) {
                return JSON.readTree(line.substring(5).trim());
            }
        }
    }

    private static String token(TestNode node, String role) {
        return node.api().post("/api/v1/tokens", TestNode.ADMIN_TOKEN,
                "{\"role\":\"" + role + "\",\"name\":\"stream-" + role + "\"}").json().get("token").asText();
    }
}
