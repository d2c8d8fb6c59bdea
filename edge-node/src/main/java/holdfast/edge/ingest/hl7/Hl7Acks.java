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

/**
 * Builds acknowledgements with HAPI. A parsed message is answered with its own {@code generateACK} (addressing,
 * version and MSA-2 from the message); a frame HAPI could not parse gets an ACK addressed from its raw MSH, or
 * with an empty MSA-2 when there is none. Error text goes into MSA-3 (read by 2.2–2.4 senders) and ERR.
 * Thread-safe (stateless apart from HAPI's thread-safe parser).
 */
final class Hl7Acks {

    private final PipeParser parser;

    Hl7Acks(PipeParser parser) {
        this.parser = parser;
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
