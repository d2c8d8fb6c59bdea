package holdfast.console.connection;

import java.util.Objects;

/** One edge node the console watches: a display name, its base URL and the token to use. */
public record NodeConnection(String name, String url, String token) {
    public NodeConnection {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(token, "token");
    }

    @Override
    public String toString() {
        return "NodeConnection[name=" + name + ", url=" + url + ", token=<hidden>]";
    }
}
