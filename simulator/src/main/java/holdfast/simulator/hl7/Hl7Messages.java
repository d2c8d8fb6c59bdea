package holdfast.simulator.hl7;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Synthetic HL7 v2.5 messages for the feed and the bench. Stateless, thread-safe. */
public final class Hl7Messages {

    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);

    private Hl7Messages() {
    }

    private static String msh(String type, String controlId, Instant at) {
        return "MSH|^~\\&|SIMHIS|SIMHOSP|HOLDFAST|EDGE|" + TS.format(at) + "+0000||" + type + "|" + controlId
                + "|P|2.5\r";
    }

    /** ADT A01/A02/A03/A08...: {@code location} as PV1-3, e.g. {@code ICU^^3}. */
    public static String adt(String trigger, String controlId, String patientId, String encounterId, String location,
                             Instant at) {
        return msh("ADT^" + trigger, controlId, at) + "EVN|" + trigger + "|" + TS.format(at) + "+0000\r"
                + "PID|1||" + patientId + "^^^SIMHOSP^MR||SIMULATED^PATIENT " + patientId + "\r"
                + "PV1|1|I|" + location + "||||||||||||||||" + encounterId + "\r";
    }

    /** ORU R01 with one potassium result; {@code critical} gives 7.1 mmol/L flagged HH. */
    public static String oru(String controlId, String patientId, boolean critical, Instant at) {
        String value = critical ? "7.1" : "4.2";
        return msh("ORU^R01", controlId, at) + "PID|1||" + patientId + "^^^SIMHOSP^MR\r"
                + "OBR|1||LAB-" + controlId + "|BMP^Basic metabolic panel^L|||" + TS.format(at) + "+0000\r"
                + "OBX|1|NM|2823-3^Potassium^LN||" + value + "|mmol/L|3.5-5.1|" + (critical ? "HH" : "N")
                + "|||F|||" + TS.format(at) + "+0000\r";
    }

    /** DFT P03: one charge. */
    public static String dft(String controlId, String patientId, Instant at) {
        return msh("DFT^P03", controlId, at) + "EVN|P03|" + TS.format(at) + "+0000\r"
                + "PID|1||" + patientId + "^^^SIMHOSP^MR\r"
                + "FT1|1|||" + TS.format(at) + "+0000||CG|99213^Visit^CPT|||1\r";
    }
}
