package holdfast.edge.sync;

import holdfast.shared.envelope.Lane;
import java.util.List;

/** An upstream whose every batch call is timed and told, with its outcome, to {@link SyncTimings}. */
final class TimedUpstream implements Upstream {

    private final Upstream upstream;
    private final SyncTimings timings;

    TimedUpstream(Upstream upstream, SyncTimings timings) {
        this.upstream = upstream;
        this.timings = timings;
    }

    @Override
    public SyncOutcome send(String batchId, Lane lane, List<byte[]> events) throws InterruptedException {
        long start = System.nanoTime();
        return told(upstream.send(batchId, lane, events), start);
    }

    @Override
    public SyncOutcome probe() throws InterruptedException {
        return upstream.probe();
    }

    @Override
    public SyncOutcome resend(String batchId, Lane lane, List<byte[]> events) throws InterruptedException {
        long start = System.nanoTime();
        return told(upstream.resend(batchId, lane, events), start);
    }

    @Override
    public void close() {
        upstream.close();
    }

    private SyncOutcome told(SyncOutcome outcome, long start) {
        timings.called(switch (outcome) {
            case SyncOutcome.Answered a -> "answered";
            case SyncOutcome.Split s -> "split";
            case SyncOutcome.Retry r -> "retry";
            case SyncOutcome.Fatal f -> "fatal";
        }, System.nanoTime() - start);
        return outcome;
    }
}
