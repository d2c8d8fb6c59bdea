package holdfast.edge.broker;

import com.hivemq.configuration.service.InternalConfigurations;
import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.embedded.EmbeddedHiveMQ;
import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;
import holdfast.edge.HoldfastException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HiveMQ CE running inside the node, its state under {@code $dataDir/broker}. Chosen over Moquette, which
 * loses unacknowledged QoS-1 messages (see the tech notes). HiveMQ acknowledges a PUBLISH before its own
 * stores are forced to disk (about 1 s), so a power loss can lose the last second of device messages; a
 * process crash loses nothing. Its logging goes through the node's Logback configuration
 * ({@code withoutLoggingBootstrap()}), it never phones home, and it is {@link #close() closed} (a stopped
 * instance cannot be started again). Not thread-safe: the composition root starts and closes it.
 */
public final class EmbeddedBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBroker.class);

    private final BrokerSettings settings;
    private final EmbeddedHiveMQ hivemq;

    private EmbeddedBroker(BrokerSettings settings, EmbeddedHiveMQ hivemq) {
        this.settings = settings;
        this.hivemq = hivemq;
    }

    /**
     * Writes the broker's configuration under {@code home} and starts it; waits until it listens.
     *
     * @param access  who may connect and what each client may publish and subscribe to
     * @param refused counts connections turned away
     */
    public static EmbeddedBroker start(BrokerSettings settings, Path home, BrokerAccess access, LongAdder refused) {
        Path conf = home.resolve("conf");
        Path data = home.resolve("data");
        Path extensions = home.resolve("extensions");
        try {
            Files.createDirectories(conf);
            Files.createDirectories(data);
            Files.createDirectories(extensions);
            Files.writeString(conf.resolve("config.xml"), BrokerConfigXml.render(settings));
        } catch (IOException e) {
            throw new HoldfastException("cannot prepare the embedded broker's folder " + home, e);
        }
        BrokerAuthenticator authenticator = new BrokerAuthenticator(access, refused);
        // Not in HiveMQ CE's config.xml: an internal setting, read when each subscriber's messages are polled. It
        // is JVM-wide, which is fine for the one broker a node runs.
        InternalConfigurations.MAX_INFLIGHT_WINDOW_SIZE_MESSAGES = settings.inflightWindow();
        EmbeddedHiveMQ hivemq = EmbeddedHiveMQ.builder()
                .withConfigurationFolder(conf)
                .withDataFolder(data)
                .withExtensionsFolder(extensions)
                .withEmbeddedExtension(EmbeddedExtension.builder()
                        .withId("holdfast-auth").withName("Holdfast authentication").withVersion("1")
                        .withAuthor("Holdfast").withPriority(1000).withStartPriority(1000)
                        .withExtensionMain(new AuthExtension(authenticator)).build())
                .withoutLoggingBootstrap()
                .build();
        long started = System.nanoTime();
        try {
            hivemq.start().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            closeQuietly(hivemq);
            throw new HoldfastException("embedded MQTT broker did not start on " + settings.host() + ":"
                    + settings.port() + ": " + (e.getCause() == null ? e : e.getCause()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly(hivemq);
            throw new HoldfastException("interrupted while starting the embedded MQTT broker", e);
        }
        LOG.info("event=broker.started host={} port={} allowAnonymous={} inflightWindow={} startMs={}", settings.host(),
                settings.port(), settings.allowAnonymous(), settings.inflightWindow(),
                (System.nanoTime() - started) / 1_000_000);
        return new EmbeddedBroker(settings, hivemq);
    }

    public BrokerSettings settings() {
        return settings;
    }

    @Override
    public void close() {
        // close(), not stop(): a stopped HiveMQ keeps its data folder locked and cannot start again.
        try {
            hivemq.close();
            LOG.info("event=broker.stopped port={}", settings.port());
        } catch (ExecutionException e) {
            LOG.warn("event=broker.close_failed error=\"{}\"", String.valueOf(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(EmbeddedHiveMQ hivemq) {
        try {
            hivemq.close();
        } catch (ExecutionException e) {
            LOG.warn("event=broker.close_failed error=\"{}\"", String.valueOf(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Registers the authenticator when HiveMQ starts its extensions. */
    private record AuthExtension(BrokerAuthenticator authenticator) implements ExtensionMain {
        @Override
        public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
            Services.securityRegistry().setAuthenticatorProvider(providerInput -> authenticator);
        }

        @Override
        public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {
        }
    }
}
