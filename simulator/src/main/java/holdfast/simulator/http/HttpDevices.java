package holdfast.simulator.http;

import holdfast.simulator.devices.DeviceTokens;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Bedside devices that post readings over HTTP ({@code POST /api/v1/observations}): heart rate and SpO2 on a
 * seeded random walk, now and then out of range (so the critical lane sees traffic), and now and then the
 * same message twice (to exercise idempotency). Each device posts with a device token of its own, bound to it
 * and issued with the admin token at {@link #start()} ({@link DeviceTokens}), revoked at {@link #close()}. Runs
 * on one virtual thread until {@link #close()}.
 */
public final class HttpDevices implements AutoCloseable {

    private final String baseUrl;
    private final String adminToken;
    private DeviceTokens tokens;
    private final int devices;
    private final double perDevicePerSecond;
    private final Random random;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final LongAdder sent = new LongAdder();
    private final LongAdder accepted = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private Thread thread;

    public HttpDevices(String baseUrl, String adminToken, int devices, double perDevicePerSecond, long seed) {
        this.baseUrl = baseUrl;
        this.adminToken = adminToken;
        this.devices = devices;
        this.perDevicePerSecond = perDevicePerSecond;
        this.random = new Random(seed);
    }

    public HttpDevices start() {
        List<String> ids = new ArrayList<>();
        for (int d = 0; d < devices; d++) {
            ids.add(deviceId(d));
        }
        tokens = DeviceTokens.issue(baseUrl, adminToken, ids);
        thread = Thread.ofVirtual().name("http-devices").start(this::run);
        return this;
    }

    public long sent() {
        return sent.sum();
    }

    public long accepted() {
        return accepted.sum();
    }

    public long failed() {
        return failed.sum();
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        if (thread != null) {
            thread.interrupt();
            thread.join();
        }
        if (tokens != null) {
            tokens.close();
        }
    }

    private static String deviceId(int d) {
        return "http-mon-" + (d + 1);
    }

    private void run() {
        double[] heartRate = new double[devices];
        double[] spo2 = new double[devices];
        for (int d = 0; d < devices; d++) {
            heartRate[d] = 70 + random.nextInt(20);
            spo2[d] = 96 + random.nextInt(3);
        }
        long pauseNanos = (long) (1_000_000_000L / Math.max(0.01, perDevicePerSecond * devices));
        long seq = 0;
        // A new run must not reuse the message ids of the last one (they would be answered as duplicates).
        String run = Long.toString(System.currentTimeMillis() / 1000, 36);
        while (running.get()) {
            int d = (int) (seq % devices);
            heartRate[d] = walk(heartRate[d], 2, 45, 135);
            spo2[d] = walk(spo2[d], 0.6, 90, 100);
            double hr = random.nextDouble() < 0.03 ? 150 + random.nextInt(30) : heartRate[d];
            double sat = random.nextDouble() < 0.02 ? 82 + random.nextInt(5) : spo2[d];
            String body = reading(deviceId(d), deviceId(d) + "-" + run + "-" + seq, hr, sat);
            String token = tokens.of(deviceId(d));
            post(body, token);
            if (random.nextDouble() < 0.02) {
                post(body, token); // a device that retries after a lost answer: the node must journal it once
            }
            seq++;
            try {
                Thread.sleep(Duration.ofNanos(pauseNanos));
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private double walk(double value, double step, double min, double max) {
        return Math.max(min, Math.min(max, value + (random.nextDouble() * 2 - 1) * step));
    }

    private static String reading(String device, String messageId, double hr, double spo2) {
        return String.format(Locale.ROOT, "{\"messageId\":\"%s\",\"deviceId\":\"%s\",\"observedAt\":\"%s\","
                + "\"observations\":[{\"code\":\"8867-4\",\"system\":\"http://loinc.org\",\"value\":%.0f,\"unit\":\"/min\"},"
                + "{\"code\":\"59408-5\",\"system\":\"http://loinc.org\",\"value\":%.1f,\"unit\":\"%%\"}]}",
                messageId, device, Instant.now(), hr, spo2);
    }

    private void post(String body, String token) {
        sent.increment();
        try {
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/observations"))
                    .timeout(Duration.ofSeconds(5))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
            (r.statusCode() == 202 || r.statusCode() == 200 ? accepted : failed).increment();
        } catch (IOException e) {
            failed.increment();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.set(false);
        }
    }
}
