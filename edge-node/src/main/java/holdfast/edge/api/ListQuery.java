package holdfast.edge.api;

import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.List;
import java.util.Optional;

/**
 * The {@code ?status=…&limit=…} of the list endpoints, checked the same way everywhere: a status outside the
 * endpoint's own set or a limit that is not a whole number answers {@code 400}; the limit is kept within 1..1000
 * (default: the endpoint's).
 */
public record ListQuery(String status, int limit) {

    /** Parses the query, or answers {@code 400} and returns empty. {@code statuses} lists the default first. */
    public static Optional<ListQuery> parse(ServerRequest req, ServerResponse res, Problems problems,
                                            List<String> statuses, int defaultLimit) {
        String status = req.query().first("status").orElse(statuses.getFirst());
        if (!statuses.contains(status)) {
            problems.badRequest(res, "status must be one of " + String.join(", ", statuses), null);
            return Optional.empty();
        }
        try {
            int limit = Math.clamp(Integer.parseInt(req.query().first("limit").orElse(String.valueOf(defaultLimit))), 1, 1000);
            return Optional.of(new ListQuery(status, limit));
        } catch (NumberFormatException e) {
            problems.badRequest(res, "limit must be a whole number", null);
            return Optional.empty();
        }
    }
}
