package holdfast.simulator.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged edge node run as a service manager runs it: one fixed command, one fixed environment (contract §1
 * variables), one data dir it never touches itself. {@link #start()} after {@link #kill9()} is the restart a
 * {@code Restart=always} unit would do. Output is appended to one log file. Not thread-safe: one owner.
 */
final class NodeProcess implements AutoCloseable {

    private final List<String> command;
    private final Map<String, String> env;
    private final Path log;
    private final int httpPort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;

    NodeProcess(List<String> command, Map<String, String> env, Path log, int httpPort) {
        this.command = List.copyOf(command);
        this.env = Map.copyOf(env);
        this.log = log;
        this.httpPort = httpPort;
    }

    /** Starts the process (the same command every time) without waiting for it. */
    void start() {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(env);
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the edge node: " + command, e);
        }
    }

    /**
     * Waits until {@code /observe/health} answers 200. A process that exits meanwhile is started again, as a
     * service manager would; counted in the answer. Throws when not healthy by the deadline.
     */
    int awaitHealthy(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        int extraStarts = 0;
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                extraStarts++;
                start();
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort
                        + "/observe/health")).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return extraStarts;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                process.waitFor(50, TimeUnit.MILLISECONDS); // bounded pause between probes; wakes at once on exit
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("the edge node was not healthy within " + timeout + "; its log ends:\n"
                + logTail(20));
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed. */
    void kill9() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | RuntimeException e) {
            return "(no log: " + e + ")";
        }
    }

    /** SIGTERM, then SIGKILL after 30 s. */
    @Override
    public void close() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                kill9();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
