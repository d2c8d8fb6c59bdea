package holdfast.edge.alerts;

import java.util.Objects;

/**
 * A local alert condition: an observation of {@code code} strictly below {@code below} or above {@code above},
 * in {@code ward} (null: any ward).
 */
record AlertRule(String name, String code, String ward, Double below, Double above) {
    public AlertRule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(code, "code");
        if (below == null && above == null) {
            throw new IllegalArgumentException("alert rule '" + name + "' needs below or above");
        }
    }

    boolean matches(String observedCode, double value, String observedWard) {
        return code.equals(observedCode) && (ward == null || ward.equals(observedWard))
                && (below != null && value < below || above != null && value > above);
    }
}
