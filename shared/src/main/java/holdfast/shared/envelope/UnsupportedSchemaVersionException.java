package holdfast.shared.envelope;

/** An envelope written by a newer major schema than this code understands. */
public final class UnsupportedSchemaVersionException extends IllegalArgumentException {
    private final int found;

    public UnsupportedSchemaVersionException(int found) {
        super("event schemaVersion " + found + " is newer than this release understands (up to "
                + EventEnvelope.SCHEMA_VERSION + "): upgrade this component before reading these events");
        this.found = found;
    }

    public int found() {
        return found;
    }
}
