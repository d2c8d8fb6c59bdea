package holdfast.edge.ingest.mqtt;

import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttException;

/** Brings a Paho client back to "disconnected", whatever state a failed connect left it in. */
public final class PahoReset {

    private PahoReset() {
    }

    /**
     * Disconnects a connected client; resets one that is not. A CONNECT that never got its CONNACK (a broker
     * restarting under it) leaves Paho "connecting" for good: every later attempt fails with "Connect already in
     * progress" unless the client is forcibly disconnected.
     *
     * @return null, or the failure of the last resort (for the caller to log at debug level)
     */
    public static MqttException disconnectQuietly(MqttAsyncClient client) {
        try {
            if (client.isConnected()) {
                client.disconnect(0).waitForCompletion(2_000);
            } else {
                client.disconnectForcibly(0, 1_000, false);
            }
            return null;
        } catch (MqttException e) {
            try {
                client.disconnectForcibly(0, 1_000);
                return null;
            } catch (MqttException lastResort) {
                return lastResort;
            }
        }
    }

    /** As above, for the MQTT 5 client the node subscribes with. */
    public static org.eclipse.paho.mqttv5.common.MqttException disconnectQuietly(
            org.eclipse.paho.mqttv5.client.MqttAsyncClient client) {
        try {
            if (client.isConnected()) {
                client.disconnect(0).waitForCompletion(2_000);
            } else {
                client.disconnectForcibly(0, 1_000, false);
            }
            return null;
        } catch (org.eclipse.paho.mqttv5.common.MqttException e) {
            try {
                client.disconnectForcibly(0, 1_000, true);
                return null;
            } catch (org.eclipse.paho.mqttv5.common.MqttException lastResort) {
                return lastResort;
            }
        }
    }
}
