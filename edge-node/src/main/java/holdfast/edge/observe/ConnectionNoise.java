package holdfast.edge.observe;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * Connection-level noise on the HTTP listener: a client that goes away mid-request (a slow or abandoned
 * connection, a port scan) makes the web server log a warning with a stack trace, one per socket, and no token is
 * needed to cause it: 200 abandoned connections wrote some 2,900 lines. Filters on the root logger's appenders
 * count such events ({@code holdfast_http_connection_noise_total}) and drop them; the first one is logged once,
 * as one line without a stack trace. Everything else the web server logs passes untouched. A Logback turbo filter
 * cannot do this: the web server logs through the platform-logging bridge, whose events skip turbo filters.
 * Installed by the node at start and removed at close. Thread-safe.
 */
final class ConnectionNoise implements AutoCloseable {

    private static final String SERVER_LOGGERS = "io.helidon.webserver";
    private static final Set<String> NOISE = Set.of(
            "io.helidon.common.buffers.DataReader$InsufficientDataAvailableException",
            "java.net.SocketException", "java.net.SocketTimeoutException", "java.io.EOFException",
            "java.nio.channels.ClosedChannelException", "java.io.UncheckedIOException");
    private static final org.slf4j.Logger LOG = LoggerFactory.getLogger(ConnectionNoise.class);

    private final LongAdder count;
    private final AtomicBoolean told = new AtomicBoolean();
    private final List<Filter<ILoggingEvent>> filters = new ArrayList<>();

    private ConnectionNoise(LongAdder count) {
        this.count = count;
    }

    /** Installs the filters on the root logger's appenders, when Logback is the backend (it is in the node). */
    public static ConnectionNoise install(LongAdder count) {
        ConnectionNoise noise = new ConnectionNoise(count);
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (factory instanceof LoggerContext context) {
            Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
            boolean first = true;
            for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
                Appender<ILoggingEvent> appender = it.next();
                // The same event passes every appender: only the first one's filter counts it.
                Filter<ILoggingEvent> filter = noise.new Drop(first);
                filter.setContext(context);
                filter.start();
                appender.addFilter(filter);
                noise.filters.add(filter);
                first = false;
            }
        }
        return noise;
    }

    /** A client that went away: missing data at the end of a socket, a reset, a broken pipe, a closed channel. */
    static boolean isConnectionNoise(IThrowableProxy t) {
        for (IThrowableProxy c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            String message = c.getMessage();
            if (NOISE.contains(c.getClassName()) || (c.getClassName().equals("java.io.IOException") && message != null
                    && (message.contains("Broken pipe") || message.contains("Connection reset")))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        // Logback cannot remove one filter from an appender; a stopped one answers NEUTRAL to every event.
        filters.forEach(Filter::stop);
    }

    /** Drops connection noise from the web server's loggers; counts it when {@code counting}. */
    private final class Drop extends Filter<ILoggingEvent> {
        private final boolean counting;

        Drop(boolean counting) {
            this.counting = counting;
        }

        @Override
        public FilterReply decide(ILoggingEvent e) {
            if (!isStarted() || !e.getLoggerName().startsWith(SERVER_LOGGERS) || !e.getLevel().isGreaterOrEqual(Level.WARN)
                    || !isConnectionNoise(e.getThrowableProxy())) {
                return FilterReply.NEUTRAL;
            }
            if (counting) {
                count.increment();
                if (told.compareAndSet(false, true)) {
                    LOG.warn("event=http.connection_noise first={} note=\"a client closed a connection mid-request;"
                            + " further ones are only counted in holdfast_http_connection_noise_total\"",
                            root(e.getThrowableProxy()));
                }
            }
            return FilterReply.DENY;
        }

        private static String root(IThrowableProxy t) {
            IThrowableProxy r = t;
            while (r.getCause() != null && r.getCause() != r) {
                r = r.getCause();
            }
            String name = r.getClassName();
            return name.substring(name.lastIndexOf('.') + 1);
        }
    }
}
