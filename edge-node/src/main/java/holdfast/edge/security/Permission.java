package holdfast.edge.security;

/** What an endpoint needs. */
public enum Permission {
    /** Post device readings. */
    INGEST,
    /** Read status, reconciliations, alerts. */
    VIEW,
    /** Resolve reconciliations, acknowledge alerts, retry upstream. */
    OPERATE,
    /** Manage tokens, read the audit trail, replay lanes. */
    ADMINISTER
}
