package holdfast.simulator.cloud;

import holdfast.shared.envelope.EnvelopeCodec;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The reference cloud on 127.0.0.1: the batch endpoint of contract §5 and {@code /admin} for fault injection,
 * census rules and statistics. Tests and the demo start it in-process; stopping it and starting a new one on
 * the same port and data dir is a real outage (connections refused) followed by a recovery with the store
 * intact. Thread-safe.
 */
public final class ReferenceCloud implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ReferenceCloud.class.getName());

    private final WebServer server;
    private final CloudStore store;
    private final LaneLedger ledger = new LaneLedger();
    private final RequestLog requests = new RequestLog();
    private final AtomicReference<FaultPlan> faults = new AtomicReference<>(FaultPlan.none());
    private final AtomicReference<CensusRules> census = new AtomicReference<>(CensusRules.none());

    private ReferenceCloud(int port, Path dataDir, String token, Receipts receipts) throws SQLException {
        this.store = new CloudStore(dataDir);
        EnvelopeCodec codec = new EnvelopeCodec();
        BatchEndpoint batches = new BatchEndpoint(token, store, ledger, codec, faults, census, requests, receipts);
        HttpRouting.Builder routing = HttpRouting.builder()
                .post("/v1/nodes/{nodeId}/events/batch", batches::handle)
                .get("/v1/nodes/{nodeId}/lanes/{lane}", batches::highest);
        new AdminEndpoint(this, codec.mapper()).register(routing);
        this.server = WebServer.builder()
                .host("127.0.0.1")
                .port(port)
                .shutdownHook(false)
                .connectionOptions(o -> o.tcpNoDelay(true))
                .maxPayloadSize(256L * 1024 * 1024)
                .routing(routing)
                .build();
    }

    /** Starts a cloud on {@code port} (0: any free one) over {@code dataDir}, accepting {@code token}. */
    public static ReferenceCloud start(int port, Path dataDir, String token) {
        return start(port, dataDir, token, Receipts.off());
    }

    /**
     * As {@link #start(int, Path, String)}, recording every judged event in {@code receipts}; hand the same one to
     * every start over one data dir and it spans the cloud's outages.
     */
    public static ReferenceCloud start(int port, Path dataDir, String token, Receipts receipts) {
        try {
            Files.createDirectories(dataDir);
            ReferenceCloud cloud = new ReferenceCloud(port, dataDir, token, receipts);
            try {
                cloud.server.start();
            } catch (RuntimeException e) {
                cloud.store.close();
                throw e;
            }
            LOG.log(System.Logger.Level.INFO, "event=cloud.started port=" + cloud.port() + " dataDir=" + dataDir);
            return cloud;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open the cloud store in " + dataDir, e);
        }
    }

    public int port() {
        return server.port();
    }

    public String url() {
        return "http://127.0.0.1:" + port();
    }

    public void faults(FaultPlan plan) {
        faults.set(plan);
        LOG.log(System.Logger.Level.INFO, "event=cloud.faults plan=" + plan);
    }

    public FaultPlan faults() {
        return faults.get();
    }

    public void census(Map<String, String> bedToPatient, List<String> devicePrefixes) {
        census.set(new CensusRules(bedToPatient, devicePrefixes));
    }

    public CensusRules census() {
        return census.get();
    }

    public CloudStore store() {
        return store;
    }

    public LaneLedger ledger() {
        return ledger;
    }

    public RequestLog requests() {
        return requests;
    }

    @Override
    public void close() {
        server.stop();
        try {
            store.close();
        } catch (SQLException e) {
            LOG.log(System.Logger.Level.WARNING, "event=cloud.store_close_failed error=" + e);
        }
    }
}
