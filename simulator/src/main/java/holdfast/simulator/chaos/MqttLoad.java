package holdfast.simulator.chaos;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Random;
import java.util.function.BooleanSupplier;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * One bedside monitor publishing readings at QoS 1 to the node's embedded broker with its device token. A
 * publish whose PUBACK arrived is acknowledged; one that failed (the node died) is not, and the next reading has
 * a new message id. Reconnects by itself while the node is away. Runs until told to stop.
 */
final class MqttLoad implements Runnable {

    private final String url;
    private final String deviceId;
    private final String token;
    private final Inputs inputs;
    private final Random random;
    private final Duration pause;
    private final BooleanSupplier running;
    private final String run = Long.toString(System.currentTimeMillis(), 36);

    MqttLoad(String url, String deviceId, String token, Inputs inputs, long seed, Duration pause,
             BooleanSupplier running) {
        this.url = url;
        this.deviceId = deviceId;
        this.token = token;
        this.inputs = inputs;
        this.random = new Random(seed);
        this.pause = pause;
        this.running = running;
    }

    @Override
    public void run() {
        MqttClient client;
        try {
            client = new MqttClient(url, "chaos-" + deviceId, new MemoryPersistence());
        } catch (MqttException e) {
            throw new IllegalStateException("cannot make an MQTT client for " + url, e);
        }
        client.setTimeToWait(10_000);
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setAutomaticReconnect(false);
        options.setConnectionTimeout(3);
        options.setKeepAliveInterval(10);
        options.setUserName(deviceId);
        options.setPassword(token.toCharArray());
        long seq = 0;
        try {
            while (running.getAsBoolean()) {
                if (!client.isConnected()) {
                    try {
                        client.connect(options);
                    } catch (MqttException away) {
                        Pace.pause(pause.multipliedBy(4));
                        continue;
                    }
                }
                seq++;
                String messageId = run + "-" + seq;
                String key = "mqtt:" + deviceId + ":" + messageId;
                String body = String.format(Locale.ROOT, "{\"messageId\":\"%s\",\"deviceId\":\"%s\",\"bed\":\"CCU-1\","
                        + "\"observedAt\":\"%s\",\"observations\":[{\"code\":\"59408-5\","
                        + "\"system\":\"http://loinc.org\",\"value\":%d,\"unit\":\"%%\"}]}",
                        messageId, deviceId, Instant.now(), 94 + random.nextInt(5));
                MqttMessage m = new MqttMessage(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                m.setQos(1);
                inputs.sent(key, "mqtt", Inputs.Expect.ACCEPTED);
                try {
                    client.publish("holdfast/v1/devices/" + deviceId + "/observations", m);
                    inputs.acked(key, "mqtt", Inputs.Expect.ACCEPTED);
                } catch (MqttException lost) {
                    disconnect(client);
                }
                Pace.pause(pause);
            }
        } finally {
            disconnect(client);
            try {
                client.close(true);
            } catch (MqttException e) {
                // closing a client of a dead broker: nothing to keep
            }
        }
    }

    private static void disconnect(MqttClient client) {
        try {
            if (client.isConnected()) {
                client.disconnectForcibly(0, 1_000);
            }
        } catch (MqttException e) {
            // already gone
        }
    }
}
