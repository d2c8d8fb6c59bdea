package holdfast.edge.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** File copies that keep the holes of sparse files (journal cycle files). Stateless. */
public final class SparseCopy {

    private static final int BLOCK = 64 * 1024;

    private SparseCopy() {
    }

    /**
     * Chronicle pre-sizes cycle files (80 MiB each) and leaves them sparse; a plain copy would fill the holes.
     * Blocks of zeros are therefore skipped (left as holes) and the length set at the end: the copy reads back
     * byte for byte the same, and takes about as much disk as the data in it.
     */
    public static void copy(Path file, Path to) throws IOException {
        ByteBuffer block = ByteBuffer.allocate(BLOCK);
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ);
             FileChannel out = FileChannel.open(to, StandardOpenOption.CREATE_NEW,
                     StandardOpenOption.WRITE)) {
            long size = in.size();
            long position = 0;
            while (position < size) {
                block.clear();
                int n = in.read(block, position);
                if (n <= 0) {
                    break;
                }
                block.flip();
                if (!allZero(block)) {
                    while (block.hasRemaining()) {
                        out.write(block, position + block.position());
                    }
                }
                position += n;
            }
            if (out.size() < size) {
                out.write(ByteBuffer.allocate(1), size - 1); // the length, with a hole before it
            }
        }
    }

    /** Forces a copied file to disk (kept apart from the copy so a caller can do it outside a lock). */
    public static void force(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    private static boolean allZero(ByteBuffer block) {
        int i = block.position();
        for (; i + Long.BYTES <= block.limit(); i += Long.BYTES) {
            if (block.getLong(i) != 0) {
                return false;
            }
        }
        for (; i < block.limit(); i++) {
            if (block.get(i) != 0) {
                return false;
            }
        }
        return true;
    }
}
