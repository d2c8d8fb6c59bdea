package holdfast.edge.broker;

import holdfast.edge.security.Principal;
import holdfast.edge.security.Role;
import holdfast.edge.security.TokenStore;
import holdfast.shared.api.TokenIssued;
import holdfast.shared.api.TokenSummary;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Tokens by secret, for the broker's doors; nothing else of a token store is used there. */
final class MapTokens implements TokenStore {

    private final Map<String, Principal> bySecret;

    MapTokens(Map<String, Principal> bySecret) {
        this.bySecret = Map.copyOf(bySecret);
    }

    @Override
    public TokenIssued issue(String name, Role role, String deviceId, Principal by) {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean revoke(String tokenId, Principal by) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<TokenSummary> list() {
        return List.of();
    }

    @Override
    public Optional<Principal> authenticate(String secret) {
        return Optional.ofNullable(bySecret.get(secret));
    }
}
