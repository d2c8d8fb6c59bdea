package holdfast.edge.lanes;

import static org.assertj.core.api.Assertions.assertThat;

import holdfast.shared.envelope.EventKind;
import holdfast.shared.envelope.Lane;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The default HL7 lane rules of contract §3: message type, OBX-8 flags and STAT priority. */
class Hl7LaneRulesTest {

    private final LaneRules rules = new LaneRules(Lane.STANDARD, LaneRulesSettings.defaultRules());

    @ParameterizedTest(name = "{0} flags={1} priority={2} -> {3}")
    @CsvSource(nullValues = "-", textBlock = """
            ADT^A01, -,     -, standard, default
            ORU^R01, N,     -, standard, default
            ORU^R01, H,     -, standard, default
            ORU^R01, HH,    -, critical, hl7-critical-result
            ORU^R01, L AA,  -, critical, hl7-critical-result
            ORM^O01, LL,    -, critical, hl7-critical-result
            ORM^O01, -,     S, critical, hl7-stat-order
            OML^O21, -,     S, critical, hl7-stat-order
            RDE^O11, -,     R, standard, default
            ADT^A01, HH,    S, standard, default
            DFT^P03, -,     -, batch,    hl7-financial-master-file
            BAR^P01, -,     -, batch,    hl7-financial-master-file
            MFN^M02, -,     -, batch,    hl7-financial-master-file
            ZZZ^Z01, -,     -, standard, default
            """)
    void hl7MessagesGoToTheirDefaultLanes(String type, String flags, String priority, String lane, String because) {
        LaneCandidate candidate = new LaneCandidate(EventKind.HL7, "hl7", null, List.of(), null, type,
                flags == null ? Set.of() : Set.copyOf(Arrays.asList(flags.split(" "))), priority);
        LaneRules.LaneDecision decision = rules.decide(candidate);
        assertThat(decision.lane()).isEqualTo(Lane.fromWire(lane));
        assertThat(decision.because()).isEqualTo(because);
    }

    @ParameterizedTest(name = "rule type {0} matches {1}: {2}")
    @CsvSource(textBlock = """
            ADT^A01, ADT^A01, true
            ADT^A01, ADT^A02, false
            ADT,     ADT^A02, true
            adt,     ADT^A02, true
            ORU,     ORM^O01, false
            """)
    void messageTypeConditionsMatchCodeOrCodeAndTrigger(String ruleType, String type, boolean matches) {
        LaneRule rule = new LaneRule("r", null, null, null, null, null, null, Lane.BATCH, List.of(ruleType),
                Set.of(), Set.of());
        assertThat(rule.matches(new LaneCandidate(EventKind.HL7, "hl7", null, List.of(), null, type, Set.of(), null)))
                .isEqualTo(matches);
    }
}
