package holdfast.edge;

import holdfast.edge.api.Mount;
import holdfast.edge.tls.ServerTls;
import io.helidon.health.HealthCheck;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;
import io.helidon.webserver.observe.health.HealthObserverConfig;
import java.util.List;
import java.util.Optional;

/** The node's one web server: every module's routes, health with the node's own checks, over TLS when configured. */
final class NodeServer {

    /** Bodies above this are refused before a handler reads them; each route has its own, smaller limit. */
    private static final long MAX_PAYLOAD_BYTES = 64L * 1024 * 1024;

    private NodeServer() {
    }

    /** @param routes each registered under its own prefix, in this order */
    static WebServer build(NodeSettings settings, Optional<ServerTls> tls, List<Mount> routes,
                           List<HealthCheck> checks) {
        HttpRouting.Builder routing = HttpRouting.builder();
        routes.forEach(mount -> routing.register(mount.prefix(), mount));
        HealthObserverConfig.Builder health = HealthObserver.builder().details(true).useSystemServices(false);
        checks.forEach(health::addCheck);
        WebServerConfig.Builder server = WebServer.builder();
        tls.ifPresent(t -> server.tls(t.helidonTls())); // HTTPS, health and metrics included
        return server
                .host(settings.httpHost())
                .port(settings.httpPort())
                .shutdownHook(false)
                // Without TCP_NODELAY a split response waits for the client's delayed ACK (~40 ms a request).
                .connectionOptions(o -> o.tcpNoDelay(true))
                .maxPayloadSize(MAX_PAYLOAD_BYTES)
                .addFeature(ObserveFeature.just(health.build()))
                .routing(routing)
                .build();
    }
}
