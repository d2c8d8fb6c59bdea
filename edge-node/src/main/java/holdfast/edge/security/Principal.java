package holdfast.edge.security;

/** Who is calling: the token's id and name, its role, and the one device a device token is bound to. */
public record Principal(String tokenId, String name, Role role, String deviceId) {

    /** True when this principal may post readings for {@code device}. */
    public boolean mayActFor(String device) {
        return deviceId == null || deviceId.equals(device);
    }
}
