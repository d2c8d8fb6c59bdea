package holdfast.edge.security;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** The four roles of contract §4 and what each may do. */
public enum Role {
    DEVICE(EnumSet.of(Permission.INGEST)),
    VIEWER(EnumSet.of(Permission.VIEW)),
    OPERATOR(EnumSet.of(Permission.VIEW, Permission.OPERATE)),
    ADMIN(EnumSet.allOf(Permission.class));

    private final Set<Permission> permissions;

    Role(Set<Permission> permissions) {
        this.permissions = permissions;
    }

    public boolean permits(Permission permission) {
        return permissions.contains(permission);
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role fromWire(String value) {
        for (Role role : values()) {
            if (role.wireName().equals(value)) {
                return role;
            }
        }
        throw new IllegalArgumentException("role must be one of device, viewer, operator, admin");
    }
}
