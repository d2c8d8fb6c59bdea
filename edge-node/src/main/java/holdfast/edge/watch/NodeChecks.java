package holdfast.edge.watch;

import holdfast.edge.audit.AuditVerification;
import holdfast.shared.api.CanaryStatus;
import holdfast.shared.api.Hl7Status;
import holdfast.shared.api.MqttStatus;
import holdfast.shared.api.NodeMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The conditions a node watches itself for, built from {@link OpsSettings}. Each is a small {@link Check}; the
 * causes are plain words for a ward IT administrator, never patient data.
 */
final class NodeChecks {

    private NodeChecks() {
    }

    /**
     * @param totalDiskBytes the size of the volume holding the data dir (0 when unknown: no disk check)
     * @param auditVerify    walks the audit chain (run every {@code audit-verify-minutes}, on the watch thread)
     */
    public static List<Check> all(OpsSettings settings, LongSupplier totalDiskBytes,
                                  Supplier<AuditVerification> auditVerify) {
        return all(settings, totalDiskBytes, auditVerify, Map.of(), Optional::empty);
    }

    /**
     * @param certificates when each TLS listener's certificate expires, by its settings section ({@code http.tls})
     * @param cloudSkew    the cloud's clock minus the node's, as last measured (empty before any answer)
     */
    public static List<Check> all(OpsSettings settings, LongSupplier totalDiskBytes,
                                  Supplier<AuditVerification> auditVerify, Map<String, Instant> certificates,
                                  Supplier<Optional<Duration>> cloudSkew) {
        List<Check> checks = new ArrayList<>();
        checks.add(check("cloud-unreachable", "cloud-outage.md", settings.cloudUnreachableFor(), (s, now) -> {
            NodeMode mode = s.status().mode();
            return mode == NodeMode.DEGRADED ? Optional.ofNullable(s.status().modeCause())
                    .or(() -> Optional.of("the cloud cannot be reached")) : Optional.empty();
        }));
        long backlogAgeMs = settings.criticalBacklogAge().toMillis();
        checks.add(check("critical-backlog-old", "cloud-outage.md", settings.minDuration(), (s, now) -> {
            NodeMode mode = s.status().mode();
            if (mode == NodeMode.DEGRADED || mode == NodeMode.LOCAL_ONLY) {
                return Optional.empty(); // waiting is expected while the link is down; cloud-unreachable says so
            }
            return s.status().lanes().stream().filter(l -> "critical".equals(l.name()))
                    .filter(l -> l.oldestBacklogAgeMs() > backlogAgeMs).findFirst()
                    .map(l -> "the critical lane holds " + l.backlog() + " events, the oldest waiting "
                            + l.oldestBacklogAgeMs() / 1000 + " s, while the cloud is reachable");
        }));
        checks.add(check("lane-refusing", "disk-full.md", settings.minDuration(), (s, now) -> {
            List<String> refusing = s.status().lanes().stream().filter(l -> !l.accepting())
                    .map(l -> l.name() + " (" + l.refusing() + ")").toList();
            return refusing.isEmpty() ? Optional.empty()
                    : Optional.of("lanes refusing new events: " + String.join(", ", refusing));
        }));
        Growth deadLetters = new Growth(settings.deadLettersWindow());
        checks.add(check("dead-letters-growing", "dead-letters.md", Duration.ZERO, (s, now) -> {
            long rise = deadLetters.rise(now, s.status().deadLetters().open());
            return rise >= settings.deadLettersCount()
                    ? Optional.of(rise + " new dead letters within " + settings.deadLettersWindow().toMinutes()
                    + " min (" + s.status().deadLetters().open() + " open)") : Optional.empty();
        }));
        Growth reconciliations = new Growth(settings.reconciliationsWindow());
        checks.add(check("reconciliations-storm", "reconciliations.md", Duration.ZERO, (s, now) -> {
            long rise = reconciliations.rise(now, s.status().reconciliations().open());
            return rise >= settings.reconciliationsCount()
                    ? Optional.of(rise + " reconciliations opened within " + settings.reconciliationsWindow().toMinutes()
                    + " min (" + s.status().reconciliations().open() + " open): often one wrong census entry")
                    : Optional.empty();
        }));
        checks.add(check("devices-silent", "silent-device.md", settings.minDuration(), (s, now) -> {
            List<String> silent = s.silentDevices();
            if (silent.isEmpty()) {
                return Optional.empty();
            }
            String named = String.join(", ", silent.subList(0, Math.min(5, silent.size())));
            return Optional.of(silent.size() + (silent.size() == 1 ? " device has" : " devices have")
                    + " stopped sending: " + named + (silent.size() > 5 ? ", ..." : ""));
        }));
        checks.add(check("sender-silent", "silent-sender.md", settings.minDuration(), (s, now) -> {
            List<String> silent = s.silentSenders();
            if (silent.isEmpty()) {
                return Optional.empty();
            }
            String named = String.join(", ", silent.subList(0, Math.min(5, silent.size())));
            return Optional.of(silent.size() + (silent.size() == 1 ? " HL7 sender has" : " HL7 senders have")
                    + " been quiet for longer than usual at this hour: " + named + (silent.size() > 5 ? ", ..." : ""));
        }));
        checks.add(check("broker-down", "broker-down.md", settings.minDuration(), (s, now) -> {
            MqttStatus mqtt = s.status().mqtt();
            if (mqtt == null || "DISABLED".equals(mqtt.state()) || "CONNECTED".equals(mqtt.state())
                    || "PAUSED".equals(mqtt.state()) || "STOPPED".equals(mqtt.state())) {
                return Optional.empty();
            }
            return Optional.of("the node is not connected to its MQTT broker (" + mqtt.state()
                    + (mqtt.lastError() != null ? ": " + mqtt.lastError() : "") + "): devices cannot deliver");
        }));
        checks.add(check("hl7-listener-saturated", "hl7-sender-flood.md", settings.minDuration(), (s, now) -> {
            Hl7Status hl7 = s.status().hl7();
            return hl7 != null && "SATURATED".equals(hl7.state())
                    ? Optional.of("every HL7 connection slot is taken (" + hl7.connections() + " of "
                    + hl7.maxConnections() + "): new senders are turned away; " + hl7.refusedConnections()
                    + " refused since start") : Optional.empty();
        }));
        checks.add(check("channel-failing", "dead-letters.md", Duration.ZERO, (s, now) -> {
            List<String> failing = new ArrayList<>();
            s.status().channels().stream().filter(c -> "FAILING".equals(c.state()))
                    .forEach(c -> failing.add(c.channel() + " (" + c.lastError() + ")"));
            Hl7Status hl7 = s.status().hl7();
            if (hl7 != null && "FAILING".equals(hl7.state())) {
                failing.add("hl7");
            }
            return failing.isEmpty() ? Optional.empty() : Optional.of("input keeps failing inside the node on "
                    + String.join(", ", failing) + ": each is kept as a dead letter, none is journaled");
        }));
        checks.add(check("disk-low", "disk-full.md", settings.minDuration(), (s, now) -> {
            long total = totalDiskBytes.getAsLong();
            if (total <= 0 || settings.diskFreePercent() == 0) {
                return Optional.empty();
            }
            long percent = s.status().diskFreeBytes() * 100 / total;
            return percent < settings.diskFreePercent()
                    ? Optional.of("only " + percent + " % of the data volume is free ("
                    + s.status().diskFreeBytes() / (1024 * 1024) + " MiB)") : Optional.empty();
        }));
        checks.add(check("tls-certificate-expiring", "certificate-renewal.md", Duration.ZERO, (s, now) -> {
            if (settings.tlsExpiryWarning().isZero()) {
                return Optional.empty();
            }
            List<String> expiring = certificates.entrySet().stream()
                    .filter(e -> e.getValue().isBefore(now.plus(settings.tlsExpiryWarning())))
                    .sorted(Map.Entry.comparingByKey()).map(e -> e.getKey() + (e.getValue().isBefore(now)
                            ? " expired on " : " expires on ") + e.getValue().toString().substring(0, 10)
                            + " (" + Duration.between(now, e.getValue()).toDays() + " days)").toList();
            return expiring.isEmpty() ? Optional.empty() : Optional.of("TLS certificate of "
                    + String.join(", ", expiring) + ": renew it, then restart the node");
        }));
        checks.add(check("clock-skew", "clock-skew.md", settings.minDuration(), (s, now) -> {
            Optional<Duration> skew = cloudSkew.get();
            if (settings.clockSkewMax().isZero() || skew.isEmpty()
                    || skew.get().abs().compareTo(settings.clockSkewMax()) <= 0) {
                return Optional.empty();
            }
            return Optional.of("the node's clock is " + skew.get().abs().toSeconds() + " s "
                    + (skew.get().isNegative() ? "ahead of" : "behind") + " the cloud's (at most "
                    + settings.clockSkewMax().toSeconds() + " s): event times and alert escalations drift");
        }));
        checks.add(check("canary-not-accepted", "canary.md", Duration.ZERO, (s, now) -> {
            CanaryStatus canary = s.status().canary();
            if (canary == null) {
                return Optional.empty();
            }
            Instant limit = now.minusSeconds(canary.acceptWithinSeconds());
            List<String> late = canary.paths().entrySet().stream().filter(e -> e.getValue().waitingSince() != null
                    && e.getValue().waitingSince().isBefore(limit)).map(Map.Entry::getKey).sorted().toList();
            return late.isEmpty() ? Optional.empty() : Optional.of("no canary sent through " + String.join(", ", late)
                    + " was accepted by the cloud within " + canary.acceptWithinSeconds() + " s");
        }));
        checks.add(new AuditChainCheck(settings.auditVerifyEvery(), auditVerify));
        return checks;
    }

