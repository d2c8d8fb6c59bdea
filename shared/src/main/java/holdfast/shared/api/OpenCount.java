package holdfast.shared.api;

/** A count of items waiting for a person. */
public record OpenCount(long open) {
}
