package holdfast.edge.threads;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens when a thread the node owns meets an exception at its top: one structured log line and one more
 * in the thread's count ({@code holdfast_thread_failures_total{thread=...}} once the composition root exposes it).
 * The owner decides whether the thread goes on (a loop backs off and goes round again, a periodic task runs at
 * its next tick) or ends; an exception nobody caught reaches the same policy as the thread's uncaught-exception
 * handler. The line names the exception's class, where it was thrown and its root cause's class, never its
 * message: messages quote input (an HL7 segment, a payload value), and no patient data goes to the log.
 * Thread-safe. One per node, so two nodes in one JVM keep their own counts.
 */
public final class ThreadFailures {

    private static final Logger LOG = LoggerFactory.getLogger(ThreadFailures.class);

    private final Function<String, LongAdder> register;
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    /** {@code register} makes the counter of one thread name, e.g. a metric; called once a name. */
    public ThreadFailures(Function<String, LongAdder> register) {
        this.register = register;
    }

    /** Counted but exposed nowhere: for a feature run on its own, as in tests. */
    public static ThreadFailures unexposed() {
        return new ThreadFailures(thread -> new LongAdder());
    }

    /** A platform daemon thread called {@code thread} whose uncaught exceptions come here. */
    public Thread.Builder.OfPlatform platform(String thread) {
        return Thread.ofPlatform().name(thread).daemon(true).uncaughtExceptionHandler(handler(thread));
    }

    /** A virtual thread called {@code thread} whose uncaught exceptions come here. */
    public Thread.Builder.OfVirtual virtual(String thread) {
        return Thread.ofVirtual().name(thread).uncaughtExceptionHandler(handler(thread));
    }

    /** Platform daemon threads called {@code thread}, e.g. for a scheduled executor. */
    public ThreadFactory factory(String thread) {
        return platform(thread).factory();
    }

    /**
     * {@code task} for a scheduled executor, reporting a failure here instead of handing it to a future nobody
     * reads; a periodic task so guarded keeps its schedule, where an escaped exception would cancel it silently.
     */
    public Runnable guarded(String thread, Runnable task) {
        counter(thread);
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                failed(thread, e);
            }
        };
    }

    /** Reports {@code e}, caught at the top of {@code thread}: logged and counted. */
    public void failed(String thread, Throwable e) {
        failed(thread, null, e);
    }

    /**
     * As above, with what the thread was doing as {@code key=value} pairs for the same line (e.g.
     * {@code rule=spo2-low}); the caller keeps patient data out of them.
     */
    public void failed(String thread, String context, Throwable e) {
        LongAdder count = counter(thread);
        count.increment();
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        StackTraceElement[] trace = e.getStackTrace();
        LOG.error("event=thread.failed thread={}{} error={} at={} rootCause={} failures={}", thread,
                context == null ? "" : " " + context, e.getClass().getName(),
                trace.length == 0 ? "unknown" : trace[0].toString(), root.getClass().getName(), count.sum());
    }

    /** How many failures {@code thread} has reported. */
    public long count(String thread) {
        LongAdder count = counts.get(thread);
        return count == null ? 0 : count.sum();
    }

    private Thread.UncaughtExceptionHandler handler(String thread) {
        counter(thread); // exposed at zero from the start, so a rule sees the series before the first failure
        return (t, e) -> failed(thread, e);
    }

    private LongAdder counter(String thread) {
        return counts.computeIfAbsent(thread, register);
    }
}
