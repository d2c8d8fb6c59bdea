package holdfast.console.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectionsViewModelTest {

    private final Executor sameThread = Runnable::run;

    @TempDir
    Path dir;

    @Test
    void addedNodeIsShownAndRememberedFirstForTheNextStart() throws Exception {
        ConnectionStore store = new ConnectionStore(dir.resolve("console.properties"));
        NodeConnection ward3 = new NodeConnection("ward 3", "http://127.0.0.1:8080", "hf_a");
        ConnectionsViewModel model = new ConnectionsViewModel(List.of(ward3), store::save, sameThread, sameThread);
        assertThat(model.selectedProperty().get()).isEqualTo(ward3);

        assertThat(model.add("", "http://10.0.0.4:8080", "hf_b")).isEmpty();
        assertThat(model.selectedProperty().get().name()).as("named after host and port").isEqualTo("10.0.0.4:8080");
        assertThat(store.load()).extracting(NodeConnection::url)
                .containsExactly("http://10.0.0.4:8080", "http://127.0.0.1:8080");

        model.selectedProperty().set(ward3);
        assertThat(store.load().get(0)).isEqualTo(ward3);
        assertThat(model.connections()).extracting(NodeConnection::name).as("the list keeps its order")
                .containsExactly("ward 3", "10.0.0.4:8080");
    }

    @Test
    void badValuesAreRefusedInPlainWords() {
        ConnectionsViewModel model = new ConnectionsViewModel(List.of(), list -> { }, sameThread, sameThread);
        assertThat(model.add("x", "127.0.0.1:8080", "hf_a")).get().asString().contains("http://");
        assertThat(model.add("x", "http://127.0.0.1:8080", " ")).get().asString().contains("token");
        assertThat(model.connections()).isEmpty();
        assertThat(model.messageProperty().get()).contains("token");
    }

    @Test
    void removingTheShownNodeShowsTheNextOneAndForgetsItsToken() throws Exception {
        ConnectionStore store = new ConnectionStore(dir.resolve("console.properties"));
        NodeConnection a = new NodeConnection("a", "http://127.0.0.1:1", "hf_a");
        NodeConnection b = new NodeConnection("b", "http://127.0.0.1:2", "hf_b");
        ConnectionsViewModel model = new ConnectionsViewModel(List.of(a, b), store::save, sameThread, sameThread);
        model.remove(a);
        assertThat(model.selectedProperty().get()).isEqualTo(b);
        assertThat(store.load()).containsExactly(b);
        model.remove(b);
        assertThat(model.selectedProperty().get()).isNull();
        assertThat(store.load()).isEmpty();
    }
}
