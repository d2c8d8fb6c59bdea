package holdfast.console.format;

import java.util.Locale;

/**
 * A state as colour, icon and word together: {@code silent} is red with ✖, {@code late} amber with ⚠, {@code ok}
 * green with ✔; unknown states are grey with ?. Pure.
 *
 * @param severity {@code ALERT}, {@code WARNING}, {@code OK} or {@code UNKNOWN} (what tests and styles key on)
 */
public record StateLook(String severity, String icon, String word) {

    public static StateLook of(String state) {
        String s = state == null ? "" : state.toLowerCase(Locale.ROOT);
        return switch (s) {
            case "silent" -> new StateLook("ALERT", "\u2716", "silent");
            case "open" -> new StateLook("ALERT", "\u26A0", "open");
            case "unreachable" -> new StateLook("UNREACHABLE", "\u2716", "unreachable");
            case "late" -> new StateLook("WARNING", "\u26A0", "late");
            case "never-seen" -> new StateLook("WARNING", "?", "never seen");
            case "never" -> new StateLook("WARNING", "?", "never heard");
            case "ok" -> new StateLook("OK", "\u2714", "ok");
            case "cleared" -> new StateLook("OK", "\u2714", "cleared");
            default -> new StateLook("UNKNOWN", "?", s.isEmpty() ? "unknown" : s);
        };
    }

    /** The icon and the word, e.g. {@code ✖ silent}. */
    public String text() {
        return icon + " " + word;
    }

    /** Background and text colour for a cell or dot of this severity (JavaFX CSS). */
    public static String style(String severity) {
        return switch (severity) {
            case "ALERT" -> "-fx-background-color: #fde7e9; -fx-text-fill: #8a1020;";
            case "WARNING" -> "-fx-background-color: #fff4ce; -fx-text-fill: #5c4400;";
            case "OK" -> "-fx-background-color: #e6f4ea; -fx-text-fill: #0d5323;";
            case "UNREACHABLE" -> "-fx-background-color: #e8e8e8; -fx-text-fill: #202020;";
            default -> "-fx-background-color: #f2f2f2; -fx-text-fill: #404040;";
        };
    }

    /** The colour of a status dot of this severity. */
    public static String dot(String severity) {
        return switch (severity) {
            case "ALERT" -> "#c62828";
            case "WARNING" -> "#e0a800";
            case "OK" -> "#2e7d32";
            case "UNREACHABLE" -> "#757575";
            default -> "#bdbdbd";
        };
    }
}
