package holdfast.shared.api;

/** Answer to {@code GET /api/v1/whoami}: the calling token's id, name and role (so a UI can enable actions). */
public record CallerIdentity(String tokenId, String name, String role) {
}
