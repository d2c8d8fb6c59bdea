package holdfast.edge.ingest.hl7;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.hl7v2.model.Message;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * The plain reader ({@link PipeSegments}) against HAPI, message by message: every corpus message and a set of
 * written variations read to the same fields or the same AE/AR either way, in lenient and strict mode, and an
 * AA or CA written by hand holds what HAPI's would, apart from the time and the generated control id.
 */
class Hl7ReaderTest {

    private static final String MSH = "MSH|^~\\&|LAB|HOSP|HOLDFAST|EDGE|20261204120000+0000||";
    private static final String PID = "PID|1||P-1^^^HOSP^MR\r";
    private static final String OBR = "OBR|1||L-1|BMP^Basic^L|||20261204115500+0000\r";

    @Test
    void plainAndHapiReadEveryMessageAlike() throws IOException {
        List<String> texts = new ArrayList<>(corpus());
        variations().forEach(t -> texts.add(Hl7Events.normalise(t)));
        int plain = 0;
        for (boolean strict : new boolean[] {false, true}) {
            Hl7Reader reader = new Hl7Reader(new Hl7Times(ZoneOffset.UTC), strict);
            for (String text : texts) {
                if (PipeSegments.split(text) != null) {
                    plain++;
                }
                assertThat(outcome(() -> reader.read(text))).as(text.replace('\r', '\n'))
                        .isEqualTo(outcome(() -> reader.readWithHapi(text)));
            }
        }
        assertThat(plain).as("messages read without HAPI").isGreaterThanOrEqualTo(100);
    }

    @Test
    void theSimulatorsMessagesAreReadWithoutHapi() {
        Hl7Reader reader = new Hl7Reader(new Hl7Times(ZoneOffset.UTC), false);
        String oru = MSH + "ORU^R01|C-1|P|2.5\r" + PID + OBR
                + "OBX|1|NM|2823-3^Potassium^LN||7.1|mmol/L|3.5-5.1|HH|||F|||20261204115500+0000\r";
        String adt = MSH + "ADT^A01|C-2|P|2.5\rEVN|A01|20261204115500+0000\r" + PID.replace("\r", "||DOE^J\r")
                + "PV1|1|I|ICU^^3||||||||||||||||E-1\r";
        for (String text : List.of(Hl7Events.normalise(oru), Hl7Events.normalise(adt))) {
            assertThat(PipeSegments.split(text)).isNotNull();
            assertThat(reader.read(text).hapi()).isNull();
        }
    }

    @Test
    void aHandWrittenAcceptanceHoldsWhatHapisWould() throws IOException {
        Hl7Reader reader = new Hl7Reader(new Hl7Times(ZoneOffset.UTC), false);
        Hl7Acks acks = new Hl7Acks(reader.parser(), Clock.systemUTC());
        int compared = 0;
        List<String> texts = new ArrayList<>(corpus());
        variations().forEach(t -> texts.add(Hl7Events.normalise(t)));
        for (String text : texts) {
            if (PipeSegments.split(text) == null || !(outcome(() -> reader.read(text)) instanceof Hl7Message)) {
                continue;
            }
            Message hapi = reader.hapi(text);
            RawMsh msh = RawMsh.sniff(text.getBytes(StandardCharsets.ISO_8859_1));
            for (String code : List.of("AA", "CA")) {
                for (String note : new String[] {null, "stored; 1 observation kept with an error, first: OBX-5"}) {
                    String mine = acks.accepted(msh, code, note);
                    if (mine == null) {
                        continue; // a field with blanks around it: HAPI answers
                    }
                    assertThat(mine.split("\r")[0].split("\\|")[6]).matches("\\d{14}\\.\\d{3}[+-]\\d{4}");
                    assertThat(withoutTimeAndId(mine)).as(text.replace('\r', '\n'))
                            .isEqualTo(withoutTimeAndId(acks.forMessage(hapi, code, note)));
                    compared++;
                }
            }
        }
        assertThat(compared).isGreaterThanOrEqualTo(200);
        assertThat(acks.accepted(RawMsh.sniff((MSH + "ORU^R01|C|P|2.5\r").getBytes(StandardCharsets.US_ASCII)),
                "AA", "a note with a | in it")).as("left to HAPI, which escapes").isNull();
    }

    /** MSH-7 and MSH-10 of an ACK blanked: the time and the generated id differ between any two ACKs. */
    private static String withoutTimeAndId(String ack) {
        String[] segments = ack.split("\r", -1);
        String[] fields = segments[0].split("\\|", -1);
        fields[6] = "";
        fields[9] = "";
        segments[0] = String.join("|", fields);
        return String.join("\r", segments);
    }

    private record Refused(String code, String message) {
    }

