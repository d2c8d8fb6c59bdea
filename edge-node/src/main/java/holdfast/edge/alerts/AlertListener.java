package holdfast.edge.alerts;

/** Told of every alert raised, escalated or acknowledged, after the change is stored and journaled. */
@FunctionalInterface
interface AlertListener {

    AlertListener NONE = alert -> { };

    /** Called on the alerts thread: must not block. */
    void changed(Alert alert);
}
