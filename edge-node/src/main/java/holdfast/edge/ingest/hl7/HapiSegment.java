package holdfast.edge.ingest.hl7;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Segment;
import ca.uhn.hl7v2.util.Terser;

/** A segment of HAPI's parsed model. Not thread-safe (HAPI's model is mutable); confined to one thread. */
record HapiSegment(Segment segment) implements Hl7Segment {

    @Override
    public String name() {
        return segment.getName();
    }

    @Override
    public int repetitions(int field) {
        try {
            return field > segment.numFields() ? 0 : segment.getField(field).length;
        } catch (HL7Exception e) {
            return 0;
        }
    }

    @Override
    public String value(int field, int rep, int component) {
        if (repetitions(field) <= rep) {
            return null;
        }
        try {
            String v = Terser.get(segment, field, rep, component, 1);
            return v == null || v.isBlank() ? null : v.trim();
        } catch (HL7Exception e) {
            return null;
        }
    }
}