    /** The message with HAPI's model left out (it is not comparable), or the refusal. */
    private static Object outcome(java.util.function.Supplier<Hl7Message> read) {
        try {
            Hl7Message m = read.get();
            return new Hl7Message(null, m.sendingApplication(), m.sendingFacility(), m.controlId(), m.messageCode(),
                    m.trigger(), m.version(), m.messageTime(), m.acceptAckType(), m.applicationAckType(),
                    m.patientId(), m.priorPatientId(), m.encounterId(), m.patientClass(), m.pointOfCare(), m.bed(),
                    m.priorBed(), m.eventTime(), m.orderPriority(), m.observations());
        } catch (Hl7Rejection r) {
            return new Refused(r.code(), r.getMessage());
        }
    }

    private static List<String> corpus() throws IOException {
        List<String> texts = new ArrayList<>();
        try (InputStream table = Hl7ReaderTest.class.getResourceAsStream("/hl7/corpus.tsv")) {
            for (String line : new String(Objects.requireNonNull(table).readAllBytes(), StandardCharsets.UTF_8)
                    .split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                try (InputStream in = Hl7ReaderTest.class.getResourceAsStream("/hl7/" + line.split("\t")[0])) {
                    byte[] bytes = Objects.requireNonNull(in).readAllBytes();
                    String text;
                    try {
                        text = Hl7Charsets.decode(bytes, StandardCharsets.UTF_8);
                    } catch (CharacterCodingException e) {
                        text = new String(bytes, StandardCharsets.ISO_8859_1);
                    }
                    text = Hl7Events.normalise(text);
                    if (text.startsWith("MSH") && text.length() > 8) {
                        texts.add(text);
                    }
                }
            }
        }
        return texts;
    }

