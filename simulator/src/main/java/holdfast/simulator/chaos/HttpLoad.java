package holdfast.simulator.chaos;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Random;
import java.util.function.BooleanSupplier;

/**
 * Devices posting readings over HTTP ({@code POST /api/v1/observations}): mostly normal ones, now and then one
 * whose heart rate raises an alert (a new bed each time, so each is a new alert), now and then one for the bed the
 * cloud's census disputes, now and then one that is not valid (a dead letter for the operator). A post without an
 * answer is sent again with the same message id, as a device retries, up to three times. Runs until told to stop.
 */
final class HttpLoad implements Runnable {

    static final String DISPUTED_BED = "DSP-1";

    private final String baseUrl;
    private final String token;
    private final Inputs inputs;
    private final Random random;
    private final Duration pause;
    private final BooleanSupplier running;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String run = Long.toString(System.currentTimeMillis(), 36);
    private long alertBeds;

    HttpLoad(String baseUrl, String token, Inputs inputs, long seed, Duration pause, BooleanSupplier running) {
        this.baseUrl = baseUrl;
        this.token = token;
        this.inputs = inputs;
        this.random = new Random(seed);
        this.pause = pause;
        this.running = running;
    }

    @Override
    public void run() {
        long seq = 0;
        while (running.getAsBoolean()) {
            seq++;
            double dice = random.nextDouble();
            if (dice < 0.04) {
                send("{\"messageId\":\"bad-" + run + "-" + seq + "\",\"deviceId\":\"http-mon-1\",\"observations\":[]}");
            } else {
                String device = "http-mon-" + (1 + seq % 4);
                String bed = "ICU-" + (1 + seq % 4);
                double heartRate = 60 + random.nextInt(30);
                Inputs.Expect expect = Inputs.Expect.ACCEPTED;
                if (dice < 0.10) {
                    bed = "ALR-" + run + "-" + (++alertBeds);
                    heartRate = 150 + random.nextInt(20);
                } else if (dice < 0.16) {
                    bed = DISPUTED_BED;
                    expect = Inputs.Expect.DISPUTED;
                }
                String messageId = run + "-" + seq;
                String key = "http:" + device + ":" + messageId;
                String body = String.format(Locale.ROOT, "{\"messageId\":\"%s\",\"deviceId\":\"%s\",\"bed\":\"%s\","
                        + "\"observedAt\":\"%s\",\"observations\":[{\"code\":\"8867-4\","
                        + "\"system\":\"http://loinc.org\","
                        + "\"value\":%.0f,\"unit\":\"/min\"}]}", messageId, device, bed, Instant.now(), heartRate);
                inputs.sent(key, "http", expect);
                for (int attempt = 0; attempt < 3 && running.getAsBoolean(); attempt++) {
                    int status = send(body);
                    if (status == 202 || status == 200) {
                        inputs.acked(key, "http", expect);
                        break;
                    }
                    Pace.pause(pause.multipliedBy(4)); // the node is away or busy: a device waits before it retries
                }
            }
            Pace.pause(pause);
        }
    }

    private int send(String body) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/observations"))
                    .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
