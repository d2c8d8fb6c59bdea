package holdfast.console.connection;

import static org.assertj.core.api.Assertions.assertThat;

import holdfast.console.FakeEdgeNodeClient;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

class CallerRoleTest {

    private final Executor sameThread = Runnable::run;
    private final FakeEdgeNodeClient node = new FakeEdgeNodeClient();

    @Test
    void roleIsAskedOncePerConnection() {
        CallerRole role = new CallerRole(node, sameThread, sameThread);
        role.load();
        role.load();
        assertThat(role.roleProperty().get()).isEqualTo("operator");
        assertThat(node.whoAmICalls).isEqualTo(1);
    }

    @Test
    void nodeDownAtConnectIsAskedAgainLater() {
        node.unreachable = true;
        CallerRole role = new CallerRole(node, sameThread, sameThread);
        role.load();
        assertThat(role.roleProperty().get()).isEmpty();
        assertThat(role.problemProperty().get()).startsWith("Could not learn this token's role");
        node.unreachable = false;
        role.load();
        assertThat(role.roleProperty().get()).isEqualTo("operator");
        assertThat(role.problemProperty().get()).isEmpty();
    }
}
