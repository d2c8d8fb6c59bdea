package holdfast.edge.senders;

import holdfast.edge.deadletter.ReasonCode;
import holdfast.edge.ingest.hl7.Hl7SenderListener;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Every HL7 sender's connections, last message, answers per ACK code and last refusal, fed by the MLLP listener
 * (an {@link Hl7SenderListener}), and the gap it normally keeps at each hour of the day (in the clock's zone),
 * learnt from its own messages. States are judged against the clock when asked, so a sender that stops turns
 * silent with nothing to trigger it; at an hour it does not normally send it is never silent, and the first
 * hour of its usual day gives it the usual grace before it is. At most {@code max-senders} are told apart; the
 * rest are counted together as one. Thread-safe.
 */
final class SenderActivity implements Hl7SenderListener {

    /** Named for the senders beyond {@code max-senders}, counted together. */
    static final String OTHERS = "(other senders)";
    /** A longer gap is the sender's night or weekend, not its rhythm. */
    static final Duration LONGEST_LEARNED_GAP = Duration.ofHours(2);
    static final List<String> ACK_CODES = List.of("AA", "AE", "AR");

    private final SenderSettings settings;
    private final Clock clock;
    private final Map<String, Track> tracks = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> acks = new LinkedHashMap<>();

    public SenderActivity(SenderSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        ACK_CODES.forEach(c -> acks.put(c, new LongAdder()));
        for (SenderSettings.Expected e : settings.expected()) {
            tracks.put(key(e.application(), e.facility()), new Track(e.application(), e.facility()));
        }
    }

    @Override
    public void connected(String application, String facility) {
        track(application, facility).connections(1);
    }

    @Override
    public void disconnected(String application, String facility) {
        track(application, facility).connections(-1);
    }

    @Override
    public void answered(String application, String facility, String ackCode, String error) {
        String code = ACK_CODES.contains(ackCode) ? ackCode : "AR";
        acks.get(code).increment();
        track(application, facility).message(clock.instant(), clock.getZone(), code,
                "AA".equals(code) ? null : ReasonCode.of(error));
    }

    /** Answers since start for every sender together, per ACK code. */
    public long acks(String ackCode) {
        LongAdder adder = acks.get(ackCode);
        return adder == null ? 0 : adder.sum();
    }

    /** Every sender heard from or configured, worst state first, then by application and facility. */
    public List<SenderSummary> summaries() {
        Instant now = clock.instant();
        ZoneId zone = clock.getZone();
        List<SenderSummary> out = new ArrayList<>();
        tracks.values().forEach(t -> out.add(t.summary(now, zone)));
        out.sort(Comparator.comparingInt((SenderSummary s) -> SenderState.valueOf(s.state().toUpperCase(
                java.util.Locale.ROOT)).ordinal()).thenComparing(SenderSummary::application)
                .thenComparing(SenderSummary::facility));
        return out;
    }

    /** How many senders are in each state now. */
    public Map<SenderState, Integer> counts() {
        Map<SenderState, Integer> counts = new EnumMap<>(SenderState.class);
        for (SenderState s : SenderState.values()) {
            counts.put(s, 0);
        }
        summaries().forEach(s -> counts.merge(SenderState.valueOf(s.state().toUpperCase(java.util.Locale.ROOT)), 1,
                Integer::sum));
        return counts;
    }

    /** The silent senders as {@code application^facility}, for the operator alert. */
    public List<String> silent() {
        return summaries().stream().filter(s -> SenderState.SILENT.wireName().equals(s.state()))
                .map(s -> s.facility().isEmpty() ? s.application() : s.application() + "^" + s.facility()).toList();
    }

    private Track track(String application, String facility) {
        String app = application == null ? "" : application;
        String fac = facility == null ? "" : facility;
        Track known = tracks.get(key(app, fac));
        if (known != null) {
            return known;
        }
        for (SenderSettings.Expected e : settings.expected()) {
            if (e.matches(app, fac) && e.facility().isEmpty()) {
                return tracks.get(key(e.application(), ""));
            }
        }
        if (tracks.size() >= settings.maxSenders()) {
            return tracks.computeIfAbsent(key(OTHERS, ""), k -> new Track(OTHERS, ""));
        }
        return tracks.computeIfAbsent(key(app, fac), k -> new Track(app, fac));
    }

    private static String key(String application, String facility) {
        return application + '\u0000' + facility;
    }

    /** One sender's traffic in brief. Guarded by itself. */
    private final class Track {
        private static final int HOURS = 24;
        private final String application;
        private final String facility;
        private final double[] meanGapSeconds = new double[HOURS];
        private final int[] gaps = new int[HOURS];
        private final Map<String, Long> answered = new LinkedHashMap<>();
        private int connections;
        private Instant lastMessageAt;
        private String lastAck;
        private Instant lastErrorAt;
        private ReasonCode lastError;

        Track(String application, String facility) {
            this.application = application;
            this.facility = facility;
            ACK_CODES.forEach(c -> answered.put(c, 0L));
        }

        synchronized void connections(int delta) {
            connections = Math.max(0, connections + delta);
        }

        synchronized void message(Instant at, ZoneId zone, String code, ReasonCode error) {
            if (lastMessageAt != null && at.isAfter(lastMessageAt)) {
                Duration gap = Duration.between(lastMessageAt, at);
                if (gap.compareTo(LONGEST_LEARNED_GAP) <= 0) {
                    int hour = at.atZone(zone).getHour();
                    double seconds = gap.toMillis() / 1000.0;
                    gaps[hour]++;
                    meanGapSeconds[hour] = gaps[hour] == 1 ? seconds : meanGapSeconds[hour] * 0.8 + seconds * 0.2;
                }
            }
            if (lastMessageAt == null || at.isAfter(lastMessageAt)) {
                lastMessageAt = at;
            }
            answered.merge(code, 1L, Long::sum);
            lastAck = code;
            if (error != null) {
                lastError = error;
                lastErrorAt = at;
            }
        }

        synchronized SenderSummary summary(Instant now, ZoneId zone) {
            SenderSettings.Expected configured = settings.expectedFor(application, facility).orElse(null);
            int hour = now.atZone(zone).getHour();
            Duration expected = null;
            String source = null;
            Instant quietSince = lastMessageAt;
            if (configured != null) {
                expected = configured.interval();
                source = "configured";
            } else if (learned(hour)) {
                expected = Duration.ofMillis(Math.max(1000, Math.round(meanGapSeconds[hour] * 1000)));
                source = "learned";
                quietSince = later(lastMessageAt, stretchStart(now, zone));
            }
            SenderState state;
            if (lastMessageAt == null) {
                state = configured != null ? SenderState.NEVER : SenderState.OK;
            } else if (expected == null) {
                state = SenderState.OK;
            } else {
                Duration quiet = Duration.between(quietSince, now);
                Duration limit = Duration.ofMillis(Math.round(expected.toMillis() * settings.silentAfterGaps()));
                state = quiet.compareTo(limit) > 0 && quiet.compareTo(settings.minSilence()) > 0
                        ? SenderState.SILENT : SenderState.OK;
            }
            return new SenderSummary(application, facility, connections, lastMessageAt, answered, lastAck,
                    lastErrorAt, lastError == null ? null : lastError.code(),
                    lastError == null ? null : lastError.words(), expected == null ? null : Math.max(1,
                    expected.toSeconds()), source, state.wireName());
        }

        private boolean learned(int hour) {
            return gaps[hour] >= settings.learnAfterGaps();
        }

        /** The start of the run of learned hours that holds {@code now}: quiet before it was the sender's night. */
        private Instant stretchStart(Instant now, ZoneId zone) {
            java.time.ZonedDateTime start = now.atZone(zone).withMinute(0).withSecond(0).withNano(0);
            for (int i = 0; i < HOURS - 1 && learned(start.minusHours(1).getHour()); i++) {
                start = start.minusHours(1);
            }
            return start.toInstant();
        }

        private static Instant later(Instant a, Instant b) {
            return a == null ? b : a.isAfter(b) ? a : b;
        }
    }
}
