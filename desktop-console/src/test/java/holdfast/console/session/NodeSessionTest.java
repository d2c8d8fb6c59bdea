package holdfast.console.session;

import static org.assertj.core.api.Assertions.assertThat;

import holdfast.console.FakeEdgeNodeClient;
import holdfast.console.connection.NodeConnection;
import holdfast.shared.api.NodeMode;
import holdfast.shared.api.NodeStatus;
import holdfast.shared.api.OpenCount;
import holdfast.shared.api.ReconciliationItem;
import holdfast.shared.envelope.Subject;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NodeSessionTest {

    private final Executor sameThread = Runnable::run;
    private final FakeEdgeNodeClient node = new FakeEdgeNodeClient();
    /** Runs the periodic list refreshes on its own thread; the tests drive everything else by hand. */
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        ticker.shutdownNow();
    }

    @Test
    void roleIsAskedOnceAndSharedByEveryScreen() {
        try (NodeSession session = NodeSession.open(new NodeConnection("ward 3", "http://127.0.0.1:1", "hf_a"), node,
                sameThread, sameThread, ticker, Clock.systemUTC())) {
            assertThat(node.whoAmICalls).isEqualTo(1);
            assertThat(session.reconciliations().roleProperty().get()).isEqualTo("operator");
            assertThat(session.role().roleProperty().get()).isEqualTo("operator");
        }
    }

    @Test
    void liveStatusDrivesTheBannerAndRefreshesAListWhenItsOpenCountChanges() {
        try (NodeSession session = NodeSession.open(new NodeConnection("ward 3", "http://127.0.0.1:1", "hf_a"), node,
                sameThread, sameThread, ticker, Clock.systemUTC())) {
            assertThat(node.watcher).as("the session follows the node's live status").isNotNull();
            node.watcher.status(withOpenReconciliations(0));
            assertThat(session.status().bannerProperty().get().severity()).isEqualTo("WARNING");

            node.reconciliations.add(new ReconciliationItem(5, "e5", "k5", "standard", 5, "observation",
                    new Subject("P1", null, "ICU", "ICU-3", "mon-1"), "conflict", "bed held", null, "open",
                    Instant.parse("2026-11-23T08:00:00Z"), null, null, null, null, null));
            node.watcher.status(withOpenReconciliations(1));
            assertThat(session.reconciliations().items()).extracting(ReconciliationItem::id).containsExactly(5L);

            node.watcher.unreachable("cannot reach http://127.0.0.1:1: connection refused");
            assertThat(session.status().bannerProperty().get().severity()).isEqualTo("UNREACHABLE");
        }
        assertThat(node.watcher).as("closing the session stops the feed").isNull();
    }

    private static NodeStatus withOpenReconciliations(long open) {
        NodeStatus s = FakeEdgeNodeClient.status(NodeMode.DEGRADED, 0, 3, 0);
        return new NodeStatus(s.nodeId(), s.mode(), s.modeSince(), s.modeCause(), s.upstream(), s.lanes(),
                new OpenCount(open), s.deadLetters(), s.diskFreeBytes());
    }
}
