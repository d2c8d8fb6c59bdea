package holdfast.edge.support;

import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** One MQTT device for tests: publishes raw bytes at QoS 1 and returns once the broker PUBACKed. */
public final class TestDevice implements AutoCloseable {

    private final MqttClient client;

    /** An anonymous device (an external broker, or an embedded one with anonymous access allowed). */
    public TestDevice(String url, String clientId) throws MqttException {
        this(url, clientId, null, null);
    }

    /** A device presenting {@code username} and an API token as its password. */
    public TestDevice(String url, String clientId, String username, String password) throws MqttException {
        client = new MqttClient(url, clientId, new MemoryPersistence());
        client.setTimeToWait(10_000);
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true);
        if (username != null) {
            o.setUserName(username);
            o.setPassword(password.toCharArray());
        }
        client.connect(o);
    }

    /**
     * A device provisioned as a site would: a device token bound to {@code deviceId}, issued by the node's
     * admin, presented with username = {@code deviceId} to the node's embedded broker on {@code port}.
     */
    public static TestDevice provisioned(TestNode node, int port, String deviceId) throws MqttException {
        String token = node.api().issueToken(TestNode.ADMIN_TOKEN, "device", deviceId);
        return new TestDevice("tcp://127.0.0.1:" + port, "dev-" + deviceId, deviceId, token);
    }

    public void publish(String topic, byte[] payload) throws MqttException {
        MqttMessage m = new MqttMessage(payload);
        m.setQos(1);
        client.publish(topic, m);
    }

    public static String observations(String deviceId) {
        return "holdfast/v1/devices/" + deviceId + "/observations";
    }

    public static String alarms(String deviceId) {
        return "holdfast/v1/devices/" + deviceId + "/alarms";
    }

    @Override
    public void close() throws MqttException {
        client.disconnect(1_000);
        client.close(true);
    }
}
