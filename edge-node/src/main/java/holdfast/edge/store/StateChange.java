package holdfast.edge.store;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One committed change of the node's state, as the control journal keeps it: the writing statements of one
 * transaction, in the order they ran, with their parameters and the identity keys the database handed out.
 * Replaying the changes in journal order into an empty schema gives the same rows, ids included.
 *
 * @param writes the statements, never empty
 */
record StateChange(List<Write> writes) {

    private static final byte FORMAT_V1 = 1;

    public StateChange {
        writes = List.copyOf(writes);
    }

    /**
     * One writing statement.
     *
     * @param sql    as the store prepared it
     * @param params by position (index 0 is parameter 1); null, String, Long, Integer, Double, Boolean, byte[]
     *               or OffsetDateTime
     * @param keys   the identity values the insert generated, in order (empty when none)
     */
    public record Write(String sql, List<Object> params, long[] keys) {
        public Write {
            params = java.util.Collections.unmodifiableList(new ArrayList<>(params));
            keys = keys.clone();
        }

        /** The table an {@code INSERT INTO t ...} writes, upper-cased, or null for other statements. */
        public String insertTable() {
            String s = sql.stripLeading();
            if (s.length() < 12 || !s.regionMatches(true, 0, "INSERT INTO ", 0, 12)) {
                return null;
            }
            int from = 12;
            while (from < s.length() && s.charAt(from) == ' ') {
                from++;
            }
            int to = from;
            while (to < s.length() && (Character.isLetterOrDigit(s.charAt(to)) || s.charAt(to) == '_')) {
                to++;
            }
            return to > from ? s.substring(from, to).toUpperCase(java.util.Locale.ROOT) : null;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Write w && sql.equals(w.sql) && Arrays.equals(keys, w.keys)
                    && paramsEqual(params, w.params);
        }

        @Override
        public int hashCode() {
            return sql.hashCode() * 31 + Arrays.hashCode(keys);
        }

        private static boolean paramsEqual(List<Object> a, List<Object> b) {
            if (a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                Object x = a.get(i);
                Object y = b.get(i);
                if (x instanceof byte[] bx && y instanceof byte[] by ? !Arrays.equals(bx, by) : !java.util.Objects.equals(x, y)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** True for the statements that change rows (the ones the control journal keeps). */
    public static boolean writes(String sql) {
        String s = sql.stripLeading();
        return startsWith(s, "INSERT") || startsWith(s, "UPDATE") || startsWith(s, "DELETE") || startsWith(s, "MERGE");
    }

    private static boolean startsWith(String s, String word) {
        return s.regionMatches(true, 0, word, 0, word.length());
    }

    /** The parameter as the journal can keep it; a type it cannot keep is a programming error, found in tests. */
    static Object keepable(Object value) {
        return switch (value) {
            case null -> null;
            case String s -> s;
            case Long l -> l;
            case Integer i -> i;
            case Double d -> d;
            case Boolean b -> b;
            case byte[] bytes -> bytes.clone();
            case OffsetDateTime t -> t;
            case Instant t -> OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
            case java.sql.Timestamp t -> OffsetDateTime.ofInstant(t.toInstant(), ZoneOffset.UTC);
            case Short s -> s.intValue();
            default -> throw new IllegalArgumentException("the control journal cannot keep a parameter of type "
                    + value.getClass().getName());
        };
    }

    public byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT_V1);
            out.writeInt(writes.size());
            for (Write w : writes) {
                writeString(out, w.sql());
                out.writeInt(w.keys().length);
                for (long k : w.keys()) {
                    out.writeLong(k);
                }
                out.writeInt(w.params().size());
                for (Object p : w.params()) {
                    writeParam(out, p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static StateChange decode(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            byte format = in.readByte();
            if (format != FORMAT_V1) {
                throw new IllegalStateException("control journal entry has unknown format " + format);
            }
            int n = in.readInt();
            List<Write> writes = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                String sql = readString(in);
                long[] keys = new long[in.readInt()];
                for (int k = 0; k < keys.length; k++) {
                    keys[k] = in.readLong();
                }
                int count = in.readInt();
                List<Object> params = new ArrayList<>(count);
                for (int p = 0; p < count; p++) {
                    params.add(readParam(in));
                }
                writes.add(new Write(sql, params, keys));
            }
            return new StateChange(writes);
        } catch (IOException e) {
            throw new UncheckedIOException("control journal entry cannot be read", e);
        }
    }

    private static void writeParam(DataOutputStream out, Object p) throws IOException {
        switch (p) {
            case null -> out.writeByte(0);
            case String s -> {
                out.writeByte(1);
                writeString(out, s);
            }
            case Long l -> {
                out.writeByte(2);
                out.writeLong(l);
            }
            case Integer i -> {
                out.writeByte(3);
                out.writeInt(i);
            }
            case Double d -> {
                out.writeByte(4);
                out.writeDouble(d);
            }
            case Boolean b -> {
                out.writeByte(5);
                out.writeBoolean(b);
            }
            case byte[] bytes -> {
                out.writeByte(6);
                out.writeInt(bytes.length);
                out.write(bytes);
            }
            case OffsetDateTime t -> {
                out.writeByte(7);
                out.writeLong(t.toEpochSecond());
                out.writeInt(t.getNano());
                out.writeInt(t.getOffset().getTotalSeconds());
            }
            default -> throw new IllegalArgumentException("cannot keep " + p.getClass().getName());
        }
    }

    private static Object readParam(DataInputStream in) throws IOException {
        byte tag = in.readByte();
        return switch (tag) {
            case 0 -> null;
            case 1 -> readString(in);
            case 2 -> in.readLong();
            case 3 -> in.readInt();
            case 4 -> in.readDouble();
            case 5 -> in.readBoolean();
            case 6 -> in.readNBytes(in.readInt());
            case 7 -> {
                long seconds = in.readLong();
                int nanos = in.readInt();
                ZoneOffset offset = ZoneOffset.ofTotalSeconds(in.readInt());
                yield OffsetDateTime.ofInstant(Instant.ofEpochSecond(seconds, nanos), offset);
            }
            default -> throw new IllegalStateException("control journal entry has unknown parameter tag " + tag);
        };
    }

    // writeUTF stops at 64 KiB; reasons and cloud views can be longer.
    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] utf8 = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static String readString(DataInputStream in) throws IOException {
        return new String(in.readNBytes(in.readInt()), java.nio.charset.StandardCharsets.UTF_8);
    }
}
