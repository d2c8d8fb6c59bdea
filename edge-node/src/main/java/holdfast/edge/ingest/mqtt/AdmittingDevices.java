package holdfast.edge.ingest.mqtt;

import holdfast.edge.broker.BrokerAccess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The subscriber's listener on the embedded broker: passes every hook on to the metrics and, once the node's
 * subscriber has resumed its session there, lets devices in (see {@link BrokerAccess}). Thread-safe.
 */
final class AdmittingDevices implements MqttListener {

    private static final Logger LOG = LoggerFactory.getLogger(AdmittingDevices.class);

    private final MqttListener metrics;
    private final BrokerAccess access;

    AdmittingDevices(MqttListener metrics, BrokerAccess access) {
        this.metrics = metrics;
        this.access = access;
    }

    @Override
    public void subscribed() {
        if (!access.devicesAdmitted()) {
            access.admitDevices();
            LOG.info("event=broker.devices_admitted cause=\"the node's subscriber resumed its session\"");
        }
        metrics.subscribed();
    }

    @Override
    public void acknowledged(String outcome) {
        metrics.acknowledged(outcome);
    }

    @Override
    public void held() {
        metrics.held();
    }

    @Override
    public void reconnectScheduled() {
        metrics.reconnectScheduled();
    }

    @Override
    public void pausedForBackpressure() {
        metrics.pausedForBackpressure();
    }

    @Override
    public void sessionLost() {
        metrics.sessionLost();
    }
}
