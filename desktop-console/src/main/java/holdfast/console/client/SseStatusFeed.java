package holdfast.console.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import holdfast.shared.api.NodeStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Follows {@code GET /api/v1/status/stream} (Server-Sent Events) on one virtual thread and reconnects with
 * exponential backoff (0.5 s doubling to 8 s) and {@code Last-Event-ID}. A stream silent for longer than
 * {@code silence} is dropped and reopened (a node that stopped answering without closing the socket). A node
 * without the stream ({@code 404}, an older version) is polled once a second instead. Thread-safe; close it
 * to stop.
 */
final class SseStatusFeed implements StatusSubscription {

    private static final Duration MIN_BACKOFF = Duration.ofMillis(500);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(8);

    private final HttpClient http;
    private final URI uri;
    private final String token;
    private final ObjectMapper mapper;
    private final Supplier<NodeStatus> poll;
    private final StatusListener listener;
    private final Duration silence;
    private final AtomicReference<Stream<String>> current = new AtomicReference<>();
    private final Thread reader;
    private final Thread watchdog;
    private volatile boolean closed;
    private volatile boolean silenced;
    private volatile long lastHeardNanos = System.nanoTime();
    private String lastEventId;

    SseStatusFeed(HttpClient http, URI uri, String token, ObjectMapper mapper, Supplier<NodeStatus> poll,
                  StatusListener listener, Duration silence) {
        this.http = http;
        this.uri = uri;
        this.token = token;
        this.mapper = mapper;
        this.poll = poll;
        this.listener = listener;
        this.silence = silence;
        this.reader = Thread.ofVirtual().name("console-status-feed").start(this::run);
        this.watchdog = Thread.ofVirtual().name("console-status-watchdog").start(this::watch);
    }

    private void run() {
        Duration backoff = MIN_BACKOFF;
        while (!closed) {
            try {
                if (follow()) {
                    backoff = MIN_BACKOFF; // it had been flowing: reconnect promptly
                }
            } catch (NodeUnreachableException e) {
                listener.unreachable(e.getMessage());
            } catch (ApiException e) {
                listener.refused(e.getMessage());
            } catch (RuntimeException e) {
                listener.unreachable("the status stream broke: " + e.getClass().getSimpleName());
            }
            if (closed || !pause(backoff)) {
                return;
            }
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
    }

    /** Follows one stream until it ends; true when at least one event arrived. */
    private boolean follow() {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5))
                .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream");
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<Stream<String>> response;
        try {
            response = http.send(request.GET().build(), HttpResponse.BodyHandlers.ofLines());
        } catch (IOException e) {
            throw new NodeUnreachableException(HttpEdgeNodeClient.plain(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
            return false;
        }
        try (Stream<String> lines = response.body()) {
            if (response.statusCode() == 404) {
                return pollInstead();
            }
            if (response.statusCode() >= 400) {
                throw new ApiException(response.statusCode(), response.statusCode() == 401
                        ? "the token was refused: check it in the connection settings"
                        : "the node refused the status stream (" + response.statusCode() + ")");
            }
            current.set(lines);
            silenced = false;
            lastHeardNanos = System.nanoTime();
            if (closed) {
                return false;
            }
            return read(lines.iterator());
        } catch (UncheckedIOException e) {
            throw new NodeUnreachableException(silenced
                    ? "no status for " + silence.toSeconds() + " s: the node or the network path is stuck"
                    : "connection lost: " + HttpEdgeNodeClient.plain(e.getCause()), e);
        } finally {
            current.set(null);
        }
    }

    private boolean read(Iterator<String> lines) {
        boolean any = false;
        String event = "message";
        StringBuilder data = new StringBuilder();
        while (!closed && lines.hasNext()) {
            String line = lines.next();
            lastHeardNanos = System.nanoTime();
            if (line.isEmpty()) {
                if ("status".equals(event) && !data.isEmpty()) {
                    listener.status(parse(data.toString()));
                    any = true;
                }
                event = "message";
                data.setLength(0);
            } else if (line.startsWith("event:")) {
                event = line.substring(6).trim();
            } else if (line.startsWith("data:")) {
                data.append(line.substring(5).trim());
            } else if (line.startsWith("id:")) {
                lastEventId = line.substring(3).trim();
            }
        }
        if (!closed) {
            throw new NodeUnreachableException(silenced
                    ? "no status for " + silence.toSeconds() + " s: the node or the network path is stuck"
                    : "the node closed the connection: stopping or restarting?", null);
        }
        return any;
    }

    private NodeStatus parse(String json) {
        try {
            return mapper.readValue(json, NodeStatus.class);
        } catch (IOException e) {
            throw new ApiException(200, "the node's status could not be read (" + e.getMessage() + ")");
        }
    }

    /** For a node without the stream: polls once a second until closed or the node goes away. */
    private boolean pollInstead() {
        while (!closed) {
            listener.status(poll.get());
            lastHeardNanos = System.nanoTime();
            if (!pause(Duration.ofSeconds(1))) {
                return true;
            }
        }
        return true;
    }

    private void watch() {
        while (!closed && pause(Duration.ofSeconds(1))) {
            Stream<String> open = current.get();
            if (open != null && System.nanoTime() - lastHeardNanos > silence.toNanos()) {
                silenced = true;
                open.close(); // the reader sees the end of the body and reconnects
            }
        }
    }

    private boolean pause(Duration d) {
        try {
            Thread.sleep(d);
            return !closed;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        closed = true;
        Stream<String> open = current.getAndSet(null);
        if (open != null) {
            open.close();
        }
        reader.interrupt();
        watchdog.interrupt();
    }
}
