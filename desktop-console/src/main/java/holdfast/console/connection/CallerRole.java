package holdfast.console.connection;

import holdfast.console.client.EdgeNodeClient;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The role of the connection's token ({@code GET /api/v1/whoami}), learnt once per connection and shared
 * read-only by every view model, which enable actions from it (the node checks every action again). Empty
 * until known. State on the UI executor only; {@link #load()} may be called from any thread.
 */
public final class CallerRole {

    /** Roles that may act (resolve, acknowledge, discard, reprocess); the others only look. */
    public static final Set<String> ACTING_ROLES = Set.of("operator", "admin");

    private final EdgeNodeClient client;
    private final Executor background;
    private final Executor ui;
    private final AtomicBoolean loading = new AtomicBoolean();
    private final ReadOnlyStringWrapper role = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper("");

    public CallerRole(EdgeNodeClient client, Executor background, Executor ui) {
        this.client = client;
        this.background = background;
        this.ui = ui;
    }

    public ReadOnlyStringProperty roleProperty() {
        return role.getReadOnlyProperty();
    }

    /** Why the role is not known, in plain words; empty when it is. */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    public static boolean mayAct(String role) {
        return ACTING_ROLES.contains(role);
    }

    /** Asks the node once; does nothing while a question is in flight or once the role is known. */
    public void load() {
        if (!loading.compareAndSet(false, true)) {
            return;
        }
        background.execute(() -> {
            try {
                String r = client.whoAmI().role();
                ui.execute(() -> {
                    role.set(r);
                    problem.set("");
                });
            } catch (RuntimeException e) {
                loading.set(false); // not known yet: a later load() asks again
                ui.execute(() -> problem.set("Could not learn this token's role: " + e.getMessage()));
            }
        });
    }
}
