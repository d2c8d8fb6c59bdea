package holdfast.edge.ingest.hl7;

import ca.uhn.hl7v2.AcknowledgmentCode;
import ca.uhn.hl7v2.ErrorCode;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.v251.message.ACK;
import ca.uhn.hl7v2.model.v251.segment.MSH;
import ca.uhn.hl7v2.parser.PipeParser;
import ca.uhn.hl7v2.util.Terser;
import java.io.IOException;
import java.time.Clock;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * Builds acknowledgements: the AA/CA of a plainly written message by hand ({@link #accepted}), every other with
 * HAPI. A parsed message is answered with its own {@code generateACK} (addressing,
 * version and MSA-2 from the message); a frame HAPI could not parse gets an ACK addressed from its raw MSH, or
 * with an empty MSA-2 when there is none. Error text goes into MSA-3 (read by 2.2–2.4 senders) and ERR.
 * Thread-safe (stateless apart from HAPI's thread-safe parser and id generator).
 */
final class Hl7Acks {

    /** MSH-7 as HAPI writes it: milliseconds and the zone offset of the JVM's default zone. */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss.SSSxx");

    private final PipeParser parser;
    private final Clock clock;

    Hl7Acks(PipeParser parser, Clock clock) {
        this.parser = parser;
        this.clock = clock;
    }

    /**
     * The AA or CA for a message read without HAPI, written directly: the fields HAPI's {@code generateACK}
     * writes, in its encoding (receiving and sending sides swapped, first components only, ACK^trigger^ACK, a
     * control id from the same generator, MSH-11 and MSH-12 of the message, MSA-2 its MSH-10), MSA-3 the note
     * when there is one. Null when the note holds a character that would need escaping or a copied field starts or
     * ends with blanks: HAPI answers those.
     */
    String accepted(RawMsh msh, String code, String note) {
        if (note != null && !plain(note)) {
            return null;
        }
        for (int field : new int[] {3, 4, 5, 6, 10, 11, 12}) {
            String value = first(msh.field(field));
            if (!value.equals(value.strip())) {
                return null; // HAPI drops leading blanks: its ACK is the one that says what it read
            }
        }
        if (!component(msh.field(9), 2).equals(component(msh.field(9), 2).strip())) {
            return null;
        }
        String id;
        try {
            id = parser.getParserConfiguration().getIdGenerator().getID();
        } catch (IOException e) {
            return null;
        }
        StringBuilder ack = new StringBuilder(128).append("MSH|^~\\&|")
                .append(first(msh.field(5))).append('|').append(first(msh.field(6))).append('|')
                .append(first(msh.field(3))).append('|').append(first(msh.field(4))).append('|')
                .append(TIME.format(clock.instant().atZone(ZoneId.systemDefault()))).append("||ACK^")
                .append(component(msh.field(9), 2)).append("^ACK|").append(id).append('|')
                .append(first(msh.field(11))).append('|').append(first(msh.field(12))).append("\rMSA|")
                .append(code).append('|').append(first(msh.field(10)));
        if (note != null) {
            ack.append('|').append(note);
        }
        return ack.append('\r').toString();
    }

    private static boolean plain(String text) {
        for (int i = 0; i < text.length(); i++) {
            if ("|^~\\&\r\n".indexOf(text.charAt(i)) >= 0) {
                return false;
            }
        }
        return true;
    }

    private static String first(String field) {
        return component(field, 1);
    }

    private static String component(String field, int n) {
        int start = 0;
        for (int c = 1; c < n; c++) {
            start = field.indexOf('^', start) + 1;
            if (start == 0) {
                return "";
            }
        }
        int end = field.indexOf('^', start);
        return field.substring(start, end < 0 ? field.length() : end);
    }

    /**
     * The ACK text for a parsed message. {@code code} is AA, AE, AR, CA, CE or CR; with AA or CA, {@code error}
     * is a note in MSA-3 only (the message was stored: no ERR segment).
     */
    String forMessage(Message message, String code, String error) {
        try {
            AcknowledgmentCode ackCode = AcknowledgmentCode.valueOf(code);
            boolean accepted = "AA".equals(code) || "CA".equals(code);
            Message ack = error == null || accepted ? message.generateACK(ackCode, null)
                    : message.generateACK(ackCode, new HL7Exception(error, errorCode(code)));
            if (error != null) {
                new Terser(ack).set("/MSA-3", error);
            }
            return parser.encode(ack);
        } catch (HL7Exception | IOException e) {
            // The message parsed but HAPI cannot answer it (odd structure): fall back to a plain ACK.
            return forFrame(null, code, error);
        }
    }

    /** The ACK text for a frame without a parsed message; {@code msh} may be null (no MSA-2 then). */
    String forFrame(RawMsh msh, String code, String error) {
        try {
            ACK ack = new ACK();
            ack.setParser(parser);
            ack.initQuickstart("ACK", msh == null || msh.field(9).isEmpty() ? null : trigger(msh), "P");
            MSH header = ack.getMSH();
            if (msh != null) {
                header.getSendingApplication().parse(msh.field(5));
                header.getSendingFacility().parse(msh.field(6));
                header.getReceivingApplication().parse(msh.field(3));
                header.getReceivingFacility().parse(msh.field(4));
                String version = msh.first(12);
                if (!version.isEmpty() && version.matches("2\\.[2-8](\\.\\d)?")) {
                    header.getVersionID().getVersionID().setValue(version);
                }
                ack.getMSA().getMessageControlID().setValue(msh.first(10));
            }
            ack.getMSA().getAcknowledgmentCode().setValue(code);
            if (error != null) {
                ack.getMSA().getTextMessage().setValue(error);
                ack.getERR().getHL7ErrorCode().getIdentifier().setValue(
                        String.valueOf(errorCode(code).getCode()));
                ack.getERR().getSeverity().setValue("E");
                ack.getERR().getUserMessage().setValue(error);
            }
            return parser.encode(ack);
        } catch (HL7Exception | IOException e) {
            // Only reachable through a HAPI bug: the minimal answer is still an answer.
            return "MSH|^~\\&|||||||ACK|0|P|2.5.1\rMSA|" + code + "|\r";
        }
    }

    private static String trigger(RawMsh msh) {
        String type = msh.field(9);
        int c = type.indexOf(msh.componentSeparator());
        if (c < 0) {
            return null;
        }
        String rest = type.substring(c + 1);
        int d = rest.indexOf(msh.componentSeparator());
        return d < 0 ? rest : rest.substring(0, d);
    }

    private static ErrorCode errorCode(String code) {
        return switch (code) {
            // HL7 table 0357: 207 for "not accepted / cannot parse", 102 for content errors.
            case "AR", "CR" -> ErrorCode.APPLICATION_INTERNAL_ERROR;
            default -> ErrorCode.DATA_TYPE_ERROR;
        };
    }
}
