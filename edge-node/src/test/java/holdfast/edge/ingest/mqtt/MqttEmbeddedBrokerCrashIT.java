package holdfast.edge.ingest.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import holdfast.edge.support.ChildNode;
import holdfast.edge.support.DevicePublishers;
import holdfast.edge.support.JournalScan;
import holdfast.edge.support.Ports;
import holdfast.edge.support.TestNode;
import holdfast.shared.envelope.EventEnvelope;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL of a node that runs the embedded broker (HiveMQ CE in the node's JVM, the default set-up). The
 * broker dies with the node, so the promise checked is the device's view of it: every message the broker
 * PUBACKed to a device is journaled exactly once after the restart. Devices do what real ones do: a message
 * whose PUBACK never came is sent again (same messageId) once the broker is back. Messages acknowledged by
 * the broker but not yet by the node survive in the broker's own store under {@code $dataDir/broker} (a
 * process crash loses nothing there; a power loss may lose its last second, see the tech notes). The broker
 * is kept in the node's JVM rather than in a JVM of its own because that is how the node is deployed.
 */
class MqttEmbeddedBrokerCrashIT {

    private static final int PUBLISHERS = 3;
    private static final int PER_PUBLISHER = 3_400;
    private static final int TOTAL = PUBLISHERS * PER_PUBLISHER;

    @TempDir
    Path tmp;

    @Test
    void everyMessageAcknowledgedByTheEmbeddedBrokerIsJournaledExactlyOnceAfterKillNine() throws Exception {
        Path data = tmp.resolve("node");
        int port = Ports.free();
        Map<String, String> env = Map.of("HOLDFAST_EMBEDDED_BROKER_PORT", String.valueOf(port));
        String url = "tcp://127.0.0.1:" + port;
        ChildNode node = ChildNode.start(data, env);
        Map<String, String> tokens = new HashMap<>(); // provisioned like real devices: a token bound to each
        for (int d = 0; d < PUBLISHERS; d++) {
            String device = DevicePublishers.deviceId(d);
            tokens.put(device, node.api().issueToken(TestNode.ADMIN_TOKEN, "device", device));
        }
        try (DevicePublishers devices = DevicePublishers.start(url, PUBLISHERS, PER_PUBLISHER, Duration.ofSeconds(150),
                tokens)) {
            // Killed while devices are still publishing: the broker acknowledges devices faster than the node
            // journals, so waiting on the journal alone can find every device done on a busy machine.
            try {
                await().atMost(Duration.ofSeconds(120)).until(() -> devices.acknowledgedCount() >= TOTAL / 4
                        && MqttMosquittoIT.appended(node) >= 500);
            } catch (ConditionTimeoutException e) {
                throw new AssertionError("the stream never got going: devices acknowledged "
                        + devices.acknowledgedCount() + ", node status " + node.api().status(TestNode.ADMIN_TOKEN)
                        + "\nnode log " + node.logTail(60), e);
            }
            node.kill9();
            int acknowledgedAtKill = devices.acknowledgedCount();
            Set<String> acknowledgedBeforeKill = devices.acknowledged();
            assertThat(acknowledgedAtKill).as("the kill landed mid-stream").isLessThan(TOTAL);
            ConditionTimeoutException incomplete = null;
            try (ChildNode restarted = ChildNode.start(data, env)) {
                devices.awaitDone();
                try {
                    await().atMost(Duration.ofSeconds(180))
                            .until(() -> MqttMosquittoIT.deviceReadingsAppended(restarted) >= TOTAL);
                } catch (ConditionTimeoutException e) {
                    incomplete = e;
                    System.err.println("node status when the wait ended: "
                            + restarted.api().status(TestNode.ADMIN_TOKEN) + "\nnode log " + restarted.logTail(60));
                }
            }
            if (incomplete != null) {
                throw new AssertionError(missing(data, devices.acknowledged(), acknowledgedBeforeKill), incomplete);
            }
            assertThat(devices.acknowledgedCount()).isEqualTo(TOTAL);
            assertThat(devices.resends()).as("devices had to resend across the crash").isPositive();
        }
        assertThat(JournalScan.all(data).stream().filter(e -> !"node".equals(e.source().channel()))).hasSize(TOTAL);
        MqttMosquittoIT.assertEveryMessageJournaledExactlyOnce(data);
    }

    /**
     * Which acknowledged messages the journals lack, split by when the broker acknowledged them: before the kill
     * (lost across the crash, in the broker's store) or after the restart (lost or stuck in the live path).
     */
    private static String missing(Path data, Set<String> acknowledged, Set<String> beforeKill) {
        Set<String> journaled = JournalScan.all(data).stream().map(EventEnvelope::idempotencyKey)
                .collect(Collectors.toSet());
        List<String> missing = acknowledged.stream().filter(k -> !journaled.contains(k)).sorted().toList();
        long lostAcrossCrash = missing.stream().filter(beforeKill::contains).count();
        return "not every acknowledged device reading was journaled within 180 s: " + journaled.size()
                + " keys journaled, " + acknowledged.size() + " acknowledged by the broker (" + beforeKill.size()
                + " before the kill); missing " + missing.size() + ", of them " + lostAcrossCrash
                + " acknowledged before the kill; first missing: " + missing.subList(0, Math.min(20, missing.size()));
    }
}
