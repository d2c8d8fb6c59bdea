package holdfast.edge.canary;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * Publishes a canary reading at QoS 1 to the node's broker as a device client (username {@value CanaryMark#SENDER},
 * its device token as password), connecting when needed: a broker that was down is simply tried again next time.
 */
final class MqttCanarySender implements CanarySender {

    private final String url;
    private final String clientId;
    private final String token;
    private MqttClient client;

    MqttCanarySender(String url, String nodeId, String token) {
        this.url = url;
        this.clientId = nodeId + "-canary";
        this.token = token;
    }

    @Override
    public String path() {
        return "mqtt";
    }

    @Override
    public void send(String messageId, Instant at) throws IOException {
        try {
            if (client == null || !client.isConnected()) {
                close();
                client = new MqttClient(url, clientId, new MemoryPersistence());
                client.setTimeToWait(10_000);
                MqttConnectOptions options = new MqttConnectOptions();
                options.setCleanSession(true);
                options.setAutomaticReconnect(false);
                options.setConnectionTimeout(5);
                options.setUserName(CanaryMark.SENDER);
                options.setPassword(token.toCharArray());
                client.connect(options);
            }
            MqttMessage message = new MqttMessage(CanaryReading.json(messageId, at).getBytes(StandardCharsets.UTF_8));
            message.setQos(1);
            client.publish("holdfast/v1/devices/" + CanaryMark.SENDER + "/observations", message);
        } catch (MqttException e) {
            close();
            throw new IOException("MQTT " + e.getReasonCode() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (client == null) {
            return;
        }
        try {
            if (client.isConnected()) {
                client.disconnect(1000);
            }
            client.close(true);
        } catch (MqttException e) {
            // Closing a client the broker already dropped: nothing is left to release.
        }
        client = null;
    }
}
