package holdfast.edge.activity;

import holdfast.edge.api.Mount;
import holdfast.edge.api.RouteKit;
import holdfast.edge.devices.DeviceRegistry;
import holdfast.edge.devices.DeviceRegistrySettings;
import holdfast.edge.devices.FileDeviceRegistry;
import holdfast.edge.module.Gauges;
import holdfast.edge.ingest.IngestHook;
import holdfast.edge.module.Module;
import holdfast.edge.projection.Projection;
import io.helidon.config.Config;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Bedside devices: the registry (ward and bed of each), what each device was last heard saying and whether it
 * has gone late or silent, their gauges and {@code /api/v1/devices}. Reads {@code devices} and {@code activity}.
 */
public final class ActivityModule implements Module {

    private final FileDeviceRegistry registry;
    private final DeviceActivity activity;
    private final Mount routes;

    private ActivityModule(FileDeviceRegistry registry, DeviceActivity activity, Mount routes) {
        this.registry = registry;
        this.activity = activity;
        this.routes = routes;
    }

    public static ActivityModule build(Config config, Clock clock, Gauges gauges, RouteKit web) {
        FileDeviceRegistry registry = new FileDeviceRegistry(DeviceRegistrySettings.from(config.get("devices")), clock);
        DeviceActivity activity = new DeviceActivity(ActivitySettings.from(config.get("activity")), registry, clock);
        for (DeviceState state : DeviceState.values()) {
            gauges.gauge("holdfast_devices", "Devices registered or seen, by state", "state=\"" + state.wireName()
                    + "\"", () -> activity.counts().get(state));
        }
        DeviceRoutes routes = new DeviceRoutes(activity, web.problems(), clock);
        return new ActivityModule(registry, activity, routes.mount(web.guard(), web.json()));
    }

    /** Where device channels look up a device's bed. */
    public DeviceRegistry registry() {
        return registry;
    }

    /** Notes each reading's device as heard from. */
    public IngestHook hook() {
        return activity;
    }

    /** Start-up's pass over the lanes: when each device was last heard. */
    public Projection replay() {
        return activity.replay();
    }

    /** Devices gone silent and devices running late, for the status. */
    public Quiet quiet() {
        Map<DeviceState, Integer> counts = activity.counts();
        return new Quiet(counts.get(DeviceState.SILENT), counts.get(DeviceState.LATE));
    }

    /** How many devices are silent and how many late, now. */
    public record Quiet(int silent, int late) {
    }

    /** The devices gone silent, for the operator alert checks. */
    public List<String> silentDevices() {
        return activity.summaries().stream().filter(d -> DeviceState.SILENT.wireName().equals(d.state()))
                .map(DeviceSummary::deviceId).toList();
    }

    public Mount routes() {
        return routes;
    }

    @Override
    public void close() {
    }
}
