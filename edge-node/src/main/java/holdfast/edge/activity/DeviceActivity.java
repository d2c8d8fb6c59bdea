package holdfast.edge.activity;

import holdfast.edge.deadletter.DeadLetter;
import holdfast.edge.deadletter.ReasonCode;
import holdfast.edge.devices.DevicePlacement;
import holdfast.edge.devices.DeviceRegistry;
import holdfast.edge.ingest.IngestHook;
import holdfast.edge.journal.JournalEntry;
import holdfast.edge.journal.LaneJournals;
import holdfast.shared.envelope.EventEnvelope;
import holdfast.shared.envelope.EventKind;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every device's last reading, its readings per minute over the last hour and the interval it keeps, from each
 * durable reading (an {@link IngestHook}); states are judged against the clock when asked, so a device that stops
 * sending turns late, then silent, with nothing to trigger it. Thread-safe.
 */
final class DeviceActivity implements IngestHook {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceActivity.class);

    private final ActivitySettings settings;
    private final DeviceRegistry registry;
    private final Clock clock;
    /** Beyond this many devices with a dead letter, new ones are not remembered: a flood of made-up ids is bounded. */
    static final int MAX_DEAD_LETTER_DEVICES = 10_000;

    private final Map<String, Track> tracks = new ConcurrentHashMap<>();
    private final Map<String, LastDeadLetter> deadLetters = new ConcurrentHashMap<>();

    /** When a device's input was last refused, and the reason code. */
    record LastDeadLetter(Instant at, String reason) {
    }

    public DeviceActivity(ActivitySettings settings, DeviceRegistry registry, Clock clock) {
        this.settings = settings;
        this.registry = registry;
        this.clock = clock;
    }

    /** Replays every reading in the journals (receipt times, so intervals are what the node saw). */
    public void rebuild(LaneJournals journals) {
        holdfast.edge.projection.JournalPass.run(journals, java.util.List.of(replay()));
    }

    /** The same, fed by start-up's one pass over the lanes. */
    public holdfast.edge.projection.Projection replay() {
        tracks.clear();
        return new holdfast.edge.projection.Projection() {
            private long readings;

            @Override
            public String name() {
                return "devices";
            }

            @Override
            public void replayed(JournalEntry entry) {
                if (record(entry.event())) {
                    readings++;
                }
            }

            @Override
            public void replayDone() {
                LOG.info("event=activity.rebuilt readings={} devices={}", readings, tracks.size());
            }
        };
    }

    @Override
    public void journaled(EventEnvelope event) {
        record(event);
    }

    /** Remembers a device's latest refused input (MQTT and HTTP dead letters name the device they came from). */
    @Override
    public void deadLettered(DeadLetter deadLetter) {
        String device = deadLetter.sourceSystem();
        if (device == null || device.isBlank() || "hl7".equals(deadLetter.channel())) {
            return;
        }
        if (deadLetters.size() >= MAX_DEAD_LETTER_DEVICES && !deadLetters.containsKey(device)) {
            return;
        }
        LastDeadLetter last = new LastDeadLetter(deadLetter.receivedAt(), ReasonCode.of(deadLetter.error()).code());
        deadLetters.merge(device, last, (old, now) -> now.at().isBefore(old.at()) ? old : now);
    }

    private boolean record(EventEnvelope event) {
        if (event.kind() != EventKind.OBSERVATION && event.kind() != EventKind.ALARM) {
            return false;
        }
        String device = event.subject().deviceId();
        if (device == null) {
            return false;
        }
        tracks.computeIfAbsent(device, d -> new Track()).record(event);
        return true;
    }

    /** Every device registered or seen, worst state first, then by id. */
    public List<DeviceSummary> summaries() {
        Instant now = clock.instant();
        Map<String, DevicePlacement> registered = new java.util.HashMap<>();
        registry.all().forEach(p -> registered.put(p.deviceId(), p));
        List<DeviceSummary> out = new ArrayList<>();
        tracks.forEach((id, track) -> out.add(track.summary(id, registered.get(id), now)));
        registered.forEach((id, placement) -> {
            if (!tracks.containsKey(id)) {
                Duration configured = settings.configuredFor(id).orElse(null);
                out.add(new DeviceSummary(id, null, placement.ward(), placement.bed(), true, null, 0, 0,
                        configured == null ? null : configured.toSeconds(), configured == null ? null : "configured",
                        DeviceState.NEVER_SEEN.wireName(), null, null));
            }
        });
        out.replaceAll(d -> d.withDeadLetter(deadLetters.get(d.deviceId())));
        out.sort(Comparator.comparingInt((DeviceSummary d) -> rank(d.state())).thenComparing(DeviceSummary::deviceId));
        return out;
    }

    /** How many devices are in each state now. */
    public Map<DeviceState, Integer> counts() {
        Map<DeviceState, Integer> counts = new EnumMap<>(DeviceState.class);
        for (DeviceState s : DeviceState.values()) {
            counts.put(s, 0);
        }
        for (DeviceSummary d : summaries()) {
            counts.merge(stateOf(d.state()), 1, Integer::sum);
        }
        return counts;
    }

    private static int rank(String wireName) {
        return stateOf(wireName).ordinal();
    }

    private static DeviceState stateOf(String wireName) {
        for (DeviceState s : DeviceState.values()) {
            if (s.wireName().equals(wireName)) {
                return s;
            }
        }
        throw new IllegalArgumentException(wireName);
    }

    /** One device's history in brief. Guarded by itself. */
    private final class Track {
        private static final int MINUTES = 60;
        private final long[] minuteOf = new long[MINUTES];
        private final int[] countIn = new int[MINUTES];
        private String channel;
        private String ward;
        private String bed;
        private Instant lastSeen;
        private double meanGapSeconds;
        private int gaps;

        synchronized void record(EventEnvelope event) {
            Instant at = event.receivedAt();
            channel = event.source().channel();
            ward = event.subject().ward();
            bed = event.subject().bed();
            if (lastSeen != null && at.isAfter(lastSeen)) {
                double gap = Duration.between(lastSeen, at).toMillis() / 1000.0;
                if (gap < 3600) { // a device switched off overnight has not changed its rhythm
                    gaps++;
                    meanGapSeconds = gaps == 1 ? gap : meanGapSeconds * 0.8 + gap * 0.2;
                }
            }
            if (lastSeen == null || at.isAfter(lastSeen)) {
                lastSeen = at;
            }
            long minute = at.getEpochSecond() / 60;
            int slot = (int) Math.floorMod(minute, MINUTES);
            if (minuteOf[slot] != minute) {
                minuteOf[slot] = minute;
                countIn[slot] = 0;
            }
            countIn[slot]++;
        }

        synchronized DeviceSummary summary(String id, DevicePlacement placement, Instant now) {
            long nowMinute = now.getEpochSecond() / 60;
            int last5 = 0;
            int last60 = 0;
            for (int i = 0; i < MINUTES; i++) {
                long age = nowMinute - minuteOf[i];
                if (age >= 0 && age < 60) {
                    last60 += countIn[i];
                    if (age < 5) {
                        last5 += countIn[i];
                    }
                }
            }
            Duration configured = settings.configuredFor(id).orElse(null);
            Duration expected;
            String source;
            if (configured != null) {
                expected = configured;
                source = "configured";
            } else if (gaps + 1 >= settings.learnAfterReadings()) {
                expected = Duration.ofMillis(Math.max(1000, Math.round(meanGapSeconds * 1000)));
                source = "learned";
            } else {
                expected = settings.defaultInterval();
                source = "default";
            }
            double overdue = Duration.between(lastSeen, now).toMillis() / (double) expected.toMillis();
            DeviceState state = overdue > settings.silentAfterIntervals() ? DeviceState.SILENT
                    : overdue > settings.lateAfterIntervals() ? DeviceState.LATE : DeviceState.OK;
            return new DeviceSummary(id, channel, placement != null ? placement.ward() : ward,
                    placement != null ? placement.bed() : bed, placement != null, lastSeen, last5, last60,
                    Math.max(1, expected.toSeconds()), source, state.wireName(), null, null);
        }
    }
}
