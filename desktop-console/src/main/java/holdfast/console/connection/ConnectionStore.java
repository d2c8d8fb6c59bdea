package holdfast.console.connection;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Remembers the nodes between runs in a properties file readable by the user only (mode 600), since it
 * holds tokens. Not thread-safe: used from the composition root and the UI thread.
 */
public final class ConnectionStore {

    private final Path file;

    public ConnectionStore(Path file) {
        this.file = file;
    }

    /** The default place: {@code ~/.holdfast/console.properties}. */
    public static ConnectionStore inUserHome() {
        return new ConnectionStore(Path.of(System.getProperty("user.home"), ".holdfast", "console.properties"));
    }

    public List<NodeConnection> load() throws IOException {
        List<NodeConnection> connections = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            return connections;
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            p.load(in);
        }
        for (int i = 0; p.containsKey("node." + i + ".url"); i++) {
            connections.add(new NodeConnection(p.getProperty("node." + i + ".name", "node " + (i + 1)),
                    p.getProperty("node." + i + ".url"), p.getProperty("node." + i + ".token", "")));
        }
        return connections;
    }

    public void save(List<NodeConnection> connections) throws IOException {
        Properties p = new Properties();
        for (int i = 0; i < connections.size(); i++) {
            p.setProperty("node." + i + ".name", connections.get(i).name());
            p.setProperty("node." + i + ".url", connections.get(i).url());
            p.setProperty("node." + i + ".token", connections.get(i).token());
        }
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (Writer out = Files.newBufferedWriter(tmp)) {
            p.store(out, "Holdfast console: edge nodes (tokens inside: keep this file private)");
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
