package holdfast.edge.alerts;

import com.fasterxml.jackson.databind.ObjectMapper;
import holdfast.edge.api.Mount;
import holdfast.edge.api.RouteKit;
import holdfast.edge.audit.AuditLog;
import holdfast.edge.census.Census;
import holdfast.edge.ingest.IngestHook;
import holdfast.edge.ingest.mqtt.MqttSettings;
import holdfast.edge.journal.Journal;
import holdfast.edge.journal.LaneJournals;
import holdfast.edge.module.Module;
import holdfast.edge.module.Parts;
import holdfast.edge.observe.NodeMetrics;
import holdfast.edge.projection.Projection;
import holdfast.edge.store.Database;
import holdfast.shared.envelope.UuidV7Generator;
import io.helidon.config.Config;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/**
 * Local alerts: the engine that evaluates readings at ingest and journals its alerts in the critical lane, the
 * optional publisher for ward displays, their metrics and {@code /api/v1/alerts}. Reads {@code alerts}.
 */
public final class AlertsModule implements Module {

    private final Parts parts;
    private final AlertEngine engine;
    private final Optional<MqttAlertPublisher> publisher;
    private final Mount routes;

    private AlertsModule(Parts parts, AlertEngine engine, Optional<MqttAlertPublisher> publisher, Mount routes) {
        this.parts = parts;
        this.engine = engine;
        this.publisher = publisher;
        this.routes = routes;
    }

    /** @param mqtt the node's MQTT settings: alerts are published on the device broker when it is enabled */
    public static AlertsModule build(Config config, MqttSettings mqtt, String nodeId, Database database, AuditLog audit,
                                     Journal critical, UuidV7Generator ids, Clock clock, Census census,
                                     ObjectMapper mapper, NodeMetrics metrics, RouteKit web) {
        AlertSettings settings = AlertSettings.from(config.get("alerts"));
        return Parts.build(parts -> {
            AlertListener listener = AlertListener.NONE;
            MqttAlertPublisher publisher = null;
            if (settings.publishOnMqtt() && mqtt.enabled()) {
                publisher = parts.push(new MqttAlertPublisher(mqtt, nodeId, mapper, metrics.threadFailures()));
                metrics.gauge("holdfast_alerts_mqtt_published", "Alert changes published for ward displays", "",
                        publisher::published);
                metrics.gauge("holdfast_alerts_mqtt_pending", "Alert changes waiting for the MQTT broker", "",
                        publisher::pending);
                metrics.gauge("holdfast_alerts_mqtt_dropped", "Alert changes dropped from a full outbox", "",
                        publisher::dropped);
                listener = publisher;
            }
            // Closed before the publisher it tells.
            AlertEngine engine = parts.push(new AlertEngine(settings, database, audit, critical, ids, clock, census,
                    listener, metrics.histogram("holdfast_alerts_raise_seconds",
                            "From a reading being durable to its alert being durable", "", NodeMetrics.ALERT_BUCKETS),
                    metrics.threadFailures()));
            metrics.gauge("holdfast_alerts_raised", "Alerts raised since start", "", engine.raiseLatency()::count);
            metrics.gauge("holdfast_alerts_failed", "Alert evaluations that failed since start (each logged)", "",
                    engine::failures);
            metrics.gauge("holdfast_alerts_raise_micros_total", "Sum of reading-durable-to-alert-durable times", "",
                    engine.raiseLatency()::totalMicros);
            metrics.gauge("holdfast_alerts_raise_micros_max", "Longest reading-durable-to-alert-durable time", "",
                    engine.raiseLatency()::maxMicros);
            metrics.gauge("holdfast_alerts_raise_passes", "Passes that made raises durable together since start "
                    + "(each one database transaction and one critical-lane commit)", "", engine::raisePasses);
            metrics.gauge("holdfast_alerts_raised_late", "Alerts durable more than 100 ms after their reading was",
                    "", engine.raiseLatency()::late);
            AlertRoutes routes = new AlertRoutes(engine, web.problems());
            return new AlertsModule(parts, engine, Optional.ofNullable(publisher),
                    routes.mount(web.guard(), web.json()));
        });
    }

    /** Evaluates each durable reading. */
    public IngestHook hook() {
        return engine;
    }

    /** Alerts open now, for the status. */
    public long openCount() {
        return engine.openCount();
    }

    /** Open alerts escalated for want of an acknowledgement. */
    public long escalatedCount() {
        return engine.escalatedCount();
    }

    /** The ward-display publisher, when alerts go out over MQTT; operator alerts use it too. */
    public Optional<MqttAlertPublisher> publisher() {
        return publisher;
    }

    /** Start-up's pass: readings whose alerts a crash left unjudged are judged again ({@code dataDir/alerts-evaluated.txt}). */
    public Projection catchUp(Path dataDir, LaneJournals journals) {
        return engine.catchUp(dataDir.resolve("alerts-evaluated.txt"), journals);
    }

    /** {@code /api/v1/alerts}: listed by a viewer, acknowledged by an operator. */
    public Mount routes() {
        return routes;
    }

    /**
     * Starts escalation (after the catch-up pass) and the ward-display publisher's connection (once the broker it
     * publishes on listens).
     */
    @Override
    public void start() {
        engine.start();
        publisher.ifPresent(MqttAlertPublisher::start);
    }

    @Override
    public void close() {
        parts.close();
    }
}
