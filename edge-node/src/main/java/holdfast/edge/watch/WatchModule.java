package holdfast.edge.watch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import holdfast.edge.alerts.MqttAlertPublisher;
import holdfast.edge.api.Mount;
import holdfast.edge.api.RouteKit;
import holdfast.edge.audit.AuditLog;
import holdfast.edge.journal.Journal;
import holdfast.edge.module.Module;
import holdfast.edge.module.Parts;
import holdfast.edge.observe.NodeMetrics;
import holdfast.edge.store.Database;
import holdfast.shared.envelope.UuidV7Generator;
import io.helidon.config.Config;
import holdfast.shared.api.NodeStatus;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The node's watch on itself: the checks, the operator alerts they open, ward displays told over MQTT (retained)
 * and an optional webhook, their metrics and {@code /api/v1/operator-alerts}. Reads {@code ops}.
 */
public final class WatchModule implements Module {

    private final Parts parts;
    private final OperatorAlerts alerts;
    private final Optional<OpsWebhook> webhook;
    private final Mount routes;

    private WatchModule(Parts parts, OperatorAlerts alerts, Optional<OpsWebhook> webhook, Mount routes) {
        this.parts = parts;
        this.alerts = alerts;
        this.webhook = webhook;
        this.routes = routes;
    }

    /**
     * What the checks look at, from parts built around this module: the node's status, the devices and HL7
     * senders gone silent (each asked only once the checks run, so they may read parts built later), the
     * certificates' expiry, the cloud's clock and when the MQTT broker last came back without the node's session.
     */
    public record Watched(Supplier<NodeStatus> status, Supplier<List<String>> silentDevices,
                          Supplier<List<String>> silentSenders, Map<String, Instant> certificates,
                          Supplier<Optional<Duration>> cloudSkew, Supplier<Optional<Instant>> brokerSessionLostAt) {
    }

    /**
     * @param publisher the ward-display publisher, when alerts go out over MQTT
     */
    public static WatchModule build(Config config, String nodeId, Path dataDir, Database database, AuditLog audit,
                                    Journal critical, UuidV7Generator ids, Clock clock,
                                    Optional<MqttAlertPublisher> publisher, ObjectMapper mapper, NodeMetrics metrics,
                                    Watched watched, RouteKit web) {
        OpsSettings ops = OpsSettings.from(config.get("ops"));
        return Parts.build(parts -> {
            List<OpsListener> listeners = new ArrayList<>();
            publisher.ifPresent(mqtt -> {
                String topic = "holdfast/v1/ops/" + nodeId.replaceAll("[/+#\\u0000]", "_");
                listeners.add((changed, open) -> {
                    try {
                        mqtt.publishRetained(topic, mapper.writeValueAsBytes(Map.of("nodeId", nodeId,
                                "at", clock.instant().toString(), "open", open)));
                    } catch (JsonProcessingException e) {
                        throw new IllegalStateException("cannot encode the operator alert state", e);
                    }
                });
            });
            OpsWebhook webhook = null;
            if (!ops.webhookUrl().isBlank()) {
                webhook = parts.push(new OpsWebhook(ops.webhookUrl(), ops.webhookRetries(), nodeId, mapper,
                        metrics.threadFailures()));
                listeners.add(webhook);
                metrics.gauge("holdfast_ops_webhook_delivered", "Operator alert changes the webhook accepted", "",
                        webhook::delivered);
                metrics.gauge("holdfast_ops_webhook_failed", "Operator alert changes the webhook never accepted", "",
                        webhook::failed);
            }
            List<Check> checks = new ArrayList<>(NodeChecks.all(ops, () -> dataDir.toFile().getTotalSpace(),
                    audit::verify, watched.certificates(), watched.cloudSkew()));
            database.recovery().ifPresent(r -> checks.add(NodeChecks.stateRebuilt(r.at(), r.cause(), r.replayed())));
            checks.add(NodeChecks.brokerLostSession(watched.brokerSessionLostAt()));
            // Closed before the webhook it tells.
            OperatorAlerts alerts = parts.push(new OperatorAlerts(ops, checks, () -> new NodeSample(watched.status().get(),
                    watched.silentDevices().get(), watched.silentSenders().get()), database, audit, critical, ids,
                    nodeId, clock, listeners, metrics.threadFailures()));
            metrics.gauge("holdfast_operator_alerts_open", "Operator alerts open (the node's own conditions)", "",
                    alerts::openCount);
            metrics.gauge("holdfast_operator_alerts_failures", "Operator alert checks that failed (each logged)", "",
                    alerts::failures);
            OperatorAlertRoutes routes = new OperatorAlertRoutes(alerts, web.problems());
            return new WatchModule(parts, alerts, Optional.ofNullable(webhook),
                    routes.mount(web.guard(), web.json()));
        });
    }

    /** Operator alerts open now, for the status. */
    public int openCount() {
        return alerts.openCount();
    }

    /** Every condition the node watches itself for, by name. */
    public List<String> conditions() {
        return alerts.conditions();
    }

    /** The conditions open now. */
    public Set<String> openConditions() {
        return alerts.openConditions();
    }

    /** Starts the webhook's sender, then the checks. */
    @Override
    public void start() {
        webhook.ifPresent(OpsWebhook::start);
        alerts.start();
    }

    public Mount routes() {
        return routes;
    }

    @Override
    public void close() {
        parts.close();
    }
}
