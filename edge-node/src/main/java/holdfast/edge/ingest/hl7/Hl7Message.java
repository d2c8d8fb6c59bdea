package holdfast.edge.ingest.hl7;

import ca.uhn.hl7v2.model.Message;
import java.time.Instant;
import java.util.List;

/**
 * What the node uses of one parsed HL7 message (the whole text travels in the event's raw bytes and
 * payload {@code raw}). {@code hapi} is HAPI's parsed message, kept to generate the ACK; null when the message
 * was read without HAPI ({@link PipeSegments}), whose MSH is then plain enough to answer by hand. Not thread-safe
 * (HAPI's model is mutable); confined to the connection's thread.
 */
record Hl7Message(Message hapi, String sendingApplication, String sendingFacility, String controlId,
                  String messageCode, String trigger, String version, Instant messageTime, String acceptAckType,
                  String applicationAckType, String patientId, String priorPatientId, String encounterId,
                  String patientClass, String pointOfCare, String bed, String priorBed, Instant eventTime,
                  String orderPriority, List<Observation> observations) {

    /** {@code ORU^R01}, or just the code when there is no trigger. */
    String messageType() {
        return trigger == null ? messageCode : messageCode + "^" + trigger;
    }

    /** Enhanced acknowledgement mode: MSH-15 or MSH-16 is valued. */
    boolean enhancedMode() {
        return acceptAckType != null || applicationAckType != null;
    }

    /** How many observations carry an error (a value kept as text, a timestamp not used). */
    long observationsWithErrors() {
        return observations.stream().filter(o -> !o.errors().isEmpty()).count();
    }

    /**
     * One OBX: value as text, and as a number when OBX-2 says it is numeric. {@code errors} says, in the node's
     * own words and naming the OBX by its Set ID, what in it could not be read (empty when all could).
     */
    record Observation(int setId, String code, String system, String valueType, String value, Double numeric,
                       String unit, List<String> flags, Instant observedAt, String deviceId, String status,
                       List<String> errors) {

        Observation {
            errors = List.copyOf(errors);
        }
    }
}
