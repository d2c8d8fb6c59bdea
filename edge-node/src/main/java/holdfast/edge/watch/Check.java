package holdfast.edge.watch;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One condition the node watches for: what it is called, which runbook helps, how long it must hold before it is
 * raised, and whether it holds now (its cause in plain words) or not (empty). Called on the watch thread only.
 */
interface Check {

    String condition();

    String runbook();

    /** How long the condition must hold before it is raised. */
    Duration holdFor();

    Optional<String> cause(NodeSample sample, Instant now);
}
