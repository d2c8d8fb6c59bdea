package holdfast.edge.security;

import holdfast.shared.api.TokenIssued;
import java.util.Optional;

/** API tokens: issued once, kept only as hashes, revocable. Thread-safe. */
public interface TokenStore {

    TokenIssued issue(String name, Role role, String deviceId);

    /** Revokes the token; false if there is no such (live) token. */
    boolean revoke(String tokenId);

    Optional<Principal> authenticate(String secret);
}
