package holdfast.edge.alerts;

import holdfast.edge.config.Settings;
import holdfast.edge.config.SettingsException;
import io.helidon.config.Config;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code alerts.*}: the rules ({@code rules}: name, code, ward, below, above; defaults SpO2 below 88, heart rate
 * below 40 or above 140), {@code cooldown-seconds} (default 300: repeats of an open alert's condition within it
 * are folded into it) and {@code escalate-after-seconds} (default [120, 300]: an unacknowledged alert goes up
 * one level after each delay, counted from when it was raised). {@code mqtt-publish} (default true) publishes each
 * raise, escalation and acknowledgement on {@code holdfast/v1/alerts/{ward}} of the node's MQTT broker.
 * {@code hl7-critical-flags} (default HH, LL, AA): an HL7 result whose OBX-8 carries one of them raises an alert
 * of its own ({@code lab-critical-HH} ...), numeric or not. {@code raise-window-millis} (default 10, 0 to 50):
 * while raises come faster than one per window they are made durable together, one commit per window; one that
 * comes alone is made durable at once (see {@link RaiseWindow}).
 */
record AlertSettings(List<AlertRule> rules, Duration cooldown, List<Duration> escalations,
                            boolean publishOnMqtt, Set<String> hl7CriticalFlags, Duration raiseWindow) {

    public static final Set<String> DEFAULT_HL7_CRITICAL_FLAGS = Set.of("HH", "LL", "AA");

    public static List<AlertRule> defaultRules() {
        return List.of(new AlertRule("spo2-low", "59408-5", null, 88.0, null),
                new AlertRule("heart-rate-low", "8867-4", null, 40.0, null),
                new AlertRule("heart-rate-high", "8867-4", null, null, 140.0));
    }

    public static AlertSettings from(Config alerts) {
        List<AlertRule> rules = new ArrayList<>();
        Config node = alerts.get("rules");
        if (!node.exists()) {
            rules.addAll(defaultRules());
        }
        for (Config rule : node.asNodeList().orElse(List.of())) {
            try {
                rules.add(new AlertRule(Settings.string(rule, "name", "rule-" + rule.name()),
                        Settings.string(rule, "code", null), Settings.string(rule, "ward", null),
                        rule.get("below").exists() ? Settings.number(rule, "below", 0) : null,
                        rule.get("above").exists() ? Settings.number(rule, "above", 0) : null));
            } catch (NullPointerException | IllegalArgumentException e) {
                throw new SettingsException(rule.key().toString(), String.valueOf(e.getMessage()));
            }
        }
        List<Duration> escalations = new ArrayList<>();
        Config delays = alerts.get("escalate-after-seconds");
        if (!delays.exists()) {
            escalations.add(Duration.ofSeconds(120));
            escalations.add(Duration.ofSeconds(300));
        }
        for (Config delay : delays.asNodeList().orElse(List.of())) {
            String text = delay.asString().orElse("");
            try {
                long seconds = Long.parseLong(text.trim());
                if (seconds < 1 || seconds > 86_400) {
                    throw new NumberFormatException();
                }
                escalations.add(Duration.ofSeconds(seconds));
            } catch (NumberFormatException e) {
                throw new SettingsException(delay.key().toString(), "'" + text + "' is not a whole number of seconds "
                        + "from 1 to 86400");
            }
        }
        Set<String> flags = new LinkedHashSet<>();
        Config flagList = alerts.get("hl7-critical-flags");
        if (!flagList.exists()) {
            flags.addAll(DEFAULT_HL7_CRITICAL_FLAGS);
        }
        for (Config flag : flagList.asNodeList().orElse(List.of())) {
            String text = flag.asString().orElse("").trim().toUpperCase(Locale.ROOT);
            if (!text.matches("[A-Z<>]{1,5}")) {
                throw new SettingsException(flag.key().toString(), "'" + text + "' is not an HL7 abnormal flag "
                        + "(OBX-8, e.g. HH, LL, AA)");
            }
            flags.add(text);
        }
        return new AlertSettings(rules, Duration.ofSeconds(Settings.longIn(alerts, "cooldown-seconds", 300, 0, 86_400)),
                escalations, Settings.bool(alerts, "mqtt-publish", true), Set.copyOf(flags),
                Duration.ofMillis(Settings.longIn(alerts, "raise-window-millis", 10, 0, 50)));
    }
}
