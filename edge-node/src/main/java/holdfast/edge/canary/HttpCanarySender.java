package holdfast.edge.canary;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.function.IntSupplier;

/** Posts a canary reading to the node's own {@code POST /api/v1/observations} on loopback, with its device token. */
final class HttpCanarySender implements CanarySender {

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final IntSupplier port;
    private final String token;

    HttpCanarySender(IntSupplier port, String token) {
        this.port = port;
        this.token = token;
    }

    @Override
    public String path() {
        return "http";
    }

    @Override
    public void send(String messageId, Instant at) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port.getAsInt()
                        + "/api/v1/observations"))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(CanaryReading.json(messageId, at)))
                .build();
        try {
            HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() != 202 && response.statusCode() != 200) {
                throw new IOException("the node answered " + response.statusCode());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
