package holdfast.simulator.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads figures the node keeps of itself from its {@code /observe/metrics} (Prometheus text), so that a bench can
 * print them beside its own: each series by its full name with labels, e.g.
 * {@code holdfast_ingest_accepted_total{lane="standard"}}. A series the node does not expose reads -1.
 */
final class NodeMetricsScrape {

    private NodeMetricsScrape() {
    }

    /**
     * Scrapes the node a few dozen times, unreported. The first scrapes of a run had the JIT compile the code
     * behind them (this client, the node's exposition of every series) while the phase after them ran: 1-3 s of
     * compiling in a 10 s ingest phase on 2 cores.
     */
    static void warmUp(int httpPort) throws Exception {
        for (int i = 0; i < 30; i++) {
            laneCommits(httpPort);
        }
    }

    static double[] values(int httpPort, String... series) throws Exception {
        String text;
        try (HttpClient client = HttpClient.newHttpClient()) {
            text = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/observe/metrics"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
        }
        double[] out = new double[series.length];
        for (int i = 0; i < series.length; i++) {
            Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series[i]) + " ([0-9.Ee+-]+)$").matcher(text);
            out[i] = m.find() ? Double.parseDouble(m.group(1)) : -1;
        }
        return out;
    }

    /**
     * The standard lane's group commits since {@code before} (from {@link #laneCommits}): how many, events per
     * commit, and the mean time of one (writing the batch and its {@code msync}), as a line to print.
     */
    static String laneCommitsLine(int httpPort, double[] before) throws Exception {
        double[] after = laneCommits(httpPort);
        double commits = after[0] - before[0];
        double events = after[2] - before[2];
        return "    the node's standard lane meanwhile: " + (commits <= 0 ? "no commit" : String.format(
                "%,.0f commits, %.1f events per commit, mean commit %.0f us", commits, events / commits,
                (after[1] - before[1]) / commits * 1e6));
    }

    /** The standard lane's commit count, commit seconds and events journaled, for {@link #laneCommitsLine}. */
    static double[] laneCommits(int httpPort) throws Exception {
        return values(httpPort, "holdfast_journal_fsync_seconds_count{lane=\"standard\"}",
                "holdfast_journal_fsync_seconds_sum{lane=\"standard\"}",
                "holdfast_ingest_accepted_total{lane=\"standard\"}");
    }
}
