package holdfast.edge.lanes;

import holdfast.edge.config.Settings;
import holdfast.edge.config.SettingsException;
import holdfast.shared.envelope.EventKind;
import holdfast.shared.envelope.Lane;
import io.helidon.config.Config;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The lane table from {@code lanes.*}: {@code default-lane} and an ordered list {@code rules}. When the file
 * names no rules, the documented defaults apply (alarms critical; heart rate below 40 or above 140, SpO2
 * below 88, respiratory rate below 8 or above 30 critical; HL7 results and orders with a critical abnormal
 * flag or STAT priority critical; HL7 financial and master-file messages batch).
 */
public record LaneRulesSettings(Lane defaultLane, List<LaneRule> rules) {

    public static List<LaneRule> defaultRules() {
        return List.of(
                new LaneRule("device-alarm", EventKind.ALARM, null, null, null, null, null, Lane.CRITICAL),
                new LaneRule("heart-rate-out-of-range", null, null, null, "8867-4", 40.0, 140.0, Lane.CRITICAL),
                new LaneRule("spo2-low", null, null, null, "59408-5", 88.0, null, Lane.CRITICAL),
                new LaneRule("respiratory-rate-out-of-range", null, null, null, "9279-1", 8.0, 30.0, Lane.CRITICAL),
                // --- HL7 (contract §3) ---
                new LaneRule("hl7-critical-result", EventKind.HL7, null, null, null, null, null, Lane.CRITICAL,
                        HL7_CLINICAL_ORDERS, Set.of("HH", "LL", "AA"), Set.of()),
                new LaneRule("hl7-stat-order", EventKind.HL7, null, null, null, null, null, Lane.CRITICAL,
                        HL7_CLINICAL_ORDERS, Set.of(), Set.of("S")),
                new LaneRule("hl7-financial-master-file", EventKind.HL7, null, null, null, null, null, Lane.BATCH,
                        List.of("DFT", "BAR", "MFN", "MFK", "MFD", "MFQ", "MFR"), Set.of(), Set.of()));
    }

    /** Result and order messages whose abnormal flags or STAT priority make them critical by default. */
    private static final List<String> HL7_CLINICAL_ORDERS = List.of("ORU", "ORM", "OML", "RDE");

    public static LaneRulesSettings from(Config lanes) {
        Lane defaultLane = Settings.parsed(lanes, "default-lane", Lane.STANDARD, Lane::fromWire);
        Config rulesNode = lanes.get("rules");
        if (!rulesNode.exists()) {
            return new LaneRulesSettings(defaultLane, defaultRules());
        }
        List<LaneRule> rules = new ArrayList<>();
        for (Config rule : rulesNode.asNodeList().orElse(List.of())) {
            String name = Settings.string(rule, "name", "rule-" + rule.name());
            try {
                rules.add(new LaneRule(name,
                        Settings.parsed(rule, "kind", null, EventKind::fromWire),
                        Settings.string(rule, "channel", null),
                        Settings.string(rule, "device-prefix", null),
                        Settings.string(rule, "code", null),
                        rule.get("below").exists() ? Settings.number(rule, "below", 0) : null,
                        rule.get("above").exists() ? Settings.number(rule, "above", 0) : null,
                        Settings.parsed(rule, "lane", null, Lane::fromWire),
                        strings(rule, "message-types"), Set.copyOf(strings(rule, "flags")),
                        Set.copyOf(strings(rule, "priorities"))));
            } catch (NullPointerException | IllegalArgumentException e) {
                throw new SettingsException(rule.key().toString(), e.getMessage());
            }
        }
        return new LaneRulesSettings(defaultLane, rules);
    }

    /** An optional list of strings (HL7 rule conditions); absent = empty. */
    private static List<String> strings(Config rule, String key) {
        Config node = rule.get(key);
        if (!node.exists()) {
            return List.of();
        }
        return node.asList(String.class).orElseThrow(() -> new SettingsException(node.key().toString(),
                "must be a list of strings")).stream().map(String::trim).toList();
    }

    public LaneRules toRules() {
        return new LaneRules(defaultLane, rules);
    }
}
