package holdfast.edge.history;

import holdfast.edge.api.Mount;
import holdfast.edge.api.RouteKit;
import holdfast.edge.module.Module;
import holdfast.edge.module.Parts;
import holdfast.edge.threads.ThreadFailures;
import holdfast.shared.api.LaneStatus;
import io.helidon.config.Config;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;

/**
 * The lanes minute by minute for the last day ({@code dataDir/lane-history.txt}) and
 * {@code /api/v1/lanes/history}. Reads {@code lanes}; samples once started.
 */
public final class HistoryModule implements Module {

    private final Parts parts;
    private final LaneHistory history;
    private final LaneHistorySettings settings;
    private final Mount routes;

    private HistoryModule(Parts parts, LaneHistory history, LaneHistorySettings settings, Mount routes) {
        this.parts = parts;
        this.history = history;
        this.settings = settings;
        this.routes = routes;
    }

    /** @param lanes the lanes now, asked once a sample is due */
    public static HistoryModule build(Config config, Path dataDir, Clock clock, Supplier<List<LaneStatus>> lanes,
                                      ThreadFailures failures, RouteKit web) {
        LaneHistorySettings settings = LaneHistorySettings.from(config.get("lanes"));
        return Parts.build(parts -> {
            LaneHistory history = parts.push(new LaneHistory(dataDir.resolve("lane-history.txt"), clock, lanes,
                    settings.keep(), failures));
            LaneHistoryRoutes routes = new LaneHistoryRoutes(history, web.problems(), clock, settings);
            return new HistoryModule(parts, history, settings,
                    routes.mount(web.guard(), web.json()));
        });
    }

    @Override
    public void start() {
        history.start(settings.sampleEvery());
    }

    public Mount routes() {
        return routes;
    }

    @Override
    public void close() {
        parts.close();
    }
}