    /** How long the operator alert about a rebuilt database stays raised: long enough for a morning shift to see it. */
    static final Duration STATE_REBUILT_SHOWN_FOR = Duration.ofHours(24);
    static final Duration BROKER_SESSION_LOST_SHOWN_FOR = Duration.ofHours(1);

    /**
     * Raised for a day after the node found its database damaged at start and rebuilt it from the control
     * journal (nothing is missing, but a person should learn why the file was damaged).
     */
    public static Check stateRebuilt(Instant at, String cause, int replayed) {
        return check("state-rebuilt", "state-rebuilt.md", Duration.ZERO, (s, now) -> now.isBefore(
                at.plus(STATE_REBUILT_SHOWN_FOR)) ? Optional.of("the node database was damaged (" + cause
                + ") and was rebuilt at start from the control journal (" + replayed + " changes replayed); "
                + "nothing is missing") : Optional.empty());
    }

    /**
     * The MQTT broker came back without the node's session (see {@code MqttIngest}): shown for an hour, like the
     * shipped Prometheus rule, since nothing the node sees later tells it the gap was dealt with.
     */
    public static Check brokerLostSession(Supplier<Optional<Instant>> lostAt) {
        return check("broker-lost-session", "broker-down.md", Duration.ZERO, (s, now) -> lostAt.get()
                .filter(at -> now.isBefore(at.plus(BROKER_SESSION_LOST_SHOWN_FOR)))
                .map(at -> "the MQTT broker came back at " + at + " without the node's session: readings devices "
                        + "published while the node was disconnected were not delivered to it"));
    }

