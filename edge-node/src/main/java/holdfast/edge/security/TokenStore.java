package holdfast.edge.security;

import holdfast.shared.api.TokenIssued;
import holdfast.shared.api.TokenSummary;
import java.util.List;
import java.util.Optional;

/** API tokens: issued once, kept only as hashes, revocable; issuing and revoking are audited. Thread-safe. */
public interface TokenStore {

    TokenIssued issue(String name, Role role, String deviceId, Principal by);

    /** Revokes the token; false if there is no such (live) token. */
    boolean revoke(String tokenId, Principal by);

    /** Every token, live and revoked, oldest first. */
    List<TokenSummary> list();

    Optional<Principal> authenticate(String secret);
}
