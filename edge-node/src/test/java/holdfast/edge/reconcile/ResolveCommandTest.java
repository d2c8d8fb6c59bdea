package holdfast.edge.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ResolveCommandTest {

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void reattributeNeedsAPatientAndEveryActionNeedsAReason() throws Exception {
        assertThat(ResolveCommand.parse(mapper.readTree(
                "{\"action\":\"reattribute\",\"reason\":\"moved\",\"patientId\":\"P1\",\"encounterId\":\"E1\"}")))
                .isEqualTo(new ResolveCommand(ResolveCommand.Action.REATTRIBUTE, "moved", "P1", "E1"));
        assertThatThrownBy(() -> ResolveCommand.parse(mapper.readTree("{\"action\":\"accept\"}")))
                .hasMessageContaining("reason is required");
        assertThatThrownBy(() -> ResolveCommand.parse(mapper.readTree("{\"action\":\"accept\",\"reason\":\"  \"}")))
                .hasMessageContaining("reason is required");
        assertThatThrownBy(() -> ResolveCommand.parse(mapper.readTree("{\"action\":\"reattribute\",\"reason\":\"r\"}")))
                .hasMessageContaining("patientId");
        assertThatThrownBy(() -> ResolveCommand.parse(mapper.readTree("{\"action\":\"delete\",\"reason\":\"r\"}")))
                .hasMessageContaining("resend, reattribute, void, accept");
        assertThatThrownBy(() -> ResolveCommand.parse(mapper.readTree("[]"))).hasMessageContaining("JSON object");
    }
}