    static Check check(String condition, String runbook, Duration holdFor,
                       BiFunction<NodeSample, Instant, Optional<String>> cause) {
        return new Check() {
            @Override
            public String condition() {
                return condition;
            }

            @Override
            public String runbook() {
                return runbook;
            }

            @Override
            public Duration holdFor() {
                return holdFor;
            }

            @Override
            public Optional<String> cause(NodeSample sample, Instant now) {
                return cause.apply(sample, now);
            }
        };
    }

    /** Walks the audit chain now and then (it reads every row), and holds the last verdict in between. */
    private static final class AuditChainCheck implements Check {
        private final Duration every;
        private final Supplier<AuditVerification> verify;
        private Instant lastRun;
        private AuditVerification last;

        AuditChainCheck(Duration every, Supplier<AuditVerification> verify) {
            this.every = every;
            this.verify = verify;
        }

        @Override
        public String condition() {
            return "audit-chain-broken";
        }

        @Override
        public String runbook() {
            return "audit-chain.md";
        }

        @Override
        public Duration holdFor() {
            return Duration.ZERO;
        }

        @Override
        public Optional<String> cause(NodeSample sample, Instant now) {
            if (lastRun == null || !now.isBefore(lastRun.plus(every))) {
                lastRun = now;
                last = verify.get();
            }
            return last.ok() ? Optional.empty() : Optional.of("the audit trail's hash chain breaks at row "
                    + last.brokenRowId() + ": " + last.problem());
        }
    }
}
