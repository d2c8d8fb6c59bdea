package holdfast.edge.ingest.hl7;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * MLLP framing on one connection: {@code 0x0B} content {@code 0x1C 0x0D}. Bytes outside a frame are skipped
 * (and counted by the caller through {@link #skipped}); a frame larger than the limit is read to its end but
 * only its first {@code limit} bytes are kept, so a huge frame costs no memory. A {@code 0x0B} inside a frame
 * starts a new one: HL7 content never holds that byte, so the frame before it was cut off (a sender that gave
 * up mid-frame and started again) and is abandoned, counted through {@link #broken}, rather than gluing the
 * next, whole message to its remains. Reads the connection a buffer at a time itself (no stream wrapper
 * needed). Not thread-safe: one per connection thread.
 */
final class MllpFraming {

    static final int START = 0x0B;
    static final int END = 0x1C;
    static final int CR = 0x0D;

    private final InputStream in;
    private final OutputStream out;
    private final int limit;
    private final byte[] buffer = new byte[8192];
    private int position;
    private int filled;
    private byte[] content = new byte[4096];
    private int size;
    private long skipped;
    private long broken;

    MllpFraming(InputStream in, OutputStream out, int limit) {
        this.in = in;
        this.out = out;
        this.limit = limit;
    }

    /** The next frame, or null at end of stream (a frame cut off by the end of stream is dropped). */
    MllpFrame read() throws IOException {
        int b;
        while ((b = next()) != START) {
            if (b == -1) {
                return null;
            }
            skipped++;
        }
        size = 0;
        while (true) {
            b = next();
            if (b == -1) {
                return endedInside(size);
            }
            if (b == START) {
                broken++;
                size = 0;
                continue;
            }
            if (b == END) {
                int next = next();
                if (next == CR) {
                    boolean oversize = size > limit;
                    return new MllpFrame(Arrays.copyOf(content, Math.min(size, limit)), size, oversize);
                }
                if (next == -1) {
                    return endedInside(size + 1);
                }
                // A lone 0x1C inside content: keep it and go on (lenient towards odd senders).
                keep(b);
                if (next == START) {
                    broken++;
                    size = 0;
                    continue;
                }
                b = next;
            }
            keep(b);
        }
    }

    /** The next byte from the connection, read a buffer at a time (a frame arrives in one or a few reads). */
    private int next() throws IOException {
        if (position == filled) {
            filled = in.read(buffer, 0, buffer.length);
            position = 0;
            if (filled <= 0) {
                filled = 0;
                return -1;
            }
        }
        return buffer[position++] & 0xFF;
    }

    private MllpFrame endedInside(int size) {
        if (size > 0) {
            broken++;
        }
        return null;
    }

    /** Counts every byte but keeps only the first {@code limit}, so a huge frame costs no memory. */
    private void keep(int b) {
        if (size < limit) {
            if (size == content.length) {
                content = Arrays.copyOf(content, (int) Math.min(limit, 2L * content.length));
            }
            content[size] = (byte) b;
        }
        size++;
    }

    void write(byte[] message) throws IOException {
        byte[] framed = new byte[message.length + 3];
        framed[0] = START;
        System.arraycopy(message, 0, framed, 1, message.length);
        framed[framed.length - 2] = END;
        framed[framed.length - 1] = CR;
        out.write(framed);
        out.flush();
    }

    /** Bytes seen outside any frame. */
    long skipped() {
        return skipped;
    }

    /** Frames abandoned: cut off by a new start byte, or by the end of the stream. */
    long broken() {
        return broken;
    }
}
