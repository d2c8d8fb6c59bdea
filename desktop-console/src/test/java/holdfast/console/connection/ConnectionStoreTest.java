package holdfast.console.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectionStoreTest {

    @TempDir
    Path dir;

    @Test
    void connectionsAreRememberedInAFileOnlyTheUserCanRead() throws Exception {
        ConnectionStore store = new ConnectionStore(dir.resolve("sub").resolve("console.properties"));
        assertThat(store.load()).isEmpty();
        List<NodeConnection> nodes = List.of(new NodeConnection("ward 3", "http://127.0.0.1:8080", "hf_a"),
                new NodeConnection("ward 4", "http://10.0.0.4:8080", "hf_b"));
        store.save(nodes);
        assertThat(new ConnectionStore(dir.resolve("sub").resolve("console.properties")).load()).isEqualTo(nodes);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("sub/console.properties"))))
                .isEqualTo("rw-------");
        assertThat(nodes.get(0).toString()).doesNotContain("hf_a");
    }
}
