package holdfast.edge.api;

import holdfast.edge.security.Permission;
import holdfast.edge.security.TokenStore;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/v1/status/stream} (viewer or above; an extension of contract §4): Server-Sent Events, one
 * {@code status} event (the same JSON as {@code GET /api/v1/status}) at once and then every interval, so a
 * console sees changes within a second without polling; {@code id} counts events, {@code retry} asks clients
 * to reconnect after 2 s. Each stream runs on its own request (virtual) thread; it ends when the client goes
 * away (the next write fails), when its token is revoked (checked again every {@code recheck}), and all
 * streams end when the node closes. At most {@code maxStreams} at once ({@code 503} beyond). Thread-safe.
 */
public final class StatusStream implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StatusStream.class);

    private final Supplier<?> status;
    private final TokenStore tokens;
    private final Duration interval;
    private final Duration recheck;
    private final int maxStreams;
    private final AtomicInteger open = new AtomicInteger();
    private final CountDownLatch closed = new CountDownLatch(1);
    private Snapshot latest; // guarded by this

    /** The status as JSON and when it was taken: one computation serves every open stream. */
    private record Snapshot(long takenNanos, String json) {
    }

    /**
     * @param status what to send each time (serialised as JSON), e.g. {@code statusRoutes::status}
     * @param tokens asked again every {@code recheck} whether the stream's token is still valid
     */
    public StatusStream(Supplier<?> status, TokenStore tokens, Duration interval, Duration recheck, int maxStreams) {
        this.status = status;
        this.tokens = tokens;
        this.interval = interval;
        this.recheck = recheck;
        this.maxStreams = maxStreams;
    }

    public Mount mount(Guard guard, Json json, Problems problems) {
        Mount.Builder routing = Mount.at("/api/v1/status/stream");
        routing.get("", guard.require(Permission.VIEW, (p, req, res) -> {
            if (closed.getCount() == 0) {
                problems.send(res, 503, "Closing", "the node is shutting down", null);
                return;
            }
            if (open.incrementAndGet() > maxStreams) {
                open.decrementAndGet();
                res.header(HeaderNames.RETRY_AFTER, "10");
                problems.send(res, 503, "Too many streams", "at most " + maxStreams
                        + " status streams at once; poll GET /api/v1/status instead", null);
                return;
            }
            try {
                String secret = req.headers().first(HeaderNames.AUTHORIZATION).orElseThrow().substring(7).trim();
                stream(res, json, () -> tokens.authenticate(secret).filter(t -> t.role().permits(Permission.VIEW))
                        .isPresent());
            } finally {
                open.decrementAndGet();
            }
        }));
        return routing.build();
    }

    /** How many streams are open right now. */
    public int openStreams() {
        return open.get();
    }

    /**
     * The status as JSON, computed at most once per half interval whatever the number of streams: it reads the
     * journals and the database, and 32 streams must not make that 32 times a second.
     */
    private synchronized String currentJson(Json json) throws IOException {
        long now = System.nanoTime();
        if (latest == null || now - latest.takenNanos() >= interval.toNanos() / 2) {
            latest = new Snapshot(now, json.mapper().writeValueAsString(status.get()));
        }
        return latest.json();
    }

    private void stream(ServerResponse res, Json json, java.util.function.BooleanSupplier stillAllowed) {
        res.status(Status.OK_200);
        res.header(HeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        long id = 0;
        long checkedAt = System.nanoTime();
        try (OutputStream out = res.outputStream()) {
            write(out, "retry: 2000\n: holdfast status stream\n\n");
            do {
                if (System.nanoTime() - checkedAt >= recheck.toNanos()) {
                    checkedAt = System.nanoTime();
                    if (!stillAllowed.getAsBoolean()) {
                        LOG.info("event=status_stream.token_revoked events={}", id);
                        return;
                    }
                }
                String data = currentJson(json);
                write(out, "id: " + (++id) + "\nevent: status\ndata: " + data + "\n\n");
            } while (!closed.await(interval.toMillis(), TimeUnit.MILLISECONDS));
        } catch (IOException | UncheckedIOException e) {
            LOG.debug("event=status_stream.ended events={} cause={}", id, e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Ends every open stream (their clients see the end of the body and may reconnect elsewhere). */
    @Override
    public void close() {
        closed.countDown();
    }
}
