package holdfast.simulator.cloud;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * The cloud's own census, which may disagree with a node's: which patient holds which bed, and which device
 * prefixes it knows. An observation or alarm whose {@code subject.patientId} differs from the bed's patient
 * is a {@code conflict} (with the cloud's view); an unknown device is {@code rejected}. Follow-up events
 * ({@code correction}, {@code void}) are the node's resolution and are taken as they are. Immutable.
 */
public record CensusRules(Map<String, String> bedToPatient, List<String> devicePrefixes) {

    public CensusRules {
        bedToPatient = Map.copyOf(bedToPatient);
        devicePrefixes = List.copyOf(devicePrefixes);
    }

    public static CensusRules none() {
        return new CensusRules(Map.of(), List.of());
    }

    /** The cloud's verdict on one event that it has not accepted before. */
    Judgement judge(CloudEvent e) {
        if (e.kind().equals("canary")) {
            return Judgement.ACCEPTED; // a node's synthetic probe: never judged against the census
        }
        if (e.kind().equals("correction") || e.kind().equals("void")) {
            return Judgement.ACCEPTED;
        }
        String device = e.deviceId() != null ? e.deviceId() : e.sourceSystem();
        if (!devicePrefixes.isEmpty() && device != null && devicePrefixes.stream().noneMatch(device::startsWith)) {
            return new Judgement("rejected", "unknown device " + device, null);
        }
        String bed = e.bed();
        String patient = bed == null ? null : bedToPatient.get(bed);
        if (patient != null && !patient.equals(e.patientId())
                && (e.kind().equals("observation") || e.kind().equals("alarm"))) {
            ObjectNode cloud = JsonNodeFactory.instance.objectNode().put("patientId", patient).put("bed", bed);
            return new Judgement("conflict", "bed " + bed + " held patient " + patient + " at " + e.occurredAt(), cloud);
        }
        return Judgement.ACCEPTED;
    }

    /** A verdict: {@code accepted}, {@code conflict} or {@code rejected}, with reason and view when disputed. */
    public record Judgement(String status, String reason, ObjectNode cloud) {
        static final Judgement ACCEPTED = new Judgement("accepted", null, null);

        boolean accepted() {
            return "accepted".equals(status);
        }
    }
}
