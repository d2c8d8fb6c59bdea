package holdfast.edge.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import holdfast.edge.NodeSettings;
import holdfast.shared.envelope.EnvelopeCodec;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * {@code holdfast backup [--url URL] [--token T] [--label L] [--reason R] [--config FILE]}: asks the running node
 * for an online backup ({@code POST /api/v1/backup}) and prints where it went. Defaults: the node's own HTTP
 * address from its configuration, the token from {@code --token}, {@code HOLDFAST_ADMIN_TOKEN} or the data
 * dir's {@code admin-token} file. Exit codes: 0 done, 1 the node refused or failed, 2 usage.
 */
public final class BackupMain {

    private BackupMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine cli;
        String url;
        String token;
        try {
            cli = CommandLine.parse(args, Set.of("--url", "--token", "--label", "--reason", "--config"), Set.of());
            NodeSettings node = cli.node();
            String host = "0.0.0.0".equals(node.httpHost()) ? "127.0.0.1" : node.httpHost();
            url = cli.option("--url") != null ? cli.option("--url") : "http://" + host + ":" + node.httpPort();
            token = token(cli, node);
        } catch (IllegalArgumentException | IOException e) {
            err.println("holdfast backup: " + e.getMessage());
            err.println("usage: holdfast backup [--url URL] [--token T] [--label L] [--reason R] [--config FILE]");
            return 2;
        }
        ObjectMapper mapper = EnvelopeCodec.newMapper();
        ObjectNode body = mapper.createObjectNode();
        if (cli.option("--label") != null) {
            body.put("label", cli.option("--label"));
        }
        if (cli.option("--reason") != null) {
            body.put("reason", cli.option("--reason"));
        }
        try {
            HttpResponse<String> r = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build().send(
                    HttpRequest.newBuilder(URI.create(url.replaceAll("/+$", "") + "/api/v1/backup"))
                            .timeout(Duration.ofMinutes(30))
                            .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 201) {
                err.println("holdfast backup: the node answered " + r.statusCode() + ": " + r.body());
                return 1;
            }
            JsonNode answer = mapper.readTree(r.body());
            JsonNode manifest = answer.get("manifest");
            out.println("Backup written to " + answer.get("path").asText());
            out.println("  " + manifest.get("files").size() + " files, " + sum(manifest) + " bytes, in "
                    + manifest.get("durationMs").asLong() + " ms; database schema version "
                    + manifest.get("schemaVersion").asText());
            manifest.get("lanes").properties().forEach(lane -> out.println("  lane " + lane.getKey()
                    + ": up to laneSeq " + lane.getValue().get("lastSeq").asLong()));
            return 0;
        } catch (IOException e) {
            err.println("holdfast backup: cannot reach the node at " + url + ": " + (e.getMessage() != null ? e.getMessage() : e.toString()));
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    private static long sum(JsonNode manifest) {
        long total = 0;
        for (JsonNode f : manifest.get("files")) {
            total += f.get("size").asLong();
        }
        return total;
    }

    private static String token(CommandLine cli, NodeSettings node) throws IOException {
        if (cli.option("--token") != null) {
            return cli.option("--token");
        }
        String env = System.getenv("HOLDFAST_ADMIN_TOKEN");
        if (env != null && !env.isBlank()) {
            return env.trim();
        }
        Path file = node.dataDir().resolve("admin-token");
        if (!Files.isReadable(file)) {
            throw new IOException("no token: give --token, set HOLDFAST_ADMIN_TOKEN, or run as a user who can read "
                    + file);
        }
        return Files.readString(file).trim();
    }
}
