package holdfast.shared.api;

/** Answer to {@code POST /api/v1/tokens}: the token is shown this once and stored only as a hash. */
public record TokenIssued(String id, String token) {
}
