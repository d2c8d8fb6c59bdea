package holdfast.edge.deadletter;

import holdfast.edge.api.Mount;
import holdfast.edge.api.RouteKit;
import holdfast.edge.module.Module;
import java.util.Map;

/**
 * Dead letters for the operator: listed, discarded, and reprocessed through the channel each came from. The
 * channels are handed in, since the dead letters know none of them.
 */
public final class DeadLetterModule implements Module {

    private final Mount routes;

    private DeadLetterModule(Mount routes) {
        this.routes = routes;
    }

    /** @param channels each channel's reprocessing, by the channel name a dead letter records */
    public static DeadLetterModule build(DeadLetters deadLetters, Map<String, ReprocessChannel> channels, RouteKit web) {
        DeadLetterRoutes routes = new DeadLetterRoutes(deadLetters, web.problems(),
                new DeadLetterReprocessor(deadLetters, channels));
        return new DeadLetterModule(routes.mount(web.guard(), web.json()));
    }

    public Mount routes() {
        return routes;
    }

    @Override
    public void close() {
    }
}
