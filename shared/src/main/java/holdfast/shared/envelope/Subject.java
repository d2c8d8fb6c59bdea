package holdfast.shared.envelope;

/** Who and where an event is about; every part may be unknown (null). */
public record Subject(String patientId, String encounterId, String ward, String bed, String deviceId) {

    public static final Subject NONE = new Subject(null, null, null, null, null);

    public Subject withPatient(String newPatientId, String newEncounterId) {
        return new Subject(newPatientId, newEncounterId, ward, bed, deviceId);
    }
}
