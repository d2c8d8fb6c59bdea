package holdfast.edge.sync;

import holdfast.edge.threads.Backoff;
import holdfast.shared.envelope.Lane;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Gets one batch answered, whatever it takes: retries transient failures with backoff (or the cloud's
 * Retry-After), waits out a 401/403 stop, and splits on 413/400 until the offending event stands alone, which
 * is then answered as rejected. Chunks are answered strictly in order, so the lane stays in journal order.
 * Every attempt first passes the {@link Gate} (the outage rules of {@link LaneScheduler}): a retry woken by the
 * cloud's return must not overtake the critical backlog.
 * Not thread-safe: one per lane worker call.
 */
final class Delivery {

    /** Told of each answered chunk, with one verdict per item in the chunk's order. */
    @FunctionalInterface
    interface Answered {
        void accept(List<LaneWorker.Item> chunk, List<EventResult> verdicts);
    }

    /** Waits until the lane may try to send. */
    @FunctionalInterface
    interface Gate {
        void await() throws InterruptedException;
    }

    private final Lane lane;
    private final Upstream upstream;
    private final UpstreamLink link;
    private final Backoff backoff;
    private final Gate gate;
    private final boolean again;

    /** {@code again}: the items were synced before (resend, replay). */
    Delivery(Lane lane, Upstream upstream, UpstreamLink link, Backoff backoff, Gate gate, boolean again) {
        this.again = again;
        this.lane = lane;
        this.upstream = upstream;
        this.link = link;
        this.backoff = backoff;
        this.gate = gate;
    }

    /** False when the link closed before everything was answered. */
    boolean run(List<LaneWorker.Item> items, Answered answered) throws InterruptedException {
        Deque<List<LaneWorker.Item>> work = new ArrayDeque<>();
        work.push(items);
        while (!work.isEmpty()) {
            gate.await();
            if (link.closed()) {
                return false;
            }
            List<LaneWorker.Item> chunk = work.peek();
            List<byte[]> events = chunk.stream().map(LaneWorker.Item::json).toList();
            SyncOutcome outcome = again ? upstream.resend(UUID.randomUUID().toString(), lane, events)
                    : upstream.send(UUID.randomUUID().toString(), lane, events);
            switch (outcome) {
                case SyncOutcome.Answered a -> {
                    List<EventResult> verdicts = inOrder(chunk, a.results());
                    if (verdicts == null) {
                        link.failed("upstream answered without one verdict per event");
                        link.pause(backoff.next());
                        continue;
                    }
                    work.pop();
                    link.succeeded();
                    backoff.reset();
                    answered.accept(chunk, verdicts);
                }
                case SyncOutcome.Split s when chunk.size() > 1 -> {
                    work.pop();
                    link.succeeded();
                    int half = chunk.size() / 2;
                    work.push(chunk.subList(half, chunk.size()));
                    work.push(chunk.subList(0, half));
                }
                case SyncOutcome.Split s -> {
                    work.pop();
                    link.succeeded();
                    LaneWorker.Item alone = chunk.get(0);
                    answered.accept(chunk, List.of(new EventResult(alone.entry().event().eventId(),
                            EventResult.Verdict.REJECTED, s.reason(), null)));
                }
                case SyncOutcome.Retry r -> {
                    // Backoff paces re-sending this batch; the cloud's return (seen by the probe) ends the wait.
                    link.failed(r);
                    link.pause(r.after() != null ? backoff.after(r.after()) : backoff.next());
                }
                case SyncOutcome.Fatal f -> {
                    link.unauthorized(f.reason());
                    link.awaitAuthorized();
                }
            }
        }
        return true;
    }

    /** The verdicts lined up with the chunk, or null when one is missing. */
    private static List<EventResult> inOrder(List<LaneWorker.Item> chunk, List<EventResult> results) {
        Map<String, EventResult> byId = new HashMap<>(results.size() * 2);
        for (EventResult r : results) {
            if (r.eventId() != null) {
                byId.put(r.eventId(), r);
            }
        }
        EventResult[] ordered = new EventResult[chunk.size()];
        for (int i = 0; i < ordered.length; i++) {
            ordered[i] = byId.get(chunk.get(i).entry().event().eventId());
            if (ordered[i] == null) {
                return null;
            }
        }
        return List.of(ordered);
    }
}
