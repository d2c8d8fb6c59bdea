package holdfast.edge.watch;

import java.util.List;

/** Told of every raise and clear, with every alert still open after it. Must not block: it runs on the watch. */
interface OpsListener {

    void changed(OperatorAlert alert, List<OperatorAlert> open);
}
