package holdfast.edge.status;

import holdfast.edge.api.Json;
import holdfast.edge.api.Guard;
import holdfast.edge.api.Mount;
import holdfast.edge.deadletter.DeadLetters;
import holdfast.edge.journal.Journal;
import holdfast.edge.journal.JournalEntry;
import holdfast.edge.journal.JournalReader;
import holdfast.edge.journal.LaneJournals;
import holdfast.edge.lanes.DiskGuard;
import holdfast.edge.mode.ModeTracker;
import holdfast.edge.security.Permission;
import holdfast.edge.sync.SyncProgress;
import holdfast.shared.api.Attention;
import holdfast.shared.api.CanaryStatus;
import holdfast.shared.api.BreakGlassItem;
import holdfast.shared.api.ChannelStatus;
import holdfast.shared.api.Hl7Status;
import holdfast.shared.api.LaneStatus;
import holdfast.shared.api.MqttStatus;
import holdfast.shared.api.NodeStatus;
import holdfast.shared.api.OpenCount;
import holdfast.shared.envelope.Lane;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/** {@code GET /api/v1/status}: what the node is doing, from the journals themselves. Thread-safe. */
public final class StatusRoutes {

    private final String nodeId;
    private final LaneJournals journals;
    private final SyncProgress sync;
    private final ModeTracker mode;
    private final DiskGuard disk;
    private final DeadLetters deadLetters;
    private final LongSupplier openReconciliations;
    private final Clock clock;
    private final Supplier<MqttStatus> mqtt;
    private final Supplier<List<BreakGlassItem>> breakGlass;
    private final Supplier<Hl7Status> hl7;
    private final Supplier<List<ChannelStatus>> channels;
    private final Supplier<Attention> attention;
    private final Supplier<CanaryStatus> canary;

    public StatusRoutes(String nodeId, LaneJournals journals, SyncProgress sync, ModeTracker mode, DiskGuard disk,
                        DeadLetters deadLetters, LongSupplier openReconciliations, Clock clock) {
        this(nodeId, journals, sync, mode, disk, deadLetters, openReconciliations, clock, () -> null, List::of);
    }

    /**
     * @param mqtt the MQTT link's state, or a supplier of null when the node has no MQTT ingest
     * @param breakGlass the running break-glass elevations
     */
    public StatusRoutes(String nodeId, LaneJournals journals, SyncProgress sync, ModeTracker mode, DiskGuard disk,
                        DeadLetters deadLetters, LongSupplier openReconciliations, Clock clock,
                        Supplier<MqttStatus> mqtt, Supplier<List<BreakGlassItem>> breakGlass) {
        this(nodeId, journals, sync, mode, disk, deadLetters, openReconciliations, clock, mqtt, breakGlass, () -> null,
                List::of, () -> Attention.NONE);
    }

    /**
     * @param hl7      the HL7 listener's state, or a supplier of null when the node has no MLLP listener
     * @param channels the input channels whose handlers failed unexpectedly since start
     * @param attention what needs a person besides reconciliations and dead letters
     */
    public StatusRoutes(String nodeId, LaneJournals journals, SyncProgress sync, ModeTracker mode, DiskGuard disk,
                        DeadLetters deadLetters, LongSupplier openReconciliations, Clock clock,
                        Supplier<MqttStatus> mqtt, Supplier<List<BreakGlassItem>> breakGlass,
                        Supplier<Hl7Status> hl7, Supplier<List<ChannelStatus>> channels,
                        Supplier<Attention> attention) {
        this(nodeId, journals, sync, mode, disk, deadLetters, openReconciliations, clock, mqtt, breakGlass, hl7,
                channels, attention, () -> null);
    }

    /** @param canary the synthetic canary's proof, or a supplier of null when the canary is off */
    public StatusRoutes(String nodeId, LaneJournals journals, SyncProgress sync, ModeTracker mode, DiskGuard disk,
                        DeadLetters deadLetters, LongSupplier openReconciliations, Clock clock,
                        Supplier<MqttStatus> mqtt, Supplier<List<BreakGlassItem>> breakGlass,
                        Supplier<Hl7Status> hl7, Supplier<List<ChannelStatus>> channels,
                        Supplier<Attention> attention, Supplier<CanaryStatus> canary) {
        this.canary = canary;
        this.hl7 = hl7;
        this.channels = channels;
        this.attention = attention;
        this.mqtt = mqtt;
        this.breakGlass = breakGlass;
        this.nodeId = nodeId;
        this.journals = journals;
        this.sync = sync;
        this.mode = mode;
        this.disk = disk;
        this.deadLetters = deadLetters;
        this.openReconciliations = openReconciliations;
        this.clock = clock;
    }

    public Mount mount(Guard guard, Json json) {
        Mount.Builder routing = Mount.at("/api/v1/status");
        routing.get("", guard.require(Permission.VIEW, (p, req, res) -> json.send(res, 200, status())));
        return routing.build();
    }

    public NodeStatus status() {
        List<LaneStatus> lanes = new ArrayList<>();
        // Lanes drain in priority order (critical first, standard before batch), so a lane's backlog is sent
        // once the backlogs ahead of it are: its estimate counts theirs too.
        double rate = sync.reachable() ? sync.sendRate() : 0;
        long ahead = 0;
        for (Lane lane : Lane.values()) {
            Journal journal = journals.of(lane);
            long appended = journal.lastSeq();
            long synced = Math.min(sync.syncedSeq(lane), appended);
            long backlog = appended - synced;
            ahead += backlog;
            String refusing = mode.refusal(lane).orElse(null);
            Long eta = backlog == 0 || rate <= 0 ? null : Math.round(ahead * 1000 / rate);
            lanes.add(new LaneStatus(lane.wireName(), appended, synced, backlog,
                    backlog == 0 ? 0 : oldestUnsyncedAgeMs(journal, sync.syncedIndex(lane)),
                    refusing == null, refusing, eta));
        }
        ModeTracker.Snapshot m = mode.current();
        return new NodeStatus(nodeId, m.mode(), m.since(), m.cause(), sync.upstream(), lanes,
                new OpenCount(openReconciliations.getAsLong()), new OpenCount(deadLetters.openCount()),
                disk.freeBytes(), mqtt.get(), breakGlass.get(), hl7.get(), channels.get(), attention.get(),
                canary.get());
    }

    private long oldestUnsyncedAgeMs(Journal journal, long syncedIndex) {
        try (JournalReader reader = journal.readerAfter(syncedIndex)) {
            JournalEntry oldest = reader.next();
            return oldest == null ? 0
                    : Math.max(0, clock.millis() - oldest.event().receivedAt().toEpochMilli());
        }
    }
}
