package holdfast.edge.api;

import io.helidon.http.Method;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import java.util.ArrayList;
import java.util.List;

/**
 * One feature's endpoints under its own path prefix (e.g. {@code /api/v1/alerts}), written relative to it and
 * registered on the routing with {@code routing.register(mount.prefix(), mount)}. It can say what it serves, so
 * the node knows its operations without reading its source. Immutable; thread-safe once built.
 */
public final class Mount implements HttpService {

    private final String prefix;
    private final List<Endpoint> endpoints;

    private Mount(String prefix, List<Endpoint> endpoints) {
        this.prefix = prefix;
        this.endpoints = List.copyOf(endpoints);
    }

    /** @param prefix a path starting with {@code /}, without a trailing one, e.g. {@code /api/v1/alerts} */
    public static Builder at(String prefix) {
        if (!prefix.startsWith("/") || prefix.length() < 2 || prefix.endsWith("/")) {
            throw new IllegalArgumentException("a prefix starts with / and does not end with one: " + prefix);
        }
        return new Builder(prefix);
    }

    public String prefix() {
        return prefix;
    }

    /** What this serves, as {@code METHOD /full/path} (path parameters as {@code {name}}), in declaration order. */
    public List<String> operations() {
        return endpoints.stream().map(e -> e.method().text() + " " + prefix + e.path()).toList();
    }

    @Override
    public void routing(HttpRules rules) {
        for (Endpoint endpoint : endpoints) {
            if (endpoint.path().isEmpty()) {
                // Under a prefix, Helidon gives "/" for the prefix itself and for it with trailing slashes alike;
                // only the prefix itself is ours, so the rest goes on to a 404 as it did before mounting.
                String whole = prefix;
                Handler handler = endpoint.handler();
                rules.route(endpoint.method(), "/", (req, res) -> {
                    if (whole.equals(req.path().absolute().path())) {
                        handler.handle(req, res);
                    } else {
                        res.next();
                    }
                });
            } else {
                rules.route(endpoint.method(), endpoint.path(), endpoint.handler());
            }
        }
    }

    private record Endpoint(Method method, String path, Handler handler) {
    }

    /** Declares a feature's endpoints; {@code ""} is the prefix itself, anything else starts with {@code /}. */
    public static final class Builder {

        private final String prefix;
        private final List<Endpoint> endpoints = new ArrayList<>();

        private Builder(String prefix) {
            this.prefix = prefix;
        }

        public Builder get(String path, Handler handler) {
            return add(Method.GET, path, handler);
        }

        public Builder post(String path, Handler handler) {
            return add(Method.POST, path, handler);
        }

        public Builder delete(String path, Handler handler) {
            return add(Method.DELETE, path, handler);
        }

        public Mount build() {
            return new Mount(prefix, endpoints);
        }

        private Builder add(Method method, String path, Handler handler) {
            if (!path.isEmpty() && (!path.startsWith("/") || path.endsWith("/"))) {
                throw new IllegalArgumentException("a path under " + prefix
                        + " is empty or starts with / and does not end with one: " + path);
            }
            endpoints.add(new Endpoint(method, path, handler));
            return this;
        }
    }
}
