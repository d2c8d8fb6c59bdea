package holdfast.edge.ingest.hl7;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The idle timeout's rule on a real loopback connection: only a read that is waiting for bytes can expire. */
class IdleWatchTest {

    private final AtomicLong clock = new AtomicLong(1_000);
    private ServerSocket listener;
    private Socket client;
    private Socket accepted;
    private IdleWatch watch;

    @BeforeEach
    void connect() throws IOException {
        listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        client = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
        accepted = listener.accept();
        watch = new IdleWatch(accepted.getInputStream(), accepted, clock::get);
    }

    @AfterEach
    void close() throws IOException {
        client.close();
        accepted.close();
        listener.close();
    }

    @Test
    void aReadWaitingSinceTheDeadlineIsEndedByClosingTheConnection() {
        CompletableFuture<Integer> read = CompletableFuture.supplyAsync(this::readOne); // waiting since 1,000
        await().atMost(Duration.ofSeconds(10)).until(watch::waiting);
        assertThat(watch.expireIfWaitingSince(1_000)).isTrue();
        assertThat(watch.expired()).isTrue();
        assertThatThrownBy(read::join).hasCauseInstanceOf(java.io.UncheckedIOException.class)
                .hasRootCauseInstanceOf(SocketException.class);
        assertThat(accepted.isClosed()).isTrue();
    }

    @Test
    void aConnectionNotReadingNeverExpiresHoweverLongSinceItsLastBytes() throws IOException {
        OutputStream out = client.getOutputStream();
        out.write(42);
        out.flush();
        assertThat(watch.read()).isEqualTo(42);
        assertThat(watch.waiting()).isFalse();
        // Between frames being handled (an append waited for) no read is waiting: nothing to time out.
        clock.set(5_000);
        assertThat(watch.expireIfWaitingSince(4_000)).isFalse();
        assertThat(watch.expired()).isFalse();
        assertThat(accepted.isClosed()).isFalse();
    }

    @Test
    void aReadThatBeganAfterTheDeadlineIsLeftWaiting() throws IOException {
        CompletableFuture<Integer> read = CompletableFuture.supplyAsync(this::readOne); // waiting since 1,000
        await().atMost(Duration.ofSeconds(10)).until(watch::waiting);
        assertThat(watch.expireIfWaitingSince(500)).isFalse();
        assertThat(watch.expireIfWaitingSince(999)).isFalse();
        OutputStream out = client.getOutputStream();
        out.write(7);
        out.flush();
        assertThat(read.join()).isEqualTo(7);
        assertThat(watch.expired()).isFalse();
    }

    private int readOne() {
        try {
            byte[] one = new byte[1];
            int n = watch.read(one, 0, 1);
            return n == 1 ? one[0] : -1;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
