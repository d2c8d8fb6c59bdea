package holdfast.edge.threads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class ThreadFailuresTest {

    private static final String PATIENT = "PID|1||MRN-4711^^^HOSP||DOE^JANE";

    private final Map<String, LongAdder> exposed = new ConcurrentHashMap<>();
    private final ThreadFailures failures = new ThreadFailures(t -> exposed.computeIfAbsent(t, k -> new LongAdder()));
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(ThreadFailures.class);

    @BeforeEach
    void captureLogs() {
        logs.start();
        logger.addAppender(logs);
    }

    @AfterEach
    void releaseLogs() {
        logger.detachAppender(logs);
    }

    @Test
    void aFailingPeriodicTaskIsCountedAndKeepsItsSchedule() {
        ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(failures.factory("sampler"));
        AtomicInteger runs = new AtomicInteger();
        try {
            worker.scheduleWithFixedDelay(failures.guarded("sampler", () -> {
                if (runs.incrementAndGet() <= 2) {
                    throw new IllegalStateException("cannot read " + PATIENT);
                }
            }), 0, 5, TimeUnit.MILLISECONDS);
            // Unguarded, the first exception would cancel the schedule and nobody would hear of it.
            await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() >= 4);
        } finally {
            worker.shutdownNow();
        }
        assertThat(failures.count("sampler")).isEqualTo(2);
        assertThat(exposed.get("sampler").sum()).isEqualTo(2);
    }

    @Test
    void anExceptionNobodyCaughtIsCountedForItsThread() throws Exception {
        Thread t = failures.platform("indexer").start(() -> {
            throw new IllegalArgumentException(PATIENT);
        });
        t.join(10_000);
        assertThat(t.isAlive()).isFalse();
        assertThat(failures.count("indexer")).isEqualTo(1);
        assertThat(t.isDaemon()).as("a node thread never keeps the JVM up").isTrue();
    }

    @Test
    void aThreadsSeriesExistsAtZeroBeforeItsFirstFailure() {
        failures.factory("watch");
        failures.virtual("webhook");
        assertThat(exposed).containsOnlyKeys("watch", "webhook");
        assertThat(exposed.get("watch").sum()).isZero();
    }

    @Test
    void theLogLineNamesThreadClassAndPlaceButNeverTheMessage() {
        failures.failed("alerts", "rule=spo2-low", new IllegalStateException("value for " + PATIENT,
                new java.sql.SQLException(PATIENT)));
        assertThat(logs.list).hasSize(1);
        ILoggingEvent line = logs.list.get(0);
        assertThat(line.getFormattedMessage())
                .startsWith("event=thread.failed thread=alerts rule=spo2-low error=java.lang.IllegalStateException at=")
                .contains("rootCause=java.sql.SQLException", "failures=1")
                .doesNotContain("MRN-4711", "DOE");
        assertThat(line.getThrowableProxy()).as("a stack trace would print the message").isNull();
    }
}