    /** Variations around the shapes the plain reader takes, each on the edge of what it takes or just past it. */
    private static List<String> variations() {
        List<String> v = new ArrayList<>();
        String obx = "OBX|1|NM|2823-3^Potassium^LN||4.2|mmol/L|3.5-5.1|N|||F|||20261204115500+0000\r";
        for (String version : List.of("2.2", "2.3", "2.3.1", "2.4", "2.5", "2.5.1", "2.6", "2.7", "2.7.1", "2.8",
                "2.8.1", "2.8.2", "2.9", "")) {
            v.add(MSH + "ORU^R01|C-" + version + "|P|" + version + "\r" + PID + OBR + obx);
        }
        for (String type : List.of("ORU^R01^ORU_R01", "ORU^R01^ADT_A01", "ORU^R01^X^Y", "ORU", "oru^r01",
                "ORU^R30", "ADT^A01^ADT_A01", "ADT^A04^ADT_A01", "ADT^A05")) {
            v.add(MSH + type + "|C-" + type + "|P|2.5\r" + PID + OBR + obx);
        }
        for (String header : List.of("MSH|^~\\&|A^B^C|F^G|R^S^T|Q^U|20261204120000||",
                "MSH|^~\\&| LAB |HOSP ||| 20261204120000||", "MSH|^~\\&|||||20261204120000||",
                "MSH|^~\\&|LAB|HOSP|||||")) {
            for (String tail : List.of("|C-1|P|2.5", "|C-1^X|T^A|2.3.1", "| C-2 ||2.4", "|C-3|P|2.5|||AL|NE",
                    "|C-4|P|2.5|||NE|AL||UNICODE UTF-8", "||P|2.5")) {
                v.add(header + "ORU^R01" + tail + "\r" + PID + OBR + obx);
            }
        }
        String[] observations = {
            "OBX|1|NM|2823-3^Potassium^LN||7.1^x|mmol/L|3.5-5.1|HH|||F|||20261204115500+0000\r",
            "OBX|1|SN|2823-3^Potassium^LN||<^5|mmol/L||L|||F\r",
            "OBX|1|SN|2823-3^Potassium^LN||^7.1|mmol/L||H\r",
            "OBX|1|NM|2823-3^Potassium^LN||high|mmol/L||H|||F|||2026120411\r",
            "OBX||NM|2823-3^Potassium^LN||4.2|mmol/L||N|||F|||not a time\r",
            "OBX|x1|XX|2823-3||4.2\r",
            "OBX|2||8867-4^Heart rate^LN||72|/min||N|||F|||20261204115500+0000||||MON-7^DEV\r",
            "OBX|3|CE|X^Y^Z||A^B^C|||A^B|||F\r",
            "OBX|4|ST|note||free text ^ more||||||f\r",
            "OBX|5|TS|t||20261204115500\r",
            "OBX|6|NM| ^^LN|| 4.2 |||  HH  \r",
        };
        for (String o : observations) {
            v.add(MSH + "ORU^R01|C-o|P|2.5\r" + PID + OBR + o);
            v.add(MSH + "ORU^R01|C-o|P|2.5\r" + PID + OBR + obx + o + "NTE|1||a note\r");
        }
        v.add(MSH + "ORU^R01|C-p|P|2.5\r" + PID + "PV1|1|I|ICU^1^2|||||||||||||||E-9\r" + "ORC|NW|1||||||^^^^^S\r"
                + OBR + obx + "OBR|2||L-2|X|R||20261204115000\r" + obx);
        v.add(MSH + "ORU^R01|C-p|P|2.5\r" + PID + "OBR|1||L|X|||20261204115500|||||||||||||||||||^^^^^S\r"
                + "TQ1|1||||||||R\r" + obx);
        v.add(MSH + "ORU^R01|C-p|P|2.5\r" + PID + OBR + "TQ1|1||||||||S\r" + obx + "NTE|1||n\r" + obx);
        v.add(MSH + "ORU^R01|C-p|P|2.5\r" + obx + OBR + obx);
        v.add(MSH + "ORU^R01|C-p|P|2.5\r" + PID + PID + OBR + obx);
        v.add(MSH + "ORU^R01|C-p|P|2.5\r" + PID + "PV1|\r" + OBR + obx);
        v.add(MSH + "ORU^R01|C-p|P|2.5\r" + PID + "ZXT|1|z\r" + OBR + obx);
        v.add(MSH + "ORU^R01|C-p|P|2.5\r" + PID + OBR);
        v.add(MSH + "ORU^R01|C-p|P|2.5\r" + OBR + obx);
        v.add(MSH + "ORU^R01|C-p|P|2.5\r" + PID + "PD1|1\rNTE|1\rNK1|1|X\rPV1|1|O|W^^\rPV2|1\r" + OBR + obx);
        v.add(MSH + "ORU^R01|C-p|P|2.5\r" + PID + OBR + "OBX|1|NM|a~b||4.2\r");
        v.add(MSH + "ORU^R01|C-p|P|2.5\r" + PID + OBR + "OBX|1|NM|a||4\\S\\2\r");
        v.add(MSH + "ORU^R01|C-p|P|2.5\r" + PID + OBR + "OBX|1|NM|a&b||4.2\r");
        String evn = "EVN|A01|20261204115500+0000||||20261204115000\r";
        String pv1 = "PV1|1|I|ICU^3^B|||CCU^1^A|||||||||||||E-1\r";
        for (String trigger : List.of("A01", "A02", "A03", "A04", "A08", "A11", "A12", "A13", "A40", "A31")) {
            v.add(MSH + "ADT^" + trigger + "|C-" + trigger + "|P|2.5\r" + evn + PID + pv1);
            v.add(MSH + "ADT^" + trigger + "|C-" + trigger + "|P|2.3\r" + evn + PID + "PD1|1\r" + pv1 + "PV2|1\r"
                    + "OBX|1|NM|8302-2^Height||180|cm\rOBX|2|ST|x||y\r");
            v.add(MSH + "ADT^" + trigger + "|C-" + trigger + "|P|2.5\r" + evn + PID + "MRG|P-0^^^HOSP\r" + pv1);
            v.add(MSH + "ADT^" + trigger + "|C-" + trigger + "|P|2.5\r" + evn + PID);
            v.add(MSH + "ADT^" + trigger + "|C-" + trigger + "|P|2.5\r" + evn + "PID|1\r" + pv1);
            v.add(MSH + "ADT^" + trigger + "|C-" + trigger + "|P|2.5\r" + "EVN|A01|bad\r" + PID + pv1);
            v.add(MSH + "ADT^" + trigger + "|C-" + trigger + "|P|2.5\r" + evn + PID + "PV1|1|I\r");
            v.add(MSH + "ADT^" + trigger + "|C-" + trigger + "|P|2.5\r" + PID + pv1);
        }
        v.add(MSH + "ADT^A01|C-x|P|2.5\r" + evn + PID + "NK1|1|X\r" + pv1);
        v.add(MSH + "ADT^A01|C-x|P|2.5\r" + evn + PID + pv1 + "AL1|1\r");
        v.add(MSH + "ADT^A01|C-x|P|2.5\r" + evn + PID + pv1 + pv1);
        v.add(MSH + "ADT^A01||P|2.5\r" + evn + PID + pv1);
        v.add(MSH + "ADT^A01|" + "C".repeat(700) + "|P|2.5\r" + evn + PID + pv1);
        v.add(MSH + "ADT^A01|C-x|P|2.5|||||||||\r" + evn + PID + pv1);
        v.add(MSH + "ADT^A01|C-x|P|2.5\r" + "EVN|A01|20261204115500+0000\r" + PID + pv1 + "\r");
        return v;
    }

}
