package holdfast.simulator.hl7;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.app.Connection;
import ca.uhn.hl7v2.llp.LLPException;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.parser.CanonicalModelClassFactory;
import ca.uhn.hl7v2.util.Terser;
import ca.uhn.hl7v2.util.idgenerator.InMemoryIDGenerator;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A hospital information system's HL7 feed to the node over MLLP (HAPI's client, one connection): every
 * {@code interval} one message out of a cycle of ADT census changes (admit, transfer, discharge over
 * {@code beds} ICU beds), ORU results (every fifth critical, OBX-8 HH) and DFT charges. Reconnects after a
 * failure on the next tick. Synthetic data only; never prints a message. Thread-safe: one scheduler thread
 * sends, {@link #close()} may come from any thread.
 */
public final class Hl7Feed implements AutoCloseable {

    private final String host;
    private final int port;
    private final Duration interval;
    private final int beds;
    private final Clock clock;
    private final HapiContext context;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("hl7-feed").daemon(true).factory());
    private final Random random = new Random(4);
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private Connection connection;
    private long step;

    public Hl7Feed(String host, int port, Duration interval, int beds, Clock clock) {
        this.host = host;
        this.port = port;
        this.interval = interval;
        this.beds = beds;
        this.clock = clock;
        this.context = new DefaultHapiContext(new CanonicalModelClassFactory("2.5.1"));
        context.setValidationContext(ValidationContextFactory.noValidation());
        context.getParserConfiguration().setIdGenerator(new InMemoryIDGenerator());
        context.setSocketFactory(new NoDelaySocketFactory());
    }

    /** A feed to a node on loopback: one message every 500 ms over four ICU beds. */
    public Hl7Feed(int port) {
        this("127.0.0.1", port, Duration.ofMillis(500), 4, Clock.systemUTC());
    }

    public void start() {
        scheduler.scheduleWithFixedDelay(this::tick, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    public long sent() {
        return sent.get();
    }

    /** Messages answered AA. */
    public long accepted() {
        return accepted.get();
    }

    public long failed() {
        return failed.get();
    }

    private void tick() {
        String text = next();
        try {
            if (connection == null || !connection.isOpen()) {
                connection = context.newClient(host, port, false);
                connection.getInitiator().setTimeout(10, TimeUnit.SECONDS);
            }
            Message ack = connection.getInitiator().sendAndReceive(context.getPipeParser().parse(text));
            sent.incrementAndGet();
            if ("AA".equals(new Terser(ack).get("/MSA-1"))) {
                accepted.incrementAndGet();
            }
        } catch (HL7Exception | LLPException | IOException e) {
            // The node is down or restarting: count it, drop the connection and try again next tick.
            failed.incrementAndGet();
            closeConnection();
        }
    }

    /** The next message of the cycle: per bed, admit, results, transfer between beds, discharge, charge. */
    private String next() {
        long n = step++;
        int bed = (int) (n / 6 % beds) + 1;
        long stay = n / (6L * beds);
        String patient = "SIM-" + bed + "-" + stay;
        String encounter = "ENC-" + bed + "-" + stay;
        String id = "FEED-" + clock.millis() + "-" + n;
        var now = clock.instant();
        return switch ((int) (n % 6)) {
            case 0 -> Hl7Messages.adt("A01", id, patient, encounter, "ICU^^" + bed, now);
            case 1, 2 -> Hl7Messages.oru(id, patient, random.nextInt(5) == 0, now);
            case 3 -> Hl7Messages.adt("A08", id, patient, encounter, "ICU^^" + bed, now);
            case 4 -> Hl7Messages.dft(id, patient, now);
            default -> Hl7Messages.adt("A03", id, patient, encounter, "ICU^^" + bed, now);
        };
    }

    @Override
    public void close() {
        scheduler.shutdown();
        try {
            scheduler.awaitTermination(15, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeConnection();
        try {
            context.close();
        } catch (IOException e) {
            // shutting down anyway
        }
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (IOException e) {
                // dropping it anyway
            }
            connection = null;
        }
    }
}
