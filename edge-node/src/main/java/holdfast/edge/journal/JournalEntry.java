package holdfast.edge.journal;

import holdfast.shared.envelope.EnvelopeCodec;
import holdfast.shared.envelope.EventEnvelope;
import java.nio.charset.StandardCharsets;

/**
 * A journaled event and the journal's own index for it (opaque; used to resume reading). Entries read back
 * from a journal also carry the envelope JSON as stored, so that sending it upstream does not encode again.
 *
 * @param json the envelope's JSON with its laneSeq, or null when the entry was not read from disk
 */
public record JournalEntry(EventEnvelope event, long index, byte[] json) {
    public static final long NO_INDEX = -1;

    public JournalEntry(EventEnvelope event, long index) {
        this(event, index, null);
    }

    /** The envelope JSON (contract §5), from disk when the entry has it, else freshly encoded. */
    public byte[] json(EnvelopeCodec codec) {
        return json != null ? json : codec.encode(event);
    }

    private static final byte[] UNPLACED = "\"laneSeq\":0,".getBytes(StandardCharsets.US_ASCII);

    /**
     * The stored JSON (written with laneSeq 0: positions are assigned after encoding) with its laneSeq put
     * in. The first {@code "laneSeq":0,} is the envelope's own field: fields are written in declaration order,
     * before any payload, and a quote inside a string value is always escaped. Falls back to null (encode
     * again) if the form is ever not found.
     */
    static byte[] placed(byte[] stored, long laneSeq) {
        int at = indexOf(stored, UNPLACED);
        if (at < 0) {
            return null;
        }
        byte[] seq = ("\"laneSeq\":" + laneSeq + ",").getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[stored.length - UNPLACED.length + seq.length];
        System.arraycopy(stored, 0, out, 0, at);
        System.arraycopy(seq, 0, out, at, seq.length);
        System.arraycopy(stored, at + UNPLACED.length, out, at + seq.length, stored.length - at - UNPLACED.length);
        return out;
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
