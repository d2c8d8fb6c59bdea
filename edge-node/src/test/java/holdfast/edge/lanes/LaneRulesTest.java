package holdfast.edge.lanes;

import static org.assertj.core.api.Assertions.assertThat;

import holdfast.edge.lanes.LaneCandidate.CodedValue;
import holdfast.shared.envelope.EventKind;
import holdfast.shared.envelope.Lane;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LaneRulesTest {

    private final LaneRules rules = new LaneRules(Lane.STANDARD, withBulkRule());

    private static List<LaneRule> withBulkRule() {
        List<LaneRule> r = new ArrayList<>(LaneRulesSettings.defaultRules());
        r.add(new LaneRule("bulk-backfill", null, null, "bulk-", null, null, null, Lane.BATCH));
        return r;
    }

    @ParameterizedTest(name = "{0} {1} {2}={3} priority={4} -> {5} ({6})")
    @CsvSource(nullValues = "-", textBlock = """
            # kind,      device,   code,    value, priority, lane,     because
            observation, mon-1,    8867-4,  72,    -,        standard, default
            observation, mon-1,    8867-4,  141,   -,        critical, heart-rate-out-of-range
            observation, mon-1,    8867-4,  39,    -,        critical, heart-rate-out-of-range
            observation, mon-1,    8867-4,  140,   -,        standard, default
            observation, mon-1,    59408-5, 87,    -,        critical, spo2-low
            observation, mon-1,    59408-5, 88,    -,        standard, default
            observation, mon-1,    9279-1,  31,    -,        critical, respiratory-rate-out-of-range
            alarm,       mon-1,    8867-4,  72,    -,        critical, device-alarm
            observation, bulk-9,   8867-4,  72,    -,        batch,    bulk-backfill
            observation, bulk-9,   8867-4,  150,   -,        critical, heart-rate-out-of-range
            observation, bulk-9,   8867-4,  72,    standard, standard, priority standard
            observation, mon-1,    8867-4,  72,    critical, critical, priority critical
            observation, mon-1,    8867-4,  72,    batch,    standard, default
            observation, mon-1,    59408-5, 80,    batch,    critical, spo2-low
            """)
    void laneIsTheMostUrgentMatchAndPriorityOnlyRaises(String kind, String device, String code, double value,
                                                        String priority, String lane, String because) {
        LaneCandidate candidate = new LaneCandidate(EventKind.fromWire(kind), "mqtt", device,
                List.of(new CodedValue(code, value)), priority == null ? null : Lane.fromWire(priority));
        LaneRules.LaneDecision decision = rules.decide(candidate);
        assertThat(decision.lane()).isEqualTo(Lane.fromWire(lane));
        assertThat(decision.because()).isEqualTo(because);
    }
}
