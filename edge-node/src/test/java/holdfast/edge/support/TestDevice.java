package holdfast.edge.support;

import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** One MQTT device for tests: publishes raw bytes at QoS 1 and returns once the broker PUBACKed. */
public final class TestDevice implements AutoCloseable {

    private final MqttClient client;

    public TestDevice(String url, String clientId) throws MqttException {
        client = new MqttClient(url, clientId, new MemoryPersistence());
        client.setTimeToWait(10_000);
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true);
        client.connect(o);
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
