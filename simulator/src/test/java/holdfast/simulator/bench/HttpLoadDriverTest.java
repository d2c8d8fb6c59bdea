package holdfast.simulator.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The bench's load driver against a real loopback HTTP server answering with fixed-length and chunked bodies. */
class HttpLoadDriverTest {

    private HttpServer server;
    private final LongAdder posts = new LongAdder();

    @BeforeEach
    void startServer() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/fixed", exchange -> {
            exchange.getRequestBody().readAllBytes();
            posts.increment();
            byte[] body = "{\"accepted\":true}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(202, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.createContext("/chunked", exchange -> {
            exchange.sendResponseHeaders(200, 0); // 0: chunked
            try (OutputStream out = exchange.getResponseBody()) {
                out.write("{\"status\":".getBytes(StandardCharsets.UTF_8));
                out.flush();
                out.write("\"UP\"}".getBytes(StandardCharsets.UTF_8));
            }
        });
        server.createContext("/refused", exchange -> {
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void keepsEveryConnectionBusyAndCountsEachFixedLengthAnswerOnce() throws Exception {
        LongAdder answered = new LongAdder();
        LongAdder other = new LongAdder();
        AtomicBoolean stop = new AtomicBoolean();
        HttpLoadDriver.Runner load = driver().start(6, (c, i) -> HttpLoadDriver.postRequest("/fixed", "t",
                ("{\"client\":" + c + ",\"i\":" + i + "}").getBytes(StandardCharsets.UTF_8)), 202, answered, other, stop);
        load.awaitReady();
        await().atMost(Duration.ofSeconds(30)).until(() -> answered.sum() >= 300);
        stop.set(true);
        load.join();
        assertThat(other.sum()).isZero();
        // Each answer counted is a request the server took; at most one request per connection is still in flight.
        assertThat(posts.sum()).isBetween(answered.sum(), answered.sum() + 6);
    }

    @Test
    void readsChunkedAnswersWhole() throws Exception {
        LongAdder answered = new LongAdder();
        LongAdder other = new LongAdder();
        AtomicBoolean stop = new AtomicBoolean();
        byte[] get = HttpLoadDriver.getRequest("/chunked", "t");
        HttpLoadDriver.Runner load = driver().start(4, (c, i) -> get, 200, answered, other, stop);
        load.awaitReady();
        await().atMost(Duration.ofSeconds(30)).until(() -> answered.sum() >= 200);
        stop.set(true);
        load.join();
        assertThat(other.sum()).isZero();
    }

    @Test
    void countsAnswersOtherThanTheExpectedStatusApart() throws Exception {
        LongAdder answered = new LongAdder();
        LongAdder other = new LongAdder();
        AtomicBoolean stop = new AtomicBoolean();
        byte[] get = HttpLoadDriver.getRequest("/refused", "t");
        HttpLoadDriver.Runner load = driver().start(2, (c, i) -> get, 200, answered, other, stop);
        load.awaitReady();
        await().atMost(Duration.ofSeconds(30)).until(() -> other.sum() >= 20);
        stop.set(true);
        load.join();
        assertThat(answered.sum()).isZero();
    }

    private HttpLoadDriver driver() {
        return new HttpLoadDriver(server.getAddress().getPort(), 2);
    }
}
